from django.db import models


class StudioStatus(models.TextChoices):
    """Where a studio stands. A studio is registered by its system union once named at that level."""

    SYSTEM_NAMED = "system_named", "系统工会命名"
    MUNICIPAL_NAMED = "municipal_named", "市级命名"
    RECTIFYING = "rectifying", "整改中"
    DELIST_PENDING = "delist_pending", "待摘牌"
    DELISTED = "delisted", "已摘牌"
    REVOKED = "revoked", "已撤销命名"


# Municipal-level studios that may still receive funds (S§17: a de-listed studio receives none).
FUNDABLE_STATES = (StudioStatus.MUNICIPAL_NAMED, StudioStatus.RECTIFYING)
# Studios that a spot check (S§17) may look at.
MUNICIPAL_STATES = (StudioStatus.MUNICIPAL_NAMED, StudioStatus.RECTIFYING)


class StudioCategory(models.TextChoices):
    TECH = "tech", "技术创新型"
    SERVICE = "service", "服务创新型"
    MANAGEMENT = "management", "管理创新型"


class ApplicationState(models.TextChoices):
    """STU-FLOW (S§5, S§11). The moves between them are the table in workflows.py."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交·生产保护部审核中"
    RETURNED = "returned", "退回修改"
    INSPECTED = "inspected", "已考察"
    RECOMMENDED = "recommended", "已推荐"
    APPROVED = "approved", "会议审定通过"
    NAMED = "named", "已命名"
    REJECTED = "rejected", "未通过"
    DISQUALIFIED = "disqualified", "取消资格（通报批评）"


EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)
REVIEW_STATES = (ApplicationState.SUBMITTED, ApplicationState.INSPECTED, ApplicationState.RECOMMENDED)
CLOSED_STATES = (ApplicationState.NAMED, ApplicationState.REJECTED, ApplicationState.DISQUALIFIED)
# Applications that hold one of the year's ten places (STU-QUOTA).
QUOTA_STATES = (ApplicationState.APPROVED, ApplicationState.NAMED)


class Level(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区县级"
    ENTERPRISE = "enterprise", "企业级"


MUNICIPAL_OR_HIGHER = (Level.NATIONAL, Level.PROVINCIAL, Level.MUNICIPAL)


class LeaderQualification(models.TextChoices):
    """S§6(二): who may lead (领衔) a studio."""

    MODEL_WORKER = "model_worker", "劳动模范"
    MAY_DAY_MEDAL = "may_day_medal", "五一劳动奖章获得者"
    JINAN_CRAFTSMAN = "jinan_craftsman", "济南工匠"
    SKILLED_WORKER = "skilled_worker", "具有职业技能等级的一线职工"
    OTHER = "other", "其他"


class SkillLevel(models.TextChoices):
    NONE = "", "无"
    JUNIOR = "junior", "初级工（五级）"
    INTERMEDIATE = "intermediate", "中级工（四级）"
    SENIOR = "senior", "高级工（三级）"
    TECHNICIAN = "technician", "技师（二级）"
    SENIOR_TECHNICIAN = "senior_technician", "高级技师（一级）"


SENIOR_OR_HIGHER = (SkillLevel.SENIOR, SkillLevel.TECHNICIAN, SkillLevel.SENIOR_TECHNICIAN)


class HonourKind(models.TextChoices):
    """Awards, patents and titles that the date- and level-based category conditions look at."""

    SCI_TECH_AWARD = "sci_tech_award", "科学技术奖"
    TECH_INNOVATION_AWARD = "tech_innovation_award", "技术创新成果奖（含职工优秀技术创新成果奖）"
    INVENTION_PATENT = "invention_patent", "国家发明专利"
    SERVICE_BRAND = "service_brand", "服务名牌、品牌称号"
    MGMT_RESULT = "mgmt_result", "管理成果认定或奖励"
    OTHER = "other", "其他荣誉"


# Kinds whose name already says their level ("国家发明专利"): shown without the level in front.
LEVEL_IN_KIND = (HonourKind.INVENTION_PATENT,)


class MaterialKind(models.TextChoices):
    """STU-MATERIALS (S§10). (一)–(六) are required to submit."""

    FORM = "m1_form", "（一）创新工作室申报表（签章扫描件）"
    ESTABLISHMENT = "m2_establishment", "（二）成立时的证明（文件）材料"
    RULES = "m3_rules", "（三）工作制度、工作计划、管理办法"
    HONOURS = "m4_honours", "（四）主要成员荣誉称号、职业资格和技术等级证书"
    RESULTS = "m5_results", "（五）创新成果获奖证书、专利证书、技术鉴定证书"
    BENEFITS = "m6_benefits", "（六）成果转化证明、现场实物图片、效益证明"
    OTHER = "m7_other", "（七）其他材料"


REQUIRED_MATERIALS = tuple(k for k in MaterialKind if k != MaterialKind.OTHER)
MATERIAL_ARTICLE = {
    MaterialKind.FORM: "S§10(一)", MaterialKind.ESTABLISHMENT: "S§10(二)", MaterialKind.RULES: "S§10(三)",
    MaterialKind.HONOURS: "S§10(四)", MaterialKind.RESULTS: "S§10(五)", MaterialKind.BENEFITS: "S§10(六)",
    MaterialKind.OTHER: "S§10(七)",
}

# Attachment kinds other than the materials.
LEADER_EVIDENCE = "leader_evidence"
INSPECTION_PHOTO = "inspection_photo"
LEDGER_FILE = "ledger_file"
SPOTCHECK_FILE = "spotcheck_file"


class BasicCondition(models.TextChoices):
    """STU-BASIC (S§4): 六有."""

    VENUE = "venue", "有场所"
    RULES = "rules", "有制度"
    TEAM = "team", "有团队"
    ACTIVITIES = "activities", "有活动"
    FUNDS = "funds", "有经费"
    RESULTS = "results", "有成果"


BASIC_ARTICLE = {
    BasicCondition.VENUE: "S§4(一)", BasicCondition.RULES: "S§4(二)", BasicCondition.TEAM: "S§4(三)",
    BasicCondition.ACTIVITIES: "S§4(四)", BasicCondition.FUNDS: "S§4(五)", BasicCondition.RESULTS: "S§4(六)",
}

# Narrative category conditions (STU-TECH/SERVICE/MGMT) the reviewer marks: code -> (article, text).
CATEGORY_CHECKLIST = {
    StudioCategory.TECH: [
        ("tech_2", "S§7(二)", "相关创新成果已产生良好经济效益或社会效益"),
        ("tech_3", "S§7(三)", "至少有1项创新成果已推广应用"),
        ("tech_4", "S§7(四)", "在提高职工职业技能和技术创新能力、培养业务骨干等方面取得显著成绩"),
    ],
    StudioCategory.SERVICE: [
        ("service_1", "S§8(一)", "有科学的服务理念和文化，有“互联网+”服务手段"),
        ("service_2", "S§8(二)", "建立了有效的服务质量管理体系和服务规范"),
        ("service_3", "S§8(三)", "有个性鲜明的服务名称或形象标识"),
        ("service_4", "S§8(四)", "服务质量在市内外同行业处于领先水平"),
        ("service_5", "S§8(五)", "服务得到服务对象的普遍认可"),
    ],
    StudioCategory.MANAGEMENT: [
        ("mgmt_1", "S§9(一)", "管理工作突破传统，解决重大问题或热点难点问题"),
        ("mgmt_2", "S§9(二)", "有完善的管理创新体系和考核评价机制"),
        ("mgmt_3", "S§9(三)", "改革创新思路得到省、市主管部门或国家部委肯定并推广"),
    ],
}


def checklist_items(category: str) -> list[tuple[str, str, str]]:
    """All items a reviewer marks for an application of this category: the 六有 then the narrative ones."""
    basics = [(f"basic_{c.value}", BASIC_ARTICLE[c], c.label) for c in BasicCondition]
    return basics + list(CATEGORY_CHECKLIST.get(category, []))


class DecisionKind(models.TextChoices):
    """STU-SPOTCHECK / STU-REVOKE (S§10, S§17): the municipal union's decision on a studio's title: it ends it
    (摘牌, 撤销命名), or the meeting keeps a studio awaiting de-listing named (保留, docs/decisions/studios.md)."""

    DELIST = "delist", "摘牌"
    REVOKE = "revoke", "撤销命名"
    KEEP = "keep", "保留"


# The decisions that end the title: at most one per studio. A 保留 may be decided each time a studio is 待摘牌.
ENDING_KINDS = (DecisionKind.DELIST, DecisionKind.REVOKE)


class DecisionReason(models.TextChoices):
    FAILED_RECHECK = "failed_recheck", "整改复查不达标"
    OVERDUE = "overdue", "整改逾期未复查"
    FRAUD = "fraud", "弄虚作假"


# Why a studio awaits de-listing (待摘牌), and so what a 保留 decision answers.
KEEP_REASONS = (DecisionReason.FAILED_RECHECK, DecisionReason.OVERDUE)


# A studio a 摘牌/撤销命名 decision may still concern.
DECIDABLE_STATES = (StudioStatus.MUNICIPAL_NAMED, StudioStatus.RECTIFYING, StudioStatus.DELIST_PENDING)
# A studio whose title a decision ended: its grant is frozen (FUN-FREEZE).
ENDED_STATES = (StudioStatus.DELISTED, StudioStatus.REVOKED)


class MeetingType(models.TextChoices):
    PARTY_GROUP = "party_group", "党组会"
    CHAIRMAN_OFFICE = "chairman_office", "主席办公会"


class LedgerKind(models.TextChoices):
    """STU-LEDGER (S§16)."""

    STUDY = "study", "活动·学习交流"
    TACKLING = "tackling", "活动·技术攻关"
    MENTORING = "mentoring", "活动·师徒结对/名师带高徒"
    TRAINING = "training", "活动·技能培训"
    PROMOTION = "promotion", "活动·成果推广"
    PROJECT = "project", "创新课题/攻关项目"
    RESULT = "result", "创新成果"


class AssessmentConclusion(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# STU-SCORE (S§11): the published scoring criteria and their maximum points (docs/decisions.md), 100 in all.
# (field of ExpertScore, label, maximum, what the expert weighs)
SCORE_CRITERIA = (
    ("basics", "基本条件（六有）", 30, "有场所、有制度、有团队、有活动、有经费、有成果（《管理办法》第四条）"),
    ("category", "类别条件", 30, "技术/服务/管理创新型的条件（《管理办法》第七条至第九条）"),
    ("results", "创新成果及效益", 25, "成果数量、质量和经济社会效益"),
    ("promotion", "成果推广与示范带动", 15, "成果推广应用、师带徒和示范引领作用"),
)


class ShowcaseState(models.TextChoices):
    """STU-PUBLIC (S§20, S§22): the studio's union proposes what is shown to the public, the reviewer approves."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已公开"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已撤下"
