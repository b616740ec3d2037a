"""Every read of this app; every list narrows through jinan_union.scope (SYS-SCOPE)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum

from jinan_union.models import Attachment, Organisation, User
from jinan_union.scope import get_visible_or_404, org_filter, scope_by_org, sees_everything

from . import chart, rules
from .enums import FUNDING_READERS, GrantStage, RecoveryStep, SpendingCategory
from .models import (
    ZERO,
    Account,
    AccountVersion,
    Finding,
    Grant,
    JournalEntry,
    JournalLine,
    Recovery,
    Spending,
    Transfer,
)


def grants_visible_to(user: User) -> QuerySet[Grant]:
    # The grassroots union lies under the system union, so its subtree test covers both.
    return scope_by_org(Grant.objects.all(), user, "grassroots_union").select_related(
        "studio", "system_union", "grassroots_union"
    )


def spendings_visible_to(user: User) -> QuerySet[Spending]:
    """Used by the pages, the payment document and the invoice download alike (SYS-SCOPE, SYS-FILES)."""
    if not user.has_role(*FUNDING_READERS):
        return Spending.objects.none()
    return scope_by_org(Spending.objects.all(), user, "grant__grassroots_union")


def transfers_visible_to(user: User) -> QuerySet[Transfer]:
    if not user.has_role(*FUNDING_READERS):
        return Transfer.objects.none()
    return scope_by_org(Transfer.objects.all(), user, "grant__grassroots_union")


def with_invoices(spendings) -> list[Spending]:
    """The spendings, each with `.invoices`: its current invoice scans, fetched in one query for all."""
    spendings = list(spendings)
    by_spending: dict[int, list[Attachment]] = defaultdict(list)
    if spendings:
        files = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Spending),
            object_id__in=[s.pk for s in spendings],
            replaced=False,
        ).select_related("uploaded_by")
        for file in files:
            by_spending[file.object_id].append(file)
    for spending in spendings:
        spending.invoices = by_spending[spending.pk]
    return spendings


def findings_visible_to(user: User) -> QuerySet[Finding]:
    return scope_by_org(Finding.objects.all(), user, "grant__grassroots_union").select_related(
        "grant__studio", "grant__system_union", "spending", "raised_by", "answered_by"
    )


def entries_visible_to(user: User) -> QuerySet[JournalEntry]:
    return scope_by_org(JournalEntry.objects.all(), user, "union").select_related(
        "union", "created_by", "reverses", "reversed_by"
    )


def book_unions_visible_to(user: User) -> QuerySet[Organisation]:
    """Unions whose books (a chart of accounts) the user may read."""
    unions = Organisation.objects.filter(kind__in=chart.BOOKKEEPING_KINDS).order_by("path")
    if sees_everything(user):
        return unions
    # Its own books and those of the unions below it (a system union's grassroots unions).
    return unions.filter(Q(pk=user.organisation_id) | org_filter(user, "parent"))


def book_union_or_404(user: User, pk: int) -> Organisation:
    return get_visible_or_404(book_unions_visible_to(user), pk=pk)


def grant_or_404(user: User, pk: int) -> Grant:
    # The municipal union above the system union keeps the first and last books of the grant's way (S§13).
    return get_visible_or_404(grants_visible_to(user).select_related("system_union__parent"), pk=pk)


# --- balances -------------------------------------------------------------------------------------


def grant_custody_balance(grant: Grant) -> Decimal:
    """What is left of the grant at the grassroots union: its 代管经费 credits less debits."""
    totals = JournalLine.objects.filter(
        entry__grant=grant, account__union_id=grant.grassroots_union_id, account__key=chart.CUSTODY
    ).aggregate(debit=Sum("debit"), credit=Sum("credit"))
    return (totals["credit"] or ZERO) - (totals["debit"] or ZERO)


def recovery_plan(
    grant: Grant, *, recoveries: list[Recovery] | None = None, transfers: list[Transfer] | None = None,
    custody: Decimal | None = None,
) -> list[tuple[str, Decimal]]:
    """FUN-FREEZE: the steps (with their amounts) that bring this grant's unspent money back, done or not. A page
    that already read the grant's recoveries, transfers and custody balance passes them."""
    from .workflows import stage_reached

    recoveries = list(grant.recoveries.all()) if recoveries is None else recoveries
    transfers = list(grant.transfers.all()) if transfers is None else transfers
    given_back = next(
        (r for r in recoveries if r.step == RecoveryStep.GRASSROOTS_RETURNS and not r.is_reversed), None
    )
    return rules.recovery_plan(
        stage=stage_reached(transfers),
        amount=grant.amount,
        custody_balance=grant_custody_balance(grant) if custody is None else custody,
        returned=given_back.amount if given_back else None,
    )


