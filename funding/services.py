"""Every write of this app: keyword-only, atomic, logged (SYS-AUDIT), refusing with a FundingError."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.files import attach_staged
from jinan_union.models import Organisation, User
from jinan_union.money import format_yuan, to_yuan
from studios.models import Studio

from . import rules
from .chart import seed_chart
from .enums import TRANSFER_ORDER, FindingStatus, GrantStage, SpendingCategory, TransferStep
from .models import ZERO, Account, Finding, Grant, JournalEntry, JournalLine, MatchingFund, Spending, Transfer
from .selectors import grant_custody_balance

INVOICE_KIND = "invoice"


class FundingError(Exception):
    """A refused funding action; `reason` is the Chinese message with the article, `field` the form field."""

    def __init__(self, decision_or_message, article: str = "", field: str = ""):
        if isinstance(decision_or_message, rules.Decision):
            decision = decision_or_message
        else:
            decision = rules.Decision(False, decision_or_message, article, field)
        self.decision = decision
        super().__init__(decision.reason)

    @property
    def reason(self) -> str:
        return self.decision.reason

    @property
    def field(self) -> str:
        return self.decision.field


# --- the books ------------------------------------------------------------------------------------


def ensure_chart(union: Organisation) -> dict[str, Account]:
    """The union's chart, created on first use for unions that appeared after the data migration."""
    return seed_chart(Account, union)


