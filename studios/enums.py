from django.db import models


class StudioStatus(models.TextChoices):
    """Where a studio stands. A studio is registered by its system union once named at that level."""

    SYSTEM_NAMED = "system_named", "系统工会命名"
    MUNICIPAL_NAMED = "municipal_named", "市级命名"
    RECTIFYING = "rectifying", "整改中"
    DELISTED = "delisted", "已摘牌"


# Municipal-level studios that may still receive funds (S§17: a de-listed studio receives none).
FUNDABLE_STATES = (StudioStatus.MUNICIPAL_NAMED, StudioStatus.RECTIFYING)


class StudioCategory(models.TextChoices):
    TECH = "tech", "技术创新型"
    SERVICE = "service", "服务创新型"
    MANAGEMENT = "management", "管理创新型"
