"""Every write of this app: keyword-only, atomic, logged (SYS-AUDIT), refusing with a DomainError.

Each service asks its predicate (funding/permissions.py) with require(), so no caller can skip it; the
grant's stage and a finding's status change only through move() (funding/workflows.py)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max, TextChoices
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.confirm import ask
from jinan_union.errors import DomainError
from jinan_union.files import attach_staged
from jinan_union.models import Organisation, User
from jinan_union.money import format_yuan, to_yuan
from jinan_union.permissions import require
from jinan_union.workflow import move
from studios.models import Studio

from . import permissions as can
from . import rules
from .chart import PRESCRIBED_NAMES, seed_chart
from .enums import RECOVERY_ORDER, TRANSFER_ORDER, RecoveryStep, SpendingCategory, TransferStep
from .models import (
    ZERO,
    Account,
    AccountVersion,
    Finding,
    Grant,
    JournalEntry,
    JournalLine,
    MatchingFund,
    Recovery,
    Spending,
    Transfer,
)
from .permissions import book_of
from .selectors import grant_custody_balance, recovery_plan
from .workflows import LAST_RECOVERY, lock_studio, stage_before_recovery, standing_refusal

INVOICE_KIND = "invoice"


def refuse(decision: rules.Decision) -> DomainError:
    """A refusing rule's decision as the one error type: its message, article and form field."""
    return DomainError(decision.message, article=decision.article, field=decision.field or None)


def check(decision: rules.Decision) -> None:
    if not decision.allowed:
        raise refuse(decision)


# --- the books ------------------------------------------------------------------------------------


def ensure_chart(union: Organisation) -> dict[str, Account]:
    """The union's chart, created by the first posting (a POST) in a union that appeared after the data
    migration. Never called by a page that reads: the books of a union without a chart are empty."""
    return seed_chart(Account, union)


