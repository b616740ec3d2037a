from django.db import models

from jinan_union.enums import Role


class ImportKind(models.TextChoices):
    """What can be brought in from the years on paper (SYS-IMPORT)."""

    STUDIOS = "studios", "往年命名的创新工作室"
    REWARDS = "rewards", "往年已发放的隐患奖励"
    BALANCES = "balances", "工会账簿期初余额"
    MEMBERS = "members", "创新工作室成员"
    HONOURS = "honours", "创新工作室荣誉和专利"
    ENDED = "ended", "往年摘牌或撤销命名的创新工作室"


class BatchState(models.TextChoices):
    PENDING = "pending", "试导入通过·待确认"
    IMPORTED = "imported", "已导入"
    UNDONE = "undone", "已撤销导入"
    CANCELLED = "cancelled", "已放弃"


# The municipal role that owns each kind of record (a system union's clerk imports its own studios too).
MUNICIPAL_IMPORTERS = {
    ImportKind.STUDIOS: Role.REVIEWER,
    ImportKind.REWARDS: Role.REVIEWER,
    ImportKind.BALANCES: Role.FINANCE,
    ImportKind.MEMBERS: Role.REVIEWER,
    ImportKind.HONOURS: Role.REVIEWER,
    ImportKind.ENDED: Role.REVIEWER,
}
# The kinds a system union's clerk imports too, for its own union's studios.
SYSTEM_CLERK_KINDS = (ImportKind.STUDIOS, ImportKind.MEMBERS, ImportKind.HONOURS)
IMPORTER_ROLES = (Role.REVIEWER, Role.FINANCE, Role.SYSTEM_CLERK)

# The stored workbook's attachment kind.
FILE_KIND = "import_workbook"
# A workbook of more rows is refused before it is checked.
MAX_ROWS = 5000