def next_recovery(grant: Grant) -> tuple[str, Decimal] | None:
    """FUN-FREEZE: the next step (with its amount) of a frozen grant's way back not yet recorded, if any."""
    recoveries = list(grant.recoveries.all())
    done = {r.step for r in recoveries if not r.is_reversed}
    plan = recovery_plan(grant, recoveries=recoveries)
    return next(((step, amount) for step, amount in plan if step not in done), None)


def custody_balance(union: Organisation) -> Decimal:
    totals = JournalLine.objects.filter(account__union=union, account__key=chart.CUSTODY).aggregate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    return (totals["credit"] or ZERO) - (totals["debit"] or ZERO)


# Until the grassroots union books the money, "received ¥0.00" alone reads as "no money": say where it is.
WHEREABOUTS = {
    GrantStage.AWAITING: "尚未拨付：市总工会尚未拨付资助资金",
    GrantStage.PAID_OUT: "资金在途：市总工会已拨付，系统工会尚未入账",
    GrantStage.AT_SYSTEM: "资金在途：系统工会已收到，尚未拨付基层工会",
    GrantStage.PASSED_ON: "资金在途：系统工会已拨付，基层工会尚未入账",
    GrantStage.RECOVERED: "已追回：结余资金已退回市总工会",
}


@dataclass
class FundStatement:
    """FUN-AUDIT: a studio's grant as its page shows it: received, spent by category, remaining."""

    grant: Grant
    received: Decimal
    spent_by_category: list[tuple[str, Decimal]]
    spent: Decimal
    remaining: Decimal
    matching: Decimal
    returned: Decimal = ZERO  # FUN-FREEZE: what the grassroots union gave back of a frozen grant

    @property
    def whereabouts(self) -> str:
        """Where the money is while the grassroots union has not yet received it; empty once it has."""
        return WHEREABOUTS.get(self.grant.stage, "")


def fund_statement(
    grant: Grant,
    *,
    spendings: list[Spending] | None = None,
    recoveries: list[Recovery] | None = None,
    matching: list | None = None,
    custody: Decimal | None = None,
) -> FundStatement:
    """The statement from the grant's own records. A page that already shows them passes its lists (and the
    custody balance), so the statement costs no query of its own; otherwise they are read here."""
    spendings = list(grant.spendings.all()) if spendings is None else spendings
    recoveries = list(grant.recoveries.all()) if recoveries is None else recoveries
    matching = list(grant.matching_funds.all()) if matching is None else matching
    per_category: dict[str, Decimal] = {}
    for spending in spendings:
        if not spending.is_reversed:
            per_category[spending.category] = per_category.get(spending.category, ZERO) + spending.amount
    spent_by_category = [
        (label, per_category[value]) for value, label in SpendingCategory.choices if value in per_category
    ]
    spent = sum(per_category.values(), ZERO)
    remaining = grant_custody_balance(grant) if custody is None else custody
    returned = sum(
        (r.amount for r in recoveries if r.step == RecoveryStep.GRASSROOTS_RETURNS and not r.is_reversed), ZERO
    )
    received = remaining + spent + returned  # custody credits net of reversals, whatever was spent or returned
    return FundStatement(grant, received, spent_by_category, spent, remaining, sum((m.amount for m in matching), ZERO),
                         returned)


@dataclass(frozen=True)
class FundTotals:
    received: Decimal = ZERO
    spent: Decimal = ZERO
    remaining: Decimal = ZERO


