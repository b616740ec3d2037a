"""States and kinds of the hazard reward workflow (H§3–H§10)."""

from django.db import models

from jinan_union.enums import Role


class FinderKind(models.TextChoices):
    INDIVIDUAL = "individual", "个人"
    COLLECTIVE = "collective", "集体"


class Rectification(models.TextChoices):
    RECTIFIED = "rectified", "整改完成"
    MEASURES = "measures", "采取防范措施"


class Grade(models.IntegerChoices):
    ONE = 1, "一级"
    TWO = 2, "二级"
    THREE = 3, "三级"
    FOUR = 4, "四级"


class FundSource(models.TextChoices):
    """HAZ-SCHEME (H§11): where a union's reward fund comes from."""

    UNION_FUNDS = "union_funds", "本级工会专项经费列支"
    GOVERNMENT = "government", "同级政府（行政）专项资金"


class Verifier(models.TextChoices):
    """HAZ-SCHEME: who verifies (核实) the reports of a union's own scheme."""

    OWN = "own", "本级工会审核人"
    MUNICIPAL = "municipal", "市总工会生产保护部审核人"


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    READY = "ready", "待申报"
    SUBMITTED = "submitted", "已报送"
    VERIFIED = "verified", "已核实"
    REJECTED = "rejected", "未通过"
    PAID = "paid", "已发放"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"


class RoundState(models.TextChoices):
    OPEN = "open", "受理中"
    PAID = "paid", "已结算发放"


class PaymentState(models.TextChoices):
    ISSUED = "issued", "已发出"
    PAID = "paid", "已到账"
    FAILED = "failed", "发放失败"
    REISSUED = "reissued", "已重新发放"


# Payments that count as paying the person (one at most per payee and round: never paid twice).
LIVE_PAYMENTS = (PaymentState.ISSUED, PaymentState.PAID)


class GroupState(models.TextChoices):
    MERGED = "merged", "已合并"
    DISSOLVED = "dissolved", "已撤销"


# The kinds of a report's attachments (SYS-FILES): photos or videos of the hazard, the expert-signed scan (H§6).
PHOTO = "photo"
EXPERT_SCAN = "expert_scan"

# Reports the clerk may still change.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.READY)
# Reports the reviewer still has to verify.
AWAITING_VERIFICATION = (ReportState.SUBMITTED,)
# Reports that took part in a round (for HAZ-FIRST across years).
IN_ROUND_STATES = (ReportState.SUBMITTED, ReportState.VERIFIED, ReportState.PAID)

# Who reads the hazard pages (and exports them); each sees only what SYS-SCOPE allows.
READERS = (Role.SYSTEM_CLERK, Role.REVIEWER, Role.FINANCE, Role.AUDITOR)
