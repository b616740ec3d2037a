"""Thin views: parse the request, call a selector or a service, render (STYLE.md)."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from jinan_union.audit import history_of
from jinan_union.charts import bars
from jinan_union.documents import chinese_date, pdf_response
from jinan_union.enums import DOCUMENT_TYPES, Role
from jinan_union.errors import DomainError, show_error
from jinan_union.exports import respond
from jinan_union.files import attachments_of, store_upload
from jinan_union.models import Attachment
from jinan_union.money import format_yuan, yuan_in_capitals
from jinan_union.paging import ordered, paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404, in_scope, sees_everything
from jinan_union.workflow import allowed

from . import exports, rules, selectors, services
from .chart import DEFAULT_CODES, account_label
from .enums import BOOK_READERS, FUNDING_READERS, TRANSFER_ORDER, RecoveryStep, TransferStep
from .filters import FindingFilter, GrantFilter
from .forms import (
    AccountForm,
    AnswerForm,
    ConcludeForm,
    FindingForm,
    LedgerForm,
    MatchingForm,
    PeriodForm,
    ReverseForm,
    SpendingForm,
    TransferForm,
    period_of,
    this_month_by_default,
)
from .permissions import (
    book_of,
    can_keep_chart,
    can_raise_finding,
    can_record_matching,
    can_record_recovery,
    can_record_spending,
    can_record_transfer,
    can_reverse_entry,
)
from .rules import POSTINGS, RECOVERABLE_STATES
from .workflows import standing_refusal

EXPORT_FORMATS = ("xlsx", "pdf")


# --- grants ---------------------------------------------------------------------------------------


def _filtered_grants(request) -> GrantFilter:
    grants = selectors.grants_visible_to(request.user).select_related("studio__work_unit")
    return GrantFilter(request.GET or None, queryset=grants)


TOTALS_TONES = (("received", "收到", "primary"), ("spent", "已支出", "warning"), ("remaining", "结余", "success"))


def _totals_chart(groups: list[tuple[str, selectors.FundTotals]]) -> list:
    """Received, spent and remaining of each group, one bar each, on one scale so groups compare."""
    return bars(
        (f"{name} {label}", getattr(totals, attr), format_yuan(getattr(totals, attr)), tone)
        for name, totals in groups
        for attr, label, tone in TOTALS_TONES
    )


@role_required(*FUNDING_READERS)
def grant_list(request):
    filterset = _filtered_grants(request)
    page = paginate(request, ordered(filterset))
    grants = selectors.with_totals(page.rows)
    # The municipal union compares its system unions; a system or grassroots union its own studios.
    per_union = sees_everything(request.user)
    groups = selectors.totals_by(grants, (lambda g: str(g.system_union)) if per_union else (lambda g: g.studio.name))
    return render(
        request,
        "funding/grant_list.html",
        {
            "filter": filterset,
            "grants": grants,
            "page": page,
            "chart": _totals_chart(groups),
            "chart_title": "各系统工会资助资金收支" if per_union else "各工作室资助资金收支",
        },
    )


@role_required(*FUNDING_READERS)
def grant_export(request):
    """The grant list as .xlsx: exactly the rows its filters show (SYS-SCOPE through the same selector)."""
    return respond(request, exports.GrantsExport)


def _allow(decision: tuple[bool, str]) -> None:
    """The page asks the predicate the service enforces: a refusal is 403 with its reason."""
    ok, reason = decision
    if not ok:
        raise PermissionDenied(reason)


def _next_step(transfers) -> str | None:
    done = {t.step for t in transfers if not t.is_reversed}
    return next((s for s in TRANSFER_ORDER if s not in done), None)


@role_required(*FUNDING_READERS)
def grant_detail(request, pk):
    grant = selectors.grant_or_404(request.user, pk)
    # Each of the grant's records is read once; the statement, the next step and the way back are worked out
    # from these lists (issue 10: a fixed, small number of queries).
    transfers = list(grant.transfers.select_related("entry__union", "recorded_by").order_by("recorded_at", "pk"))
    recoveries = list(grant.recoveries.select_related("entry__union", "recorded_by").order_by("recorded_at", "pk"))
    spendings = selectors.with_invoices(grant.spendings.select_related("entry", "recorded_by").order_by("date", "pk"))
    matching = list(grant.matching_funds.select_related("recorded_by"))
    custody = selectors.grant_custody_balance(grant)
    statement = selectors.fund_statement(
        grant, spendings=spendings, recoveries=recoveries, matching=matching, custody=custody
    )
    next_step = _next_step(transfers)
    transfer_permission = can_record_transfer(request.user, grant, next_step) if next_step else (False, "")
    # The spending button follows the predicate and the guard the service applies (S§17), with its reason.
    may_spend = can_record_spending(request.user, grant)[0]
    barred = standing_refusal(grant.studio, "资助资金不得再支出") if may_spend else None
    # Vouchers link to the books only for those who may read that union's books (the books' own scope).
    readable_entries = (
        {step.entry_id for step in [*transfers, *recoveries] if step.entry and in_scope(request.user, step.entry.union)}
        if request.user.has_role(*BOOK_READERS)
        else set()
    )
    recovery = _recovery_view(request.user, grant, transfers, recoveries, custody)
    # FUN-AUDIT: spent per category against what is left, on one scale.
    chart = bars(
        [(label, amount, format_yuan(amount), "warning") for label, amount in statement.spent_by_category]
        + [("结余", statement.remaining, format_yuan(statement.remaining), "success")]
    )
    return render(
        request,
        "funding/grant_detail.html",
        {
            "grant": grant,
            "statement": statement,
            "chart": chart,
            "transfers": transfers,
            "readable_entries": readable_entries,
            "spendings": spendings,
            "matching": matching,
            "findings": grant.findings.select_related("spending", "raised_by"),
            "next_step": next_step and TransferStep(next_step),
            "can_transfer": transfer_permission[0],
            "transfer_refusal": transfer_permission[1],
            "can_spend": may_spend and barred is None,
            "spend_refusal": barred.text if barred else "",
            "can_match": can_record_matching(request.user, grant)[0],
            "can_audit": can_raise_finding(request.user, grant)[0],
            "history": history_of(grant),
            "recoveries": recoveries,
            "recovery": recovery,
        },
    )


def _recovery_view(user, grant, transfers, recoveries, custody) -> dict | None:
    """FUN-FREEZE on the grant's page: for a de-listed or revoked studio, the steps that bring the unspent
    money back, each with its amount and books, and the next one for the finance user who records it."""
    if grant.studio.status not in RECOVERABLE_STATES:
        return None
    plan = selectors.recovery_plan(grant, recoveries=recoveries, transfers=transfers, custody=custody)
    done = {r.step for r in recoveries if not r.is_reversed}
    following = next((step for step, _ in plan if step not in done), None)
    return {
        "plan": [(RecoveryStep(step), amount, book_of(grant, step), step in done) for step, amount in plan],
        "next": following and RecoveryStep(following),
        "can_record": bool(following) and can_record_recovery(user, grant, following)[0],
    }


@role_required(*FUNDING_READERS)
def grant_statement(request, pk, fmt):
    return respond(request, exports.StatementExport, fmt, pk=pk)


# A step of the money's way, out (S§13) or back (FUN-FREEZE): the same page, its way says which.
STEP_PAGES = {
    "transfer": (services.TRANSFER, ""),
    "recovery": (services.RECOVERY, "第十条、第十七条"),
}


@role_required(Role.FINANCE)
def step_record(request, pk, step, way):
    """Finance records one step of a grant's money: a transfer, or a frozen grant's unspent money on its way
    back. Nothing to fill in when the step cannot be recorded now: the page says why (the rule the service
    applies) and leads back; a POST is still judged by the service."""
    grant = selectors.grant_or_404(request.user, pk)
    kind, article = STEP_PAGES[way]
    if step not in kind.steps.values:
        raise Http404
    _allow(kind.may(request.user, grant, step))
    try:
        amount, refusal = kind.reach(grant, grant.studio, step, timezone.localdate())[0], ""
    except DomainError as error:
        amount, refusal = None, error.text
    form = TransferForm(request.POST or None) if request.method == "POST" or not refusal else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            record = services.record_step(
                kind, grant=grant, step=step, on=form.cleaned_data["on"],
                reference=form.cleaned_data["reference"], by=request.user,
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"已记账：{record.entry}（{record.entry.union}）")
            return redirect("funding:grant-detail", pk=grant.pk)
    _, debit, credit = kind.postings[step]
    label = kind.steps(step).label
    book = book_of(grant, step)
    accounts = {a.key: a for a in selectors.accounts_of(book)}  # the codes and names this union's finance keeps
    return render(
        request,
        "funding/transfer_form.html",
        {
            "grant": grant,
            "form": form,
            "step": kind.steps(step),
            "book": book,
            "posting": f"借 {account_label(debit, accounts)}，贷 {account_label(credit, accounts)}",
            "amount": amount,
            "article": article,
            "confirm": "" if kind is services.TRANSFER else f"记账后“{label}”的凭证即入账，只能以冲销凭证更正。",
            "refusal": refusal if form is None else "",
        },
    )


def _staged(request, by):
    ids = request.POST.getlist("invoice_staged")
    return list(Attachment.objects.filter(uuid__in=ids, uploaded_by=by, content_type__isnull=True)) if ids else []


@role_required(Role.GRASSROOTS_CLERK)
def spending_new(request, pk):
    grant = selectors.grant_or_404(request.user, pk)
    _allow(can_record_spending(request.user, grant))
    staged = _staged(request, request.user) if request.method == "POST" else []
    form = SpendingForm(request.POST or None, request.FILES or None, has_staged=bool(staged))
    if request.method == "POST":
        valid = form.is_valid()
        upload = form.cleaned_data.get("invoice") if valid or "invoice" in form.cleaned_data else None
        if upload:
            # Kept across a failed submit (SYS-ERR): the page carries its id from now on.
            staged.append(store_upload(upload, kind=services.INVOICE_KIND, by=request.user, allowed=DOCUMENT_TYPES))
        if valid:
            data = form.cleaned_data
            try:
                spending = services.spending_record(
                    grant=grant,
                    category=data["category"],
                    on=data["on"],
                    amount=data["amount"],
                    payee=data["payee"],
                    description=data["description"],
                    by=request.user,
                    invoice_ids=[a.uuid for a in staged],
                )
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, f"支出已登记：{spending.entry}")
                return redirect("funding:grant-detail", pk=grant.pk)
    return render(
        request,
        "funding/spending_form.html",
        {
            "grant": grant,
            "form": form,
            "staged": staged,
            "remaining": selectors.grant_custody_balance(grant),
            "confirm": rules.CONFIRM["spending"],
        },
    )


@role_required(*FUNDING_READERS)
def spending_document(request, pk):
    """The payment document (支出凭单): amount in figures and in Chinese capitals (SYS-MONEY)."""
    spending = get_visible_or_404(
        selectors.spendings_visible_to(request.user).select_related(
            "grant__studio", "grant__grassroots_union", "entry", "recorded_by"
        ),
        pk=pk,
    )
    return pdf_response(
        "funding/pdf/spending.html",
        {
            "spending": spending,
            "invoices": selectors.with_invoices([spending])[0].invoices,
            "capitals": yuan_in_capitals(spending.amount),
            "today": chinese_date(spending.date),
        },
        f"支出凭单-{spending.entry.voucher_label if spending.entry else spending.pk}.pdf",
    )


@role_required(*FUNDING_READERS)
def transfer_document(request, pk):
    """The transfer's payment document (资助资金拨付凭单): amount in figures and in Chinese capitals (SYS-MONEY)."""
    transfer = get_visible_or_404(
        selectors.transfers_visible_to(request.user).select_related(
            "grant__studio", "grant__system_union__parent", "grant__grassroots_union", "entry__union", "recorded_by"
        ),
        pk=pk,
    )
    grant = transfer.grant
    payer, payee = {
        TransferStep.MUNICIPAL_PAYS: (grant.system_union.parent, grant.system_union),
        TransferStep.SYSTEM_RECEIVES: (grant.system_union.parent, grant.system_union),
        TransferStep.SYSTEM_PASSES_ON: (grant.system_union, grant.grassroots_union),
        TransferStep.GRASSROOTS_RECEIVES: (grant.system_union, grant.grassroots_union),
    }[transfer.step]
    debit, credit = POSTINGS[transfer.step][1:]
    accounts = {a.key: a for a in selectors.accounts_of(transfer.entry.union)} if transfer.entry else {}
    return pdf_response(
        "funding/pdf/transfer.html",
        {
            "transfer": transfer,
            "grant": grant,
            "payer": payer,
            "payee": payee,
            "debit": account_label(debit, accounts),
            "credit": account_label(credit, accounts),
            "capitals": yuan_in_capitals(grant.amount),
            "day": chinese_date(transfer.date),
        },
        f"资助资金拨付凭单-{grant.studio.name}-{transfer.get_step_display()}.pdf",
    )


