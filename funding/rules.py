"""The regulation's funding clauses as pure functions: values in, a decision with the article out."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jinan_union.articles import cite
from studios.enums import FUNDABLE_STATES, StudioStatus

from . import chart
from .enums import (
    ALLOWED_CATEGORIES,
    RECOVERY_ORDER,
    TRANSFER_ORDER,
    GrantStage,
    RecoveryStep,
    SpendingCategory,
    TransferStep,
)

REGULATION = "《济南市劳模和工匠人才创新工作室管理办法》"
S12 = cite("S§12")
S13 = cite("S§13")
S17 = cite("S§17")
S10 = cite("S§10")

# S§12: "给予5万元的资助支持，实行一次性资助、一次性发放".
GRANT_AMOUNT = Decimal("50000.00")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str = ""
    article: str = ""
    field: str = ""

    @property
    def reason(self) -> str:
        return f"{self.message}（{self.article}）" if self.article else self.message


OK = Decision(True)

# S§13: in whose books each step is posted ("system" / "grassroots"), debit account, credit account.
POSTINGS: dict[str, tuple[str, str, str]] = {
    TransferStep.MUNICIPAL_PAYS: ("municipal", chart.SPECIAL_GRANT_TO_LOWER, chart.BANK),
    TransferStep.SYSTEM_RECEIVES: ("system", chart.BANK, chart.SPECIAL_SUBSIDY),
    TransferStep.SYSTEM_PASSES_ON: ("system", chart.SPECIAL_BUSINESS_EXPENSE, chart.BANK),
    TransferStep.GRASSROOTS_RECEIVES: ("grassroots", chart.BANK, chart.CUSTODY),
}
# FUN-USE: a spending pays out of custody funds.
SPENDING_POSTING = (chart.CUSTODY, chart.BANK)

# SYS-CONFIRM: the consequence of each posting that is not a move, asked by its service (jinan_union.confirm.ask:
# the confirmation page without JavaScript) and by its button's dialog, from this one sentence.
CONFIRM = {
    "spending": "登记后该笔支出即从代管经费入账，只能以冲销凭证更正。",
    "matching": "登记后该笔配套资金即入账，只能另行登记更正，不能修改或删除。",
    "reversal": "冲销后将生成一张红字冲销凭证冲回原凭证，冲销凭证不能撤回。",
    "account": "修改后各账簿、凭证和报表即按新的科目编号和名称打印，修改记录不能删除。",
}

# FUN-FREEZE: the way back of the unspent money, each step undoing its forward step's posting in the same
# books (a refund reduces the expenditure or the income it came from, as 工会会计制度 books a 退回).
RECOVERY_POSTINGS: dict[str, tuple[str, str, str]] = {
    RecoveryStep.GRASSROOTS_RETURNS: ("grassroots", chart.CUSTODY, chart.BANK),
    RecoveryStep.SYSTEM_GETS_BACK: ("system", chart.BANK, chart.SPECIAL_BUSINESS_EXPENSE),
    RecoveryStep.SYSTEM_RETURNS: ("system", chart.SPECIAL_SUBSIDY, chart.BANK),
    RecoveryStep.MUNICIPAL_GETS_BACK: ("municipal", chart.BANK, chart.SPECIAL_GRANT_TO_LOWER),
}
# Studios whose grant is recovered: de-listed (S§17) or revoked for fraud (S§10).
RECOVERABLE_STATES = (StudioStatus.DELISTED, StudioStatus.REVOKED)
# Which steps bring the money back from where it had got to (the stage before the recovery).
RECOVERY_STEPS = {
    GrantStage.PAID_OUT: RECOVERY_ORDER[3:],
    GrantStage.AT_SYSTEM: RECOVERY_ORDER[2:],
    GrantStage.PASSED_ON: RECOVERY_ORDER[1:],
    GrantStage.RECEIVED: RECOVERY_ORDER,
}


def grant_decision(*, studio_status: str, already_granted: bool, has_grassroots_union: bool) -> Decision:
    if already_granted:
        return Decision(False, "该工作室已获得资助，资助实行一次性资助、一次性发放，不得重复资助。", S12)
    if studio_status not in FUNDABLE_STATES:
        return Decision(False, "只有市级命名的创新工作室可以获得资助。", S12)
    if not has_grassroots_union:
        return Decision(False, "工作室所在单位尚未登记基层工会，资助资金无法列入其代管经费。", S13)
    return OK


def standing(*, status: str, rectification_deadline: date | None, today: date) -> str:
    """The studio's standing as of `today` (S§17): a rectification whose deadline passed awaits the
    de-listing decision (待摘牌), whether or not the daily command has flagged it yet."""
    if status == StudioStatus.RECTIFYING and rectification_deadline and rectification_deadline < today:
        return StudioStatus.DELIST_PENDING
    return status


FROZEN_WHY = {
    StudioStatus.DELISTED: "该工作室已摘牌，资助资金已冻结",
    StudioStatus.REVOKED: "该工作室已撤销命名，资助资金已冻结并予追回",
    StudioStatus.DELIST_PENDING: "该工作室待摘牌（整改逾期或复查不达标），资助资金暂停拨付和使用",
}


def standing_decision(*, studio_status: str, refusal: str = "不再拨付资助资金") -> Decision:
    """S§12 / S§17, FUN-FREEZE: money moves only for a municipal studio in good standing (整改中 included);
    a de-listed or revoked studio's grant is frozen, and so is one awaiting the de-listing decision."""
    if studio_status not in FUNDABLE_STATES:
        why = FROZEN_WHY.get(studio_status, "该工作室未获市级命名")
        return Decision(False, f"{why}，{refusal}。", S17)
    return OK


