from django.db import models


class OrgKind(models.TextChoices):
    MUNICIPAL = "municipal", "市总工会"
    DEPARTMENT = "department", "市总工会部门"
    SYSTEM = "system", "系统工会"
    GRASSROOTS = "grassroots", "基层工会"


class SystemUnionKind(models.TextChoices):
    DISTRICT = "district", "区县总工会"
    FUNCTIONAL_ZONE = "functional_zone", "市管功能区工会"
    BUREAU = "bureau", "局(委)工会"
    ENTERPRISE = "enterprise", "大企业工会"
    INDUSTRY = "industry", "产业工会"


# S§6(一): these system unions recommend studios; 产业工会 take part only in the hazard rounds (H§9).
STUDIO_SYSTEM_KINDS = (
    SystemUnionKind.DISTRICT,
    SystemUnionKind.FUNCTIONAL_ZONE,
    SystemUnionKind.BUREAU,
    SystemUnionKind.ENTERPRISE,
)
HAZARD_SYSTEM_KINDS = (*STUDIO_SYSTEM_KINDS, SystemUnionKind.INDUSTRY)


class Role(models.TextChoices):
    SYSTEM_CLERK = "system_clerk", "系统工会经办人"
    GRASSROOTS_CLERK = "grassroots_clerk", "基层工会经办人"
    REVIEWER = "reviewer", "审核人(生产保护部)"
    SECRETARY = "secretary", "党组会/主席办公会秘书"
    FINANCE = "finance", "财务"
    AUDITOR = "auditor", "经费审查"
    ADMIN = "admin", "系统管理员"
    EXPERT = "expert", "评审专家"


class FileType(models.TextChoices):
    """File types recognised by their content (SYS-FILES)."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG 图片"
    PNG = "png", "PNG 图片"
    DOCX = "docx", "Word 文档"
    XLSX = "xlsx", "Excel 表格"
    MP4 = "mp4", "MP4 视频"


DOCUMENT_TYPES = (FileType.PDF, FileType.JPEG, FileType.PNG)
IMAGE_TYPES = (FileType.JPEG, FileType.PNG)
OFFICE_TYPES = (FileType.PDF, FileType.JPEG, FileType.PNG, FileType.DOCX, FileType.XLSX)
MEDIA_TYPES = (FileType.JPEG, FileType.PNG, FileType.MP4)