@role_required(Role.GRASSROOTS_CLERK)
def matching_new(request, pk):
    grant = selectors.grant_or_404(request.user, pk)
    _allow(can_record_matching(request.user, grant))
    form = MatchingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.matching_record(
                grant=grant,
                on=data["on"],
                amount=data["amount"],
                source=data["source"],
                note=data["note"],
                by=request.user,
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "配套资金已登记。")
            return redirect("funding:grant-detail", pk=grant.pk)
    return render(request, "funding/simple_form.html", {
        "grant": grant, "form": form, "title": "登记单位配套资金",
        "confirm": rules.CONFIRM["matching"],
    })


# --- findings (FUN-AUDIT) -------------------------------------------------------------------------


@role_required(Role.FINANCE, Role.AUDITOR)
def finding_list(request):
    filterset = FindingFilter(request.GET or None, queryset=selectors.findings_visible_to(request.user))
    page = paginate(request, ordered(filterset))
    return render(request, "funding/finding_list.html", {"filter": filterset, "findings": page, "page": page})


@role_required(Role.FINANCE, Role.AUDITOR)
def finding_export(request):
    return respond(request, exports.FindingsExport)


@role_required(Role.AUDITOR)
def finding_new(request, pk):
    grant = selectors.grant_or_404(request.user, pk)
    _allow(can_raise_finding(request.user, grant))
    spendings = list(grant.spendings.order_by("date", "pk"))
    form = FindingForm(request.POST or None, spendings=spendings, initial={"spending": request.GET.get("spending")})
    if request.method == "POST" and form.is_valid():
        spending = next((s for s in spendings if s.pk == form.cleaned_data["spending"]), None)
        try:
            finding = services.finding_raise(
                grant=grant, spending=spending, text=form.cleaned_data["text"], by=request.user
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "审查意见已提出，等待财务答复。")
            return redirect("funding:finding-detail", pk=finding.pk)
    return render(request, "funding/simple_form.html", {"grant": grant, "form": form, "title": "提出审查意见"})