def with_totals(grants) -> list[Grant]:
    """The grants, each with `.totals` (received, spent, remaining, as on its fund statement), in three queries."""
    grants = list(grants)
    ids = [g.pk for g in grants]
    custody = dict(
        JournalLine.objects.filter(
            entry__grant__in=ids,
            account__key=chart.CUSTODY,
            account__union=F("entry__grant__grassroots_union"),
        )
        .values_list("entry__grant")
        .annotate(net=Sum("credit") - Sum("debit"))
    )
    spent = dict(
        Spending.objects.filter(grant__in=ids, is_reversed=False).values_list("grant").annotate(total=Sum("amount"))
    )
    given_back = dict(
        Recovery.objects.filter(grant__in=ids, step=RecoveryStep.GRASSROOTS_RETURNS, is_reversed=False)
        .values_list("grant")
        .annotate(total=Sum("amount"))
    )
    for grant in grants:
        remaining, used = custody.get(grant.pk, ZERO), spent.get(grant.pk, ZERO)
        grant.totals = FundTotals(remaining + used + given_back.get(grant.pk, ZERO), used, remaining)
    return grants


def totals_by(grants: list[Grant], key) -> list[tuple[str, FundTotals]]:
    """Sum grants' totals (from `with_totals`) per key(grant), e.g. per system union, in first-seen order."""
    sums: dict[str, FundTotals] = {}
    for grant in grants:
        label, t = key(grant), grant.totals
        s = sums.get(label, FundTotals())
        sums[label] = FundTotals(s.received + t.received, s.spent + t.spent, s.remaining + t.remaining)
    return list(sums.items())


# --- books ----------------------------------------------------------------------------------------


def _period(qs: QuerySet, prefix: str, date_from: date | None, date_to: date | None) -> QuerySet:
    if date_from:
        qs = qs.filter(**{f"{prefix}date__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{prefix}date__lte": date_to})
    return qs


def journal(union: Organisation, date_from: date | None = None, date_to: date | None = None) -> QuerySet[JournalEntry]:
    lines = JournalLine.objects.select_related("account__parent").order_by("pk")
    return (
        _period(JournalEntry.objects.filter(union=union), "", date_from, date_to)
        .select_related("created_by", "reverses", "reversed_by")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("date", "voucher_year", "number")
    )


def accounts_visible_to(user: User) -> QuerySet[Account]:
    """The accounts of the books the user may read (SYS-SCOPE, as the books themselves)."""
    return Account.objects.filter(union__in=book_unions_visible_to(user))


def chart_versions(union: Organisation) -> QuerySet[AccountVersion]:
    return AccountVersion.objects.filter(account__union=union).select_related("account", "changed_by")


def accounts_of(union: Organisation) -> QuerySet[Account]:
    return (
        Account.objects.filter(union=union)
        .select_related("parent")
        .annotate(n_children=Count("children"))
        .order_by("code")
    )


@dataclass
class LedgerRow:
    date: date
    voucher: str
    description: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    entry_id: int


@dataclass
class Ledger:
    account: Account
    opening: Decimal
    rows: list[LedgerRow] = field(default_factory=list)
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    closing: Decimal = ZERO


def _signed(account: Account, debit: Decimal, credit: Decimal) -> Decimal:
    return debit - credit if account.debit_normal else credit - debit


def _account_lines(account: Account) -> QuerySet[JournalLine]:
    # A parent account's ledger sums its sub-accounts (明细科目).
    return JournalLine.objects.filter(Q(account=account) | Q(account__parent=account))


def general_ledger(account: Account, date_from: date | None = None, date_to: date | None = None) -> Ledger:
    return general_ledgers([account], date_from, date_to)[0]