def _next_voucher_number(union: Organisation, year: int) -> int:
    # The union's row is the lock: two postings in one union's books take numbers one after the other.
    Organisation.objects.select_for_update().filter(pk=union.pk).first()
    last = JournalEntry.objects.filter(union=union, voucher_year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


Line = tuple[str | Account, Decimal, Decimal]  # account (or its key, chart.BANK …), debit, credit


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
            raise DomainError("分录的科目必须属于记账工会的账簿。")
        debit, credit = to_yuan(debit or ZERO), to_yuan(credit or ZERO)
        if (debit > 0) == (credit > 0) or debit < 0 or credit < 0:
            raise DomainError("每条分录必须且只能在借方或贷方记一个正数金额。")
        resolved.append((account, debit, credit))
    debits = sum((d for _, d, _ in resolved), ZERO)
    credits = sum((c for _, _, c in resolved), ZERO)
    if len(resolved) < 2 or debits != credits or debits <= 0:
        raise DomainError(f"借贷不平衡：借方合计 {format_yuan(debits)}，贷方合计 {format_yuan(credits)}。")
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


@transaction.atomic
def reverse_entry(*, entry: JournalEntry, by: User, reason: str, on: date | None = None) -> JournalEntry:
    """Correct a mistake by a reversing entry (红字冲销) pointing to the one it reverses. A transfer's
    reversal takes the grant's stage back one step (move `undo_<step>`)."""
    require(can.can_reverse_entry(by, entry))
    entry = JournalEntry.objects.select_for_update().select_related("union").get(pk=entry.pk)
    if not (reason or "").strip():
        raise DomainError("请填写冲销原因。", field="reason")
    if entry.reverses_id:
        raise DomainError("冲销凭证不能再被冲销；如有错误请重新记账。")
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise DomainError(f"凭证 {entry.voucher_label} 已经冲销过。")
    on = on or timezone.localdate()
    check(
        rules.date_decision(on=on, today=timezone.localdate(), earliest=entry.date, before="冲销日期不能早于原凭证日期")
    )
    grant = Grant.objects.select_for_update().get(pk=entry.grant_id) if entry.grant_id else None
    transfer = Transfer.objects.filter(entry=entry).first()
    spending = Spending.objects.filter(entry=entry).first()
    recovery = Recovery.objects.filter(entry=entry).first()
    if recovery is not None:
        later = RECOVERY_LATER[recovery.step]
        if grant.recoveries.filter(is_reversed=False, step__in=later).exists():
            raise DomainError("请先冲销后续追回环节的凭证。")
    elif grant is not None and grant.recoveries.filter(is_reversed=False).exists():
        raise DomainError("该资助的结余资金已在追回：请先冲销追回凭证，再冲销拨付或支出凭证。")
    if transfer is not None:
        active = set(grant.transfers.filter(is_reversed=False).values_list("step", flat=True))
        later = TRANSFER_ORDER[TRANSFER_ORDER.index(transfer.step) + 1 :]
        if active & set(later):
            raise DomainError("请先冲销后续环节的拨付凭证。")
        if transfer.step == TransferStep.GRASSROOTS_RECEIVES and grant_custody_balance(grant) < entry.amount:
            raise DomainError("资助资金已有支出，代管经费余额不足以冲销这笔收款；请先冲销相关支出。")
    ask(rules.CONFIRM["reversal"], entry, "冲销凭证")
    lines = [(line.account, line.credit, line.debit) for line in entry.lines.select_related("account")]
    reversal = post_entry(
        union=entry.union,
        on=on,
        description=f"冲销{entry.voucher_label}：{reason}",
        lines=lines,
        by=by,
        grant=grant,
        cause=transfer or spending or recovery,
        reverses=entry,
    )
    record_change(entry, actor=by, action="冲销凭证", to_state=reversal.voucher_label, comment=reason)
    stage_moved = False
    if transfer is not None:
        transfer.is_reversed = True
        transfer.save(update_fields=["is_reversed"])
        move(grant, f"undo_{transfer.step}", by=by, comment=f"{entry.voucher_label}：{reason}")
        stage_moved = True
    elif spending is not None:
        spending.is_reversed = True
        spending.save(update_fields=["is_reversed"])
    elif recovery is not None:
        recovery.is_reversed = True
        recovery.save(update_fields=["is_reversed"])
        if recovery.step == LAST_RECOVERY:
            # The money is no longer back: the grant returns to where it had got to before the recovery.
            back_to = stage_before_recovery(grant)
            move(grant, f"undo_recover_{back_to}", by=by, comment=f"{entry.voucher_label}：{reason}")
            stage_moved = True
    if grant is not None and not stage_moved:
        record_change(grant, actor=by, action="冲销凭证", comment=f"{entry.voucher_label}：{reason}")
    return reversal


@transaction.atomic
def account_change(*, account: Account, by: User, code: str, name: str, reason: str) -> AccountVersion:
    """Finance of a union changes an account's code, or its name where S§13 does not prescribe it: a recorded
    new version (who, when, old → new, why); the codes stay unique in the union's chart. Every book, voucher
    and report prints the account's current code and name."""
    account = Account.objects.select_for_update(of=("self",)).select_related("union", "parent").get(pk=account.pk)
    require(can.can_keep_chart(by, account.union))
    code, name, reason = (code or "").strip(), (name or "").strip(), (reason or "").strip()
    if not reason:
        raise DomainError("请填写修改原因。", field="reason")
    if not (code.isdigit() and 3 <= len(code) <= 10):
        raise DomainError("科目编号须为3至10位数字。", field="code")
    if not name:
        raise DomainError("请填写科目名称。", field="name")
    if account.key in PRESCRIBED_NAMES and name != account.name:
        raise DomainError(f"“{account.full_name}”的科目名称由《管理办法》第十三条规定，只能修改科目编号。",
                          field="name", article=rules.S13)
    if (code, name) == (account.code, account.name):
        raise DomainError("科目编号和名称都没有变化。", field="code")
    clash = Account.objects.filter(union=account.union, code=code).exclude(pk=account.pk).first()
    if clash is not None:
        raise DomainError(f"科目编号 {code} 已是本工会“{clash.full_name}”的编号，同一工会的科目编号不能重复。",
                          field="code")
    ask(rules.CONFIRM["account"], account, "修改会计科目")
    version = AccountVersion(account=account, old_code=account.code, old_name=account.name, code=code, name=name,
                             reason=reason, changed_by=by)
    account.code, account.name = code, name
    try:
        with transaction.atomic():
            account.save(update_fields=["code", "name"])
    except IntegrityError:  # another change took the code in between: the unique constraint is the last line
        raise DomainError(f"科目编号 {code} 已被本工会的其他科目使用。", field="code") from None
    version.save()
    record_change(account, actor=by, action="修改会计科目", comment=f"{version}：{reason}")
    return version


# --- FUN-GRANT ------------------------------------------------------------------------------------


@transaction.atomic
def grant_create(*, studio: Studio, by: User | None) -> Grant:
    """FUN-GRANT: the one-time grant of a newly named municipal studio. A second attempt is refused."""
    # Lock the studio: two namings at the same moment queue here, and the second finds the first grant.
    studio = Studio.objects.select_for_update().select_related("work_unit").get(pk=studio.pk)
    grassroots = studio.grassroots_union
    check(
        rules.grant_decision(
            studio_status=studio.status,
            already_granted=Grant.objects.filter(studio=studio).exists(),
            has_grassroots_union=grassroots is not None,
        )
    )
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
        raise refuse(
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


# --- FUN-POSTING, FUN-FREEZE: a step of the money's way (forward or back) --------------------------


def _active_transfer(grant: Grant, step: str) -> Transfer | None:
    return grant.transfers.filter(step=step, is_reversed=False).first()


Reach = tuple[Decimal, date | None, str]  # the step's amount, the earliest date it may carry, and why


def _transfer_reach(grant: Grant, studio: Studio, step: str, today: date) -> Reach:
    """S§13's order, no repeat, S§17's standing; a step is not dated before the one it follows (the first not
    before the municipal naming, S§12)."""
    done = grant.transfers.filter(is_reversed=False).values_list("step", flat=True)
    status = rules.standing(status=studio.status, rectification_deadline=studio.rectification_deadline, today=today)
    check(rules.transfer_decision(step=step, done_steps=done, studio_status=status))
    index = TRANSFER_ORDER.index(step)
    previous = _active_transfer(grant, TRANSFER_ORDER[index - 1]) if index else None
    if previous is not None:
        return grant.amount, previous.date, f"日期不能早于“{previous.get_step_display()}”的日期"
    return grant.amount, studio.municipal_named_on, "日期不能早于工作室市级命名的日期"


def _recovery_reach(grant: Grant, studio: Studio, step: str, today: date) -> Reach:
    """FUN-FREEZE (S§10, S§17): the plan's order for the amount left, not before the step it follows."""
    plan = recovery_plan(grant)
    done = list(grant.recoveries.filter(is_reversed=False).order_by("recorded_at", "pk"))
    check(rules.recovery_decision(step=step, plan=plan, done_steps=[r.step for r in done], studio_status=studio.status))
    amount = dict(plan)[step]
    if done:
        return amount, done[-1].date, f"日期不能早于“{done[-1].get_step_display()}”的日期"
    last = grant.transfers.filter(is_reversed=False).order_by("-date").first()
    return (amount, last.date, "日期不能早于资助资金最后一次拨付的日期") if last else (amount, None, "")


def _transfer_done(grant: Grant, step: str, entry: JournalEntry, by: User, amount: Decimal) -> None:
    # The stage follows the voucher; the move re-checks, under the lock, who records and the studio's standing.
    move(grant, step, by=by, comment=f"{TransferStep(step).label}，{entry.voucher_label}（{entry.union}）")


def _recovery_done(grant: Grant, step: str, entry: JournalEntry, by: User, amount: Decimal) -> None:
    if step == LAST_RECOVERY:  # the municipal union books the money back: the grant is 已追回
        note = f"结余资金 {format_yuan(amount)} 已收回，{entry.voucher_label}（{entry.union}）"
        move(grant, "recover", by=by, comment=note)
    else:
        note = f"{RecoveryStep(step).label} {format_yuan(amount)}，{entry.voucher_label}"
        record_change(grant, actor=by, action="追回记账", comment=note)


@dataclass(frozen=True)
class Way:
    """One direction of the money's way: its steps and their posting table (rules.POSTINGS, the way out, or
    rules.RECOVERY_POSTINGS, the way back), the record each step leaves, who may record it, what decides it
    and what follows its voucher. `record_step` runs every step of both the same way."""

    steps: type[TextChoices]
    postings: dict[str, tuple[str, str, str]]
    model: type[Transfer] | type[Recovery]
    may: Callable[[User, Grant, str], tuple[bool, str]]
    reach: Callable[[Grant, Studio, str, date], Reach]
    done: Callable[[Grant, str, JournalEntry, User, Decimal], None]
    article: str
    action: str  # the history's name for the step's record
    heading: str  # the voucher's summary: "<studio><heading>：<step>"


TRANSFER = Way(TransferStep, rules.POSTINGS, Transfer, can.can_record_transfer, _transfer_reach, _transfer_done,
               rules.S12, "拨付记账", "资助资金")
RECOVERY = Way(RecoveryStep, rules.RECOVERY_POSTINGS, Recovery, can.can_record_recovery, _recovery_reach,
               _recovery_done, rules.S10, "追回记账", "资助资金追回")


def _post_for(record, *, union, on, description, debit, credit, amount, by) -> JournalEntry:
    """The two-line voucher of a grant's record (a transfer, a recovery, a spending), linked to it."""
    entry = post_entry(
        union=union, on=on, description=description, lines=[(debit, amount, ZERO), (credit, ZERO, amount)],
        by=by, grant=record.grant, cause=record,
    )
    record.entry = entry
    record.save(update_fields=["entry"])
    return entry


@transaction.atomic
def record_step(way: Way, *, grant: Grant, step: str, on: date, by: User, reference: str = ""):
    """Finance records one step of the money's way: lock (studio, then grant) → decide → create the step's
    record (once per step: the partial unique constraint is the last line) → post its voucher in that step's
    union's books → record the history → what follows (the grant's move)."""
    require(way.may(by, grant, step))
    studio = lock_studio(grant)
    grant = (
        Grant.objects.select_for_update().select_related("studio", "system_union", "grassroots_union").get(pk=grant.pk)
    )
    today = timezone.localdate()
    amount, earliest, before = way.reach(grant, studio, step, today)
    check(rules.date_decision(on=on, today=today, earliest=earliest, before=before))
    _, debit, credit = way.postings[step]
    label = way.steps(step).label
    fields = {"amount": amount} if way.model is Recovery else {}
    try:
        with transaction.atomic():
            record = way.model.objects.create(
                grant=grant, step=step, date=on, reference=reference, recorded_by=by, **fields
            )
    except IntegrityError:
        raise DomainError(f"“{label}”已经记账，不得重复记账。", article=way.article) from None
    description = f"{grant.studio.name}{way.heading}：{label}"
    entry = _post_for(record, union=book_of(grant, step), on=on, description=description,
                      debit=debit, credit=credit, amount=amount, by=by)
    record_change(
        record, actor=by, action=way.action, to_state=label,
        comment=f"{entry.voucher_label}（{entry.union}）{format_yuan(amount)}",
    )
    way.done(grant, step, entry, by, amount)
    return record


def transfer_record(*, grant: Grant, step: str, on: date, by: User, reference: str = "") -> Transfer:
    """Finance records one step of the money's way (S§13); the entry goes to that step's union's books."""
    return record_step(TRANSFER, grant=grant, step=step, on=on, by=by, reference=reference)


def recovery_record(*, grant: Grant, step: str, on: date, by: User, reference: str = "") -> Recovery:
    """FUN-FREEZE (S§10, S§17): finance records one step of the unspent money's way back; each step posts a
    voucher in its union's books that undoes the forward step's posting for the amount left, so every
    union's books still balance. The last step (the municipal union books the money back) moves the
    grant to 已追回."""
    return record_step(RECOVERY, grant=grant, step=step, on=on, by=by, reference=reference)


# --- FUN-USE / FUN-MATCH --------------------------------------------------------------------------


def spending_record(
    *,
    grant: Grant,
    category: str,
    on: date,
    amount: Decimal,
    payee: str,
    by: User,
    description: str = "",
    invoice_ids=(),
) -> Spending:
    """FUN-USE: spend from the custody funds; refused for other purposes, beyond what is left, or once the
    studio is de-listed (S§17)."""
    require(can.can_record_spending(by, grant))
    return _spending_record(
        grant=grant,
        category=category,
        on=on,
        amount=amount,
        payee=payee,
        by=by,
        description=description,
        invoice_ids=invoice_ids,
    )


@transaction.atomic
def _spending_record(*, grant, category, on, amount, payee, by, description, invoice_ids) -> Spending:
    studio = lock_studio(grant)
    grant = Grant.objects.select_for_update().select_related("studio", "grassroots_union").get(pk=grant.pk)
    problem = standing_refusal(studio, "资助资金不得再支出")
    if problem is not None:
        raise problem
    amount = to_yuan(amount)
    check(rules.spending_decision(category=category, amount=amount, remaining=grant_custody_balance(grant)))
    receipt = _active_transfer(grant, TransferStep.GRASSROOTS_RECEIVES)
    check(
        rules.date_decision(
            on=on,
            today=timezone.localdate(),
            earliest=receipt.date if receipt else None,
            before="支出日期不能早于基层工会收到资助资金的日期",
        )
    )
    debit, credit = rules.SPENDING_POSTING
    label = SpendingCategory(category).label
    ask(rules.CONFIRM["spending"], grant, "登记支出")
    spending = Spending.objects.create(
        grant=grant,
        category=category,
        date=on,
        amount=amount,
        payee=payee,
        description=description,
        recorded_by=by,
    )
    entry = _post_for(spending, union=grant.grassroots_union, on=on,
                      description=f"{grant.studio.name}资助资金支出：{label}，{payee}",
                      debit=debit, credit=credit, amount=amount, by=by)
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


# --- FUN-FREEZE: the recovery of a frozen grant's unspent money ------------------------------------

RECOVERY_LATER = {step: RECOVERY_ORDER[i + 1 :] for i, step in enumerate(RECOVERY_ORDER)}


@transaction.atomic
def matching_record(*, grant: Grant, on: date, amount: Decimal, source: str, by: User, note: str = "") -> MatchingFund:
    """FUN-MATCH: the unit's matching funds, beside the grant and outside its balance and books."""
    require(can.can_record_matching(by, grant))
    amount = to_yuan(amount)
    if amount <= 0:
        raise DomainError("金额必须大于零。", field="amount")
    check(rules.date_decision(on=on, today=timezone.localdate()))
    ask(rules.CONFIRM["matching"], grant, "登记配套资金")
    fund = MatchingFund.objects.create(grant=grant, date=on, amount=amount, source=source, note=note, recorded_by=by)
    record_change(grant, actor=by, action="登记配套资金", comment=f"{source} {format_yuan(amount)}")
    return fund


# --- FUN-AUDIT ------------------------------------------------------------------------------------


@transaction.atomic
def finding_raise(*, grant: Grant, text: str, by: User, spending: Spending | None = None) -> Finding:
    require(can.can_raise_finding(by, grant))
    if not (text or "").strip():
        raise DomainError("请填写审查意见。", field="text")
    if spending is not None and spending.grant_id != grant.pk:
        raise DomainError("所选支出不属于该资助。", field="spending")
    finding = Finding.objects.create(grant=grant, spending=spending, text=text, raised_by=by)
    record_change(finding, actor=by, action="提出审查意见", to_state=finding.get_status_display(), comment=text)
    record_change(grant, actor=by, action="提出审查意见", comment=text)
    return finding


def finding_answer(*, finding: Finding, answer: str, by: User) -> Finding:
    """Finance answers an open finding (move `answer`, which refuses an empty answer beside the field)."""
    return move(finding, "answer", by=by, comment=answer, answer=answer, answered_by=by, answered_at=timezone.now())


def finding_conclude(*, finding: Finding, accept: bool, by: User, comment: str = "") -> Finding:
    """The auditor closes an answered finding, or sends it back for a better answer."""
    return move(finding, "close" if accept else "send_back", by=by, comment=comment)