@role_required(Role.FINANCE, Role.AUDITOR)
def finding_detail(request, pk):
    finding = get_visible_or_404(selectors.findings_visible_to(request.user), pk=pk)
    invoices = selectors.with_invoices([finding.spending])[0].invoices if finding.spending else []
    # A form only when its move is open to this user now (the same predicate and state the move checks).
    answer_form = conclude_form = None
    if allowed(finding, "answer", request.user):
        answer_form = AnswerForm(request.POST if "answer" in request.POST else None)
    if allowed(finding, "close", request.user):
        conclude_form = ConcludeForm(request.POST if "accept" in request.POST else None)
    if request.method == "POST":
        if answer_form is None and conclude_form is None:
            raise PermissionDenied("该审查意见当前没有您可以办理的操作。")
        try:
            if answer_form is not None and answer_form.is_valid():
                services.finding_answer(finding=finding, answer=answer_form.cleaned_data["answer"], by=request.user)
                return redirect("funding:finding-detail", pk=finding.pk)
            if conclude_form is not None and conclude_form.is_valid():
                services.finding_conclude(
                    finding=finding,
                    accept=conclude_form.cleaned_data["accept"],
                    comment=conclude_form.cleaned_data["comment"],
                    by=request.user,
                )
                return redirect("funding:finding-detail", pk=finding.pk)
        except DomainError as error:
            show_error(request, error, answer_form if answer_form is not None else conclude_form)
    return render(
        request,
        "funding/finding_detail.html",
        {
            "finding": finding,
            "invoices": invoices,
            "answer_form": answer_form,
            "conclude_form": conclude_form,
            "history": history_of(finding),
        },
    )