def transfer_decision(*, step: str, done_steps: Iterable[str], studio_status: str) -> Decision:
    """A step is recorded once, after the one before it, and never for a de-listed studio."""
    done = set(done_steps)
    if not (decision := standing_decision(studio_status=studio_status)).allowed:
        return decision
    if step in done:
        return Decision(False, f"“{TransferStep(step).label}”已经记账，不得重复记账。", S12)
    index = TRANSFER_ORDER.index(step)
    if index and TRANSFER_ORDER[index - 1] not in done:
        before = TransferStep(TRANSFER_ORDER[index - 1]).label
        return Decision(False, f"请先记录“{before}”。", S13)
    return OK


def recovery_plan(
    *, stage: str, amount: Decimal, custody_balance: Decimal, returned: Decimal | None = None
) -> list[tuple[str, Decimal]]:
    """FUN-FREEZE: the steps (and their amount) that bring a frozen grant's unspent money back to the
    municipal union. `stage` is where the money had got to; `returned` what the grassroots union returned
    (once it has, its custody balance is nil and no longer says how much comes back). Spent money stays
    spent: only what is left is recovered, and a grant never paid out needs nothing."""
    steps = RECOVERY_STEPS.get(stage, ())
    if stage == GrantStage.RECEIVED:
        amount = returned if returned is not None else custody_balance
    if amount <= 0:
        return []
    return [(step, amount) for step in steps]


def recovery_decision(
    *, step: str, plan: list[tuple[str, Decimal]], done_steps: Iterable[str], studio_status: str
) -> Decision:
    """A recovery step is recorded for a de-listed or revoked studio only, once, in the plan's order."""
    if studio_status not in RECOVERABLE_STATES:
        return Decision(False, "只有已摘牌或已撤销命名的工作室，其资助资金才予追回。", S17)
    steps = [s for s, _ in plan]
    if step not in steps:
        if not steps:
            return Decision(False, "该资助没有需要追回的结余资金。", S10)
        return Decision(False, f"该资助的资金不经过“{RecoveryStep(step).label}”这一环节。", S10)
    done = set(done_steps)
    if step in done:
        return Decision(False, f"“{RecoveryStep(step).label}”已经记账，不得重复记账。", S10)
    index = steps.index(step)
    if index and steps[index - 1] not in done:
        return Decision(False, f"请先记录“{RecoveryStep(steps[index - 1]).label}”。", S10)
    return OK


def spending_decision(*, category: str, amount: Decimal, remaining: Decimal) -> Decision:
    """FUN-USE: only the five purposes of S§12, and never more than what is left."""
    if amount is None or amount <= 0:
        return Decision(False, "支出金额必须大于零。", field="amount")
    if category not in ALLOWED_CATEGORIES:
        label = SpendingCategory(category).label if category in SpendingCategory.values else category
        return Decision(
            False,
            f"资助资金不得用于“{label}”：只能用于项目研究、设备购置、培训学习、创新成果宣传推广、"
            "办公条件改善，不得用于人员接待、食宿安排和福利奖金等其他项目。",
            S12,
            field="category",
        )
    if amount > remaining:
        return Decision(False, f"支出金额 ¥{amount:,.2f} 超过资助资金余额 ¥{remaining:,.2f}。", S12, field="amount")
    return OK


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# The earliest date a date of the past may carry: older is a typing error (2204 → 2004 is caught by "today").
FLOOR = date(2000, 1, 1)


def date_decision(
    *, on: date, today: date, earliest: date | None = None, before: str = "", field: str = "on"
) -> Decision:
    """A date of the past (received, passed on, spent, reversed): not after today, not before FLOOR, and not
    before the event it follows (`earliest`, named by `before`).

    Otherwise a period's books would show money passed on or spent before it arrived, or a voucher
    number taken in a year that has not begun.
    """
    if on is None:
        return Decision(False, "请填写日期。", field=field)
    if on > today:
        return Decision(False, f"日期不能晚于今天（{_day(today)}）。", field=field)
    if on < FLOOR:
        return Decision(False, f"日期不能早于{_day(FLOOR)}。", field=field)
    if earliest is not None and on < earliest:
        return Decision(False, f"{before}（{_day(earliest)}）。", field=field)
    return OK