def general_ledgers(accounts, date_from: date | None = None, date_to: date | None = None) -> list[Ledger]:
    """The ledgers of several accounts (of one union) in three queries whatever their number: their sub-accounts,
    the opening balances in one aggregate grouped by account, the period's lines of all of them in one query. A
    parent account's ledger sums its sub-accounts (明细科目)."""
    accounts = list(accounts)
    ids = [a.pk for a in accounts]
    ledger_of = {a.pk: Ledger(account=a, opening=ZERO) for a in accounts}
    # Each account's ledger: its own, or its parent's for a sub-account. As a list of ids, so that the lines are
    # found on their account's index (an OR over the joined account's parent read all 200,000 lines: issue 10).
    ledger_id_of = {pk: pk for pk in ids}
    if ids:
        ledger_id_of.update(Account.objects.filter(parent__in=ids).exclude(pk__in=ids).order_by().values_list(
            "pk", "parent_id"))
    # The union's own entries too (journal_union_date_idx): a period's bound then reads that union's entries only.
    lines = JournalLine.objects.filter(account__in=sorted(ledger_id_of),
                                       entry__union__in=sorted({a.union_id for a in accounts}))
    if date_from and ids:
        sums: dict[int, list[Decimal]] = {}
        for account_id, d, c in lines.filter(entry__date__lt=date_from).values("account_id").annotate(
            d=Sum("debit"), c=Sum("credit")
        ).order_by().values_list("account_id", "d", "c"):
            total = sums.setdefault(ledger_id_of[account_id], [ZERO, ZERO])
            total[0] += d or ZERO
            total[1] += c or ZERO
        for pk, (d, c) in sums.items():
            ledger_of[pk].opening = _signed(ledger_of[pk].account, d, c)
    balance = {pk: ledger.opening for pk, ledger in ledger_of.items()}
    period_lines = (
        _period(lines, "entry__", date_from, date_to)
        .select_related("entry")
        .order_by("entry__date", "entry__voucher_year", "entry__number", "pk")
    )
    for line in period_lines if ids else ():
        line.ledger_id = ledger_id_of[line.account_id]
        ledger = ledger_of[line.ledger_id]
        balance[line.ledger_id] += _signed(ledger.account, line.debit, line.credit)
        ledger.rows.append(
            LedgerRow(
                line.entry.date,
                line.entry.voucher_label,
                line.entry.description,
                line.debit,
                line.credit,
                balance[line.ledger_id],
                line.entry_id,
            )
        )
        ledger.debit += line.debit
        ledger.credit += line.credit
    for pk, ledger in ledger_of.items():
        ledger.closing = balance[pk]
    return [ledger_of[pk] for pk in ids]


@dataclass
class TrialRow:
    account: Account
    opening_debit: Decimal
    opening_credit: Decimal
    debit: Decimal
    credit: Decimal
    closing_debit: Decimal
    closing_credit: Decimal


@dataclass
class TrialBalance:
    union: Organisation
    rows: list[TrialRow]
    totals: TrialRow | None = None

    @property
    def balances(self) -> bool:
        t = self.totals
        return t.opening_debit == t.opening_credit and t.debit == t.credit and t.closing_debit == t.closing_credit


def _side(net: Decimal) -> tuple[Decimal, Decimal]:
    return (net, ZERO) if net >= 0 else (ZERO, -net)


def trial_balance(union: Organisation, date_from: date | None = None, date_to: date | None = None) -> TrialBalance:
    """科目余额表 of the leaf accounts (those lines are posted to), for any period."""
    opening: dict[int, Decimal] = defaultdict(lambda: ZERO)
    period: dict[int, tuple[Decimal, Decimal]] = {}
    # No ordering: a line's default order (by its entry) would join the entries and their unions into the GROUP BY
    # (85 → 10 ms for the municipal union's 20,000 lines, issue 10).
    lines = JournalLine.objects.filter(account__union=union).order_by()
    if date_from:
        for account_id, d, c in (
            lines.filter(entry__date__lt=date_from).values_list("account").annotate(d=Sum("debit"), c=Sum("credit"))
        ):
            opening[account_id] = d - c
    for account_id, d, c in (
        _period(lines, "entry__", date_from, date_to).values_list("account").annotate(d=Sum("debit"), c=Sum("credit"))
    ):
        period[account_id] = (d, c)
    rows = []
    totals = TrialRow(None, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    for account in accounts_of(union).filter(n_children=0):
        d, c = period.get(account.pk, (ZERO, ZERO))
        open_net = opening[account.pk]
        row = TrialRow(account, *_side(open_net), d, c, *_side(open_net + d - c))
        rows.append(row)
        for name in ("opening_debit", "opening_credit", "debit", "credit", "closing_debit", "closing_credit"):
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return TrialBalance(union, rows, totals)