# --- books (FUN-POSTING) --------------------------------------------------------------------------


@role_required(*BOOK_READERS)
def book_list(request):
    page = paginate(request, selectors.book_unions_visible_to(request.user))
    return render(request, "funding/book_list.html", {"unions": page, "page": page})


@role_required(*BOOK_READERS)
def journal(request, union_pk):
    union = selectors.book_union_or_404(request.user, union_pk)
    form = PeriodForm(this_month_by_default(request.GET))
    date_from, date_to, label = period_of(form)
    if request.GET.get("format") == "pdf":
        return respond(request, exports.JournalExport, "pdf", union=union.pk)
    # The .xlsx goes through the export form (exporter "funding-journal"): a long journal is made in the background.
    page = paginate(request, selectors.journal(union, date_from, date_to))
    return render(request, "funding/journal.html", {
        "union": union, "form": form, "entries": page, "page": page, "period": label,
    })


@role_required(*BOOK_READERS)
def ledger(request, union_pk):
    union = selectors.book_union_or_404(request.user, union_pk)
    form = LedgerForm(this_month_by_default(request.GET), union=union)
    date_from, date_to, label = period_of(form)
    account = form.cleaned_data.get("account") if form.is_valid() else None
    ledgers = selectors.general_ledgers(
        [account] if account else selectors.accounts_of(union).filter(parent__isnull=True), date_from, date_to
    )
    if request.GET.get("format") in EXPORT_FORMATS:
        # Without a chosen account the export covers every account, as the page shows them.
        return respond(request, exports.LedgerExport, request.GET["format"], union=union.pk)
    return render(request, "funding/ledger.html", {"union": union, "form": form, "ledgers": ledgers, "period": label})


