from django.db import models

from jinan_union.enums import Role

# Who reads grants (FUN-AUDIT: auditors read everything in their scope) and who reads the books.
FUNDING_READERS = (Role.FINANCE, Role.AUDITOR, Role.SYSTEM_CLERK, Role.GRASSROOTS_CLERK, Role.REVIEWER)
BOOK_READERS = (Role.FINANCE, Role.AUDITOR)


class AccountType(models.TextChoices):
    ASSET = "asset", "资产类"
    LIABILITY = "liability", "负债类"
    NET_ASSETS = "net_assets", "净资产类"
    INCOME = "income", "收入类"
    EXPENDITURE = "expenditure", "支出类"


# Accounts whose balance is normally on the debit side; the others' on the credit side.
DEBIT_NORMAL = (AccountType.ASSET, AccountType.EXPENDITURE)


class TransferStep(models.TextChoices):
    """The postings of S§13, in the order the money moves: out of the municipal union's books, into and out
    of the system union's, into the grassroots union's."""

    MUNICIPAL_PAYS = "municipal_pays", "市总工会拨付系统工会"
    SYSTEM_RECEIVES = "system_receives", "系统工会收到资助资金"
    SYSTEM_PASSES_ON = "system_passes_on", "系统工会拨付基层工会"
    GRASSROOTS_RECEIVES = "grassroots_receives", "基层工会收到资助资金"


TRANSFER_ORDER = (
    TransferStep.MUNICIPAL_PAYS,
    TransferStep.SYSTEM_RECEIVES,
    TransferStep.SYSTEM_PASSES_ON,
    TransferStep.GRASSROOTS_RECEIVES,
)


class GrantStage(models.TextChoices):
    AWAITING = "awaiting", "待拨付"
    PAID_OUT = "paid_out", "市总工会已拨付"
    AT_SYSTEM = "at_system", "系统工会已收到"
    PASSED_ON = "passed_on", "已拨付基层工会"
    RECEIVED = "received", "基层工会已收到"
    RECOVERED = "recovered", "已追回"


# Stages after which no transfer is due: the money arrived, or what was left of it came back.
SETTLED_STAGES = (GrantStage.RECEIVED, GrantStage.RECOVERED)


class RecoveryStep(models.TextChoices):
    """The way back of a frozen grant's unspent money (S§10, S§17, FUN-FREEZE), in the order it moves:
    the grassroots union returns its custody balance, the system union takes it back and returns it, and the
    municipal union books it back. Which steps a grant needs depends on how far its money had gone."""

    GRASSROOTS_RETURNS = "grassroots_returns", "基层工会退回结余资金"
    SYSTEM_GETS_BACK = "system_gets_back", "系统工会收回资助资金"
    SYSTEM_RETURNS = "system_returns", "系统工会上缴市总工会"
    MUNICIPAL_GETS_BACK = "municipal_gets_back", "市总工会收回资助资金"


RECOVERY_ORDER = (
    RecoveryStep.GRASSROOTS_RETURNS,
    RecoveryStep.SYSTEM_GETS_BACK,
    RecoveryStep.SYSTEM_RETURNS,
    RecoveryStep.MUNICIPAL_GETS_BACK,
)


class SpendingCategory(models.TextChoices):
    RESEARCH = "research", "项目研究"
    EQUIPMENT = "equipment", "设备购置"
    TRAINING = "training", "培训学习"
    PROMOTION = "promotion", "创新成果宣传推广"
    OFFICE = "office", "办公条件改善"
    RECEPTION = "reception", "人员接待"
    MEALS = "meals", "食宿安排"
    WELFARE = "welfare", "福利奖金"
    OTHER = "other", "其他"


# S§12: what the grant may and may not pay for ("等其他项目": anything not listed is refused).
ALLOWED_CATEGORIES = (
    SpendingCategory.RESEARCH,
    SpendingCategory.EQUIPMENT,
    SpendingCategory.TRAINING,
    SpendingCategory.PROMOTION,
    SpendingCategory.OFFICE,
)
FORBIDDEN_CATEGORIES = (
    SpendingCategory.RECEPTION,
    SpendingCategory.MEALS,
    SpendingCategory.WELFARE,
    SpendingCategory.OTHER,
)


class FindingStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已关闭"