def _next_voucher_number(union: Organisation, year: int) -> int:
    # The union's row is the lock: two postings in one union's books take numbers one after the other.
    Organisation.objects.select_for_update().filter(pk=union.pk).first()
    last = JournalEntry.objects.filter(union=union, voucher_year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


Line = tuple[str | Account, Decimal, Decimal]  # account (or its code), debit, credit


@transaction.atomic
def post_entry(
    *,
    union: Organisation,
    on: date,
    description: str,
    lines: Sequence[Line],
    by: User,
    grant: Grant | None = None,
    cause=None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Post one balanced voucher. The only writer of journal lines (FUN-POSTING)."""
    accounts = ensure_chart(union)
    resolved = []
    for account, debit, credit in lines:
        account = accounts[account] if isinstance(account, str) else account
        if account.union_id != union.pk:
            raise FundingError("分录的科目必须属于记账工会的账簿。")
        debit, credit = to_yuan(debit or ZERO), to_yuan(credit or ZERO)
        if (debit > 0) == (credit > 0) or debit < 0 or credit < 0:
            raise FundingError("每条分录必须且只能在借方或贷方记一个正数金额。")
        resolved.append((account, debit, credit))
    debits = sum((d for _, d, _ in resolved), ZERO)
    credits = sum((c for _, _, c in resolved), ZERO)
    if len(resolved) < 2 or debits != credits or debits <= 0:
        raise FundingError(f"借贷不平衡：借方合计 {format_yuan(debits)}，贷方合计 {format_yuan(credits)}。")
    entry = JournalEntry(
        union=union,
        date=on,
        voucher_year=on.year,
        number=_next_voucher_number(union, on.year),
        description=description[:200],
        amount=debits,
        grant=grant,
        reverses=reverses,
        created_by=by,
    )
    if cause is not None:
        entry.cause_type = ContentType.objects.get_for_model(cause)
        entry.cause_id = cause.pk
    entry.save()
    for account, debit, credit in resolved:
        JournalLine(entry=entry, account=account, debit=debit, credit=credit).save(_posting=True)
    return entry


def _stage_of(done: Iterable[str]) -> str:
    done = set(done)
    stage = GrantStage.AWAITING
    for step, reached in zip(
        TRANSFER_ORDER, (GrantStage.AT_SYSTEM, GrantStage.PASSED_ON, GrantStage.RECEIVED), strict=True
    ):
        if step in done:
            stage = reached
    return stage


def _set_stage(grant: Grant, *, by: User, comment: str) -> None:
    done = grant.transfers.filter(is_reversed=False).values_list("step", flat=True)
    new = _stage_of(done)
    if new != grant.stage:
        old = grant.get_stage_display()
        grant.stage = new
        grant.save(update_fields=["stage"])
        record_change(
            grant, actor=by, action="拨付进度", from_state=old, to_state=grant.get_stage_display(), comment=comment
        )


@transaction.atomic
def reverse_entry(*, entry: JournalEntry, by: User, reason: str, on: date | None = None) -> JournalEntry:
    """Correct a mistake by a reversing entry (红字冲销) pointing to the one it reverses."""
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if not reason.strip():
        raise FundingError("请填写冲销原因。", field="reason")
    if entry.reverses_id:
        raise FundingError("冲销凭证不能再被冲销；如有错误请重新记账。")
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise FundingError(f"凭证 {entry.voucher_label} 已经冲销过。")
    on = on or timezone.localdate()
    decision = rules.date_decision(
        on=on, today=timezone.localdate(), earliest=entry.date, before="冲销日期不能早于原凭证日期"
    )
    if not decision.allowed:
        raise FundingError(decision)
    grant = Grant.objects.select_for_update().get(pk=entry.grant_id) if entry.grant_id else None
    transfer = Transfer.objects.filter(entry=entry).first()
    spending = Spending.objects.filter(entry=entry).first()
    if transfer is not None:
        active = set(grant.transfers.filter(is_reversed=False).values_list("step", flat=True))
        later = TRANSFER_ORDER[TRANSFER_ORDER.index(transfer.step) + 1 :]
        if active & set(later):
            raise FundingError("请先冲销后续环节的拨付凭证。")
        if transfer.step == TransferStep.GRASSROOTS_RECEIVES and grant_custody_balance(grant) < entry.amount:
            raise FundingError("资助资金已有支出，代管经费余额不足以冲销这笔收款；请先冲销相关支出。")
    lines = [(line.account, line.credit, line.debit) for line in entry.lines.select_related("account")]
    reversal = post_entry(
        union=entry.union,
        on=on,
        description=f"冲销{entry.voucher_label}：{reason}",
        lines=lines,
        by=by,
        grant=grant,
        cause=transfer or spending,
        reverses=entry,
    )
    if transfer is not None:
        transfer.is_reversed = True
        transfer.save(update_fields=["is_reversed"])
        _set_stage(grant, by=by, comment=f"冲销{entry.voucher_label}")
    if spending is not None:
        spending.is_reversed = True
        spending.save(update_fields=["is_reversed"])
    record_change(entry, actor=by, action="冲销凭证", to_state=reversal.voucher_label, comment=reason)
    if grant is not None:
        record_change(grant, actor=by, action="冲销凭证", comment=f"{entry.voucher_label}：{reason}")
    return reversal


# --- FUN-GRANT ------------------------------------------------------------------------------------


@transaction.atomic
def grant_create(*, studio: Studio, by: User | None) -> Grant:
    """FUN-GRANT: the one-time grant of a newly named municipal studio. A second attempt is refused."""
    # Lock the studio: two namings at the same moment queue here, and the second finds the first grant.
    studio = Studio.objects.select_for_update().select_related("work_unit").get(pk=studio.pk)
    grassroots = studio.grassroots_union
    decision = rules.grant_decision(
        studio_status=studio.status,
        already_granted=Grant.objects.filter(studio=studio).exists(),
        has_grassroots_union=grassroots is not None,
    )
    if not decision.allowed:
        raise FundingError(decision)
    try:
        with transaction.atomic():
            grant = Grant.objects.create(
                studio=studio,
                amount=rules.GRANT_AMOUNT,
                system_union_id=studio.system_union_id,
                grassroots_union=grassroots,
                created_by=by,
            )
    except IntegrityError:
        # The unique studio column is the last line: a grant slipped in between check and insert.
        raise FundingError(
            rules.grant_decision(studio_status=studio.status, already_granted=True, has_grassroots_union=True)
        ) from None
    record_change(
        grant,
        actor=by,
        action="资助立项",
        to_state=grant.get_stage_display(),
        comment=f"新命名市级创新工作室，一次性资助 {format_yuan(grant.amount)}（{rules.S12}）",
    )
    return grant


# --- FUN-POSTING ----------------------------------------------------------------------------------


def _active_transfer(grant: Grant, step: str) -> Transfer | None:
    return grant.transfers.filter(step=step, is_reversed=False).first()


def book_of(grant: Grant, step: str) -> Organisation:
    return grant.system_union if rules.POSTINGS[step][0] == "system" else grant.grassroots_union


def transfer_record(*, grant: Grant, step: str, on: date, by: User, reference: str = "") -> Transfer:
    """Finance records one step of the money's way; the entry goes to that step's union's books."""
    from studios.services import delist_overdue  # late: studios' naming service calls funding's hook

    # A studio whose rectification deadline passed is de-listed first, in its own transaction, so that
    # the de-listing stands even though the transfer below is then refused (S§17).
    delist_overdue()
    return _transfer_record(grant=grant, step=step, on=on, by=by, reference=reference)


@transaction.atomic
def _transfer_record(*, grant: Grant, step: str, on: date, by: User, reference: str) -> Transfer:
    grant = (
        Grant.objects.select_for_update().select_related("studio", "system_union", "grassroots_union").get(pk=grant.pk)
    )
    done = grant.transfers.filter(is_reversed=False).values_list("step", flat=True)
    decision = rules.transfer_decision(step=step, done_steps=done, studio_status=grant.studio.status)
    if not decision.allowed:
        raise FundingError(decision)
    index = TRANSFER_ORDER.index(step)
    previous = _active_transfer(grant, TRANSFER_ORDER[index - 1]) if index else None
    decision = rules.date_decision(
        on=on,
        today=timezone.localdate(),
        earliest=previous.date if previous else None,
        before=f"日期不能早于“{previous.get_step_display()}”的日期" if previous else "",
    )
    if not decision.allowed:
        raise FundingError(decision)
    _, debit, credit = rules.POSTINGS[step]
    label = TransferStep(step).label
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(grant=grant, step=step, date=on, reference=reference, recorded_by=by)
    except IntegrityError:
        raise FundingError(f"“{label}”已经记账，不得重复记账。", rules.S12) from None
    entry = post_entry(
        union=book_of(grant, step),
        on=on,
        description=f"{grant.studio.name}资助资金：{label}",
        lines=[(debit, grant.amount, ZERO), (credit, ZERO, grant.amount)],
        by=by,
        grant=grant,
        cause=transfer,
    )
    transfer.entry = entry
    transfer.save(update_fields=["entry"])
    record_change(
        transfer,
        actor=by,
        action="拨付记账",
        to_state=label,
        comment=f"{entry.voucher_label}（{entry.union}）{format_yuan(grant.amount)}",
    )
    _set_stage(grant, by=by, comment=f"{label}，{entry.voucher_label}（{entry.union}）")
    return transfer


# --- FUN-USE / FUN-MATCH --------------------------------------------------------------------------


@transaction.atomic
def spending_record(
    *,
    grant: Grant,
    category: str,
    on: date,
    amount: Decimal,
    payee: str,
    by: User,
    description: str = "",
    invoice_ids: Iterable = (),
) -> Spending:
    """FUN-USE: spend from the custody funds; refused for other purposes or beyond what is left."""
    grant = Grant.objects.select_for_update().select_related("studio", "grassroots_union").get(pk=grant.pk)
    amount = to_yuan(amount)
    decision = rules.spending_decision(category=category, amount=amount, remaining=grant_custody_balance(grant))
    if not decision.allowed:
        raise FundingError(decision)
    receipt = _active_transfer(grant, TransferStep.GRASSROOTS_RECEIVES)
    decision = rules.date_decision(
        on=on,
        today=timezone.localdate(),
        earliest=receipt.date if receipt else None,
        before="支出日期不能早于基层工会收到资助资金的日期",
    )
    if not decision.allowed:
        raise FundingError(decision)
    debit, credit = rules.SPENDING_POSTING
    label = SpendingCategory(category).label
    spending = Spending.objects.create(
        grant=grant,
        category=category,
        date=on,
        amount=amount,
        payee=payee,
        description=description,
        recorded_by=by,
    )
    entry = post_entry(
        union=grant.grassroots_union,
        on=on,
        description=f"{grant.studio.name}资助资金支出：{label}，{payee}",
        lines=[(debit, amount, ZERO), (credit, ZERO, amount)],
        by=by,
        grant=grant,
        cause=spending,
    )
    spending.entry = entry
    spending.save(update_fields=["entry"])
    attach_staged(invoice_ids, owner=spending, by=by)
    record_change(
        spending,
        actor=by,
        action="资金支出",
        to_state=label,
        comment=f"{format_yuan(amount)}，{payee}，{entry.voucher_label}",
    )
    record_change(grant, actor=by, action="资金支出", comment=f"{label} {format_yuan(amount)}（{payee}）")
    return spending


@transaction.atomic
def matching_record(*, grant: Grant, on: date, amount: Decimal, source: str, by: User, note: str = "") -> MatchingFund:
    """FUN-MATCH: the unit's matching funds, beside the grant and outside its balance and books."""
    amount = to_yuan(amount)
    if amount <= 0:
        raise FundingError("金额必须大于零。", field="amount")
    fund = MatchingFund.objects.create(grant=grant, date=on, amount=amount, source=source, note=note, recorded_by=by)
    record_change(grant, actor=by, action="登记配套资金", comment=f"{source} {format_yuan(amount)}")
    return fund


# --- FUN-AUDIT ------------------------------------------------------------------------------------


@transaction.atomic
def finding_raise(*, grant: Grant, text: str, by: User, spending: Spending | None = None) -> Finding:
    if spending is not None and spending.grant_id != grant.pk:
        raise FundingError("所选支出不属于该资助。", field="spending")
    finding = Finding.objects.create(grant=grant, spending=spending, text=text, raised_by=by)
    record_change(finding, actor=by, action="提出审查意见", to_state=finding.get_status_display(), comment=text)
    record_change(grant, actor=by, action="提出审查意见", comment=text)
    return finding


# status moves: (from, to) -> who answers it
FINDING_MOVES = {
    (FindingStatus.OPEN, FindingStatus.ANSWERED): "finance",
    (FindingStatus.ANSWERED, FindingStatus.CLOSED): "auditor",
    (FindingStatus.ANSWERED, FindingStatus.OPEN): "auditor",
}


@transaction.atomic
def finding_answer(*, finding: Finding, answer: str, by: User) -> Finding:
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.OPEN:
        raise FundingError("该审查意见不在待答复状态。")
    if not answer.strip():
        raise FundingError("请填写答复。", field="answer")
    old = finding.get_status_display()
    finding.answer, finding.answered_by, finding.answered_at = answer, by, timezone.now()
    finding.status = FindingStatus.ANSWERED
    finding.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    record_change(
        finding, actor=by, action="答复审查意见", from_state=old, to_state=finding.get_status_display(), comment=answer
    )
    return finding


@transaction.atomic
def finding_conclude(*, finding: Finding, accept: bool, by: User, comment: str = "") -> Finding:
    """The auditor closes an answered finding, or sends it back for a better answer."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.status != FindingStatus.ANSWERED:
        raise FundingError("只有已答复的审查意见可以关闭或退回。")
    old = finding.get_status_display()
    finding.status = FindingStatus.CLOSED if accept else FindingStatus.OPEN
    finding.save(update_fields=["status"])
    record_change(
        finding,
        actor=by,
        action="关闭审查意见" if accept else "退回答复",
        from_state=old,
        to_state=finding.get_status_display(),
        comment=comment,
    )
    return finding