@role_required(*BOOK_READERS)
def trial_balance(request, union_pk):
    union = selectors.book_union_or_404(request.user, union_pk)
    form = PeriodForm(request.GET or None)
    date_from, date_to, label = period_of(form)
    tb = selectors.trial_balance(union, date_from, date_to)
    if request.GET.get("format") in EXPORT_FORMATS:
        return respond(request, exports.TrialBalanceExport, request.GET["format"], union=union.pk)
    return render(request, "funding/trial_balance.html", {"union": union, "form": form, "tb": tb, "period": label})


@role_required(*BOOK_READERS)
def entry_detail(request, pk):
    entry = get_visible_or_404(selectors.entries_visible_to(request.user), pk=pk)
    lines = entry.lines.select_related("account__parent")
    if request.GET.get("format") == "pdf":
        lines = list(lines)
        debit = sum((line.debit for line in lines), Decimal("0.00"))
        return pdf_response(
            "funding/pdf/voucher.html",
            {
                "title": "记账凭证",
                "entry": entry,
                "lines": lines,
                "debit": debit,
                "credit": sum((line.credit for line in lines), Decimal("0.00")),
                "capitals": yuan_in_capitals(debit),
                "day": chinese_date(entry.date),
                # 附件N张: the current files of what the entry records (a spending's invoices, a transfer's slip).
                "attachments": attachments_of(entry.cause).count() if entry.cause is not None else 0,
            },
            f"记账凭证-{entry.union}-{entry.voucher_label}.pdf",
        )
    reversal = getattr(entry, "reversed_by", None)
    can_reverse = can_reverse_entry(request.user, entry)[0] and not entry.reverses_id and reversal is None
    return render(
        request,
        "funding/entry_detail.html",
        {
            "entry": entry,
            "lines": lines,
            "reversal": reversal,
            "can_reverse": can_reverse,
            "capitals": yuan_in_capitals(entry.amount),
            "history": history_of(entry),
        },
    )


@role_required(Role.FINANCE)
def entry_reverse(request, pk):
    entry = get_visible_or_404(selectors.entries_visible_to(request.user), pk=pk)
    _allow(can_reverse_entry(request.user, entry))
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reversal = services.reverse_entry(
                entry=entry, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"], by=request.user
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"已冲销，冲销凭证 {reversal.voucher_label}。")
            return redirect("funding:entry-detail", pk=reversal.pk)
    return render(
        request, "funding/simple_form.html", {
            "form": form, "title": f"冲销凭证 {entry.voucher_label}", "entry": entry,
            "confirm": rules.CONFIRM["reversal"],
        }
    )


# --- the chart of accounts, kept by each union's finance (FUN-POSTING) ----------------------------------------


@role_required(*BOOK_READERS)
def chart(request, union_pk):
    """The union's chart: each account's code and name as its finance keeps them, and every change made."""
    union = selectors.book_union_or_404(request.user, union_pk)
    accounts = list(selectors.accounts_of(union))
    versions = list(selectors.chart_versions(union))
    changed = {v.account_id for v in versions}
    for account in accounts:
        # A code nobody set that is not the default (a placeholder, or an old default the migration could not
        # correct): finance is asked to check it.
        default = DEFAULT_CODES.get(account.key, account.code)
        account.default_code = default if account.code != default and account.pk not in changed else ""
    return render(request, "funding/chart.html", {
        "union": union,
        "accounts": accounts,
        "versions": versions,
        "can_change": can_keep_chart(request.user, union)[0],
    })


@role_required(Role.FINANCE)
def account_change(request, pk):
    account = get_visible_or_404(selectors.accounts_visible_to(request.user).select_related("union", "parent"), pk=pk)
    _allow(can_keep_chart(request.user, account.union))
    form = AccountForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.account_change(account=account, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"科目已修改：{version}（修改记录已保存）。")
            return redirect("funding:chart", union_pk=account.union_id)
    return render(request, "funding/account_form.html", {
        "account": account, "form": form, "union": account.union,
        "confirm": rules.CONFIRM["account"],
    })
