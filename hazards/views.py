"""Thin views: parse the request, call a selector or a service, render. Every view is role-guarded."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Subquery, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

from jinan_union.audit import history_of
from jinan_union.charts import bars
from jinan_union.documents import chinese_date, pdf_response
from jinan_union.enums import DOCUMENT_TYPES, MEDIA_TYPES, OrgKind, Role
from jinan_union.errors import DomainError, show_error
from jinan_union.exports import respond
from jinan_union.files import attachments_of, store_upload
from jinan_union.models import Attachment, Organisation, WorkUnit
from jinan_union.money import format_yuan, yuan_in_capitals
from jinan_union.paging import PER_PAGE, ordered, paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404, sees_everything

from . import aids, clock, exports, rules, scheme_views, selectors, services, unit_picker, units, workflows
from . import permissions as may
from .enums import READERS, ApplicationState, FinderKind, PaymentState, ReportState, RoundState
from .filters import ApplicationFilter, ReportFilter
from .forms import (
    CarryOverForm,
    ExceptionForm,
    PayeeFormSet,
    RejectForm,
    ReportForm,
    SplitForm,
    UnitForm,
    VerifyForm,
)
from .models import CITY_SCHEME_NAME, Application, DuplicateGroup, HazardReport, Payment, Round, Scheme
from .workflows import undo_allowed

MUNICIPAL = (Role.REVIEWER, Role.FINANCE, Role.AUDITOR)
# HAZ-FIRST: the reviewer's duplicates page compares the open reports of this many hazard units at a time.
UNITS_PER_PROPOSAL_PAGE = 50


def _municipal_only(request) -> None:
    """Rounds, payment sheets and duplicate groups span every union: only the municipal union sees them."""
    if not sees_everything(request.user):
        raise PermissionDenied("只有市总工会可以查看。")


def _report(request, pk) -> HazardReport:
    """The report with what its page shows in the same query: its application's union, its scheme, and the
    city's scheme's name for a city report (issue 10: the page's queries)."""
    city_name = Scheme.objects.filter(is_city=True).order_by("pk").values("name")[:1]
    return get_visible_or_404(selectors.report_list_for(request.user).select_related(
        "application__union", "scheme").annotate(city_scheme_name=Subquery(city_name)), pk=pk)


def _round(request, pk) -> Round:
    """A round the user may read (HAZ-SCHEME, SYS-SCOPE): the city's for the municipal union (others are
    refused, as before); a union's own scheme's for the municipal union and that union's staff (others: 404)."""
    round_ = get_visible_or_404(Round.objects.select_related("scheme__union"), pk=pk)
    if not selectors.may_read_round(request.user, round_):
        if round_.scheme_id is None:
            raise PermissionDenied("只有市总工会可以查看。")
        raise Http404("记录不存在或无权查看")
    return round_


# --- reports ---------------------------------------------------------------------------------------

def _next_round_notice(union, report: HazardReport | None = None, year: int | None = None) -> str:
    """HAZ-ROUND: a ready report cannot join an application already submitted; it waits for the next round,
    which opens on 1 October. Empty when the union's ready reports can still join the current round."""
    if union is None or (report is not None and (report.status != ReportState.READY or report.application_id)):
        return ""
    if report is None and not selectors.ready_reports_of(union).exists():
        return ""
    # The city's round by its year: whether saved does not matter here.
    round_ = Round(year=year if year is not None else services.current_year())
    return rules.next_round_message(round_.year) if selectors.application_submitted(union, round_) else ""


@role_required(*READERS)
def report_list(request):
    filterset = ReportFilter(request.GET or None, queryset=selectors.report_list_for(request.user))
    page = paginate(request, ordered(filterset))
    notice, year = "", None
    if request.user.has_role(Role.SYSTEM_CLERK) and request.user.organisation:
        year = services.current_year()
        notice = _next_round_notice(request.user.organisation.system_union, year=year)
    return render(request, "hazards/report_list.html", {
        "filter": filterset, "page": page, "query": request.GET.urlencode(), "export_name": exports.REPORTS_EXPORT,
        "next_round_notice": notice, "next_round_year": year + 1 if notice else None,
    })


def _stage(request, form, field: str, kind: str, allowed) -> list:
    """Store this request's uploads for `field` as staged files; keep ids staged by earlier attempts."""
    ids = [a.uuid for a in Attachment.objects.filter(
        uuid__in=request.POST.getlist(f"{field}_ids"), uploaded_by=request.user, content_type__isnull=True,
    )]
    for upload in request.FILES.getlist(field):
        try:
            ids.append(store_upload(upload, kind=kind, by=request.user, allowed=allowed).uuid)
        except ValidationError as error:
            form.add_error(field, error)
    return ids


@role_required(Role.SYSTEM_CLERK)
def report_edit(request, pk=None):
    report = get_visible_or_404(selectors.reports_visible_to(request.user), pk=pk) if pk else HazardReport()
    union = report.union if pk else (request.user.organisation.system_union or request.user.organisation)
    if report.pk and report.status not in (ReportState.DRAFT, ReportState.READY):
        messages.warning(request, "已报送的隐患报告不能再修改。")
        return redirect("hazards:report-detail", pk=report.pk)
    form = ReportForm(request.POST or None, request.FILES or None, instance=report, union=union)
    photo_ids, scan_ids = [], []
    if request.method == "POST":
        valid = form.is_valid()
        photo_ids = _stage(request, form, "photos", services.PHOTO, MEDIA_TYPES)
        scan_ids = _stage(request, form, "expert_scan", services.EXPERT_SCAN, DOCUMENT_TYPES)
        if request.POST.get("action") == "preview":  # the no-JS 预览: shows the aids, saves nothing of the report
            pass
        elif valid and not form.errors:
            try:
                report = services.report_save(
                    report=form.save(commit=False), by=request.user, members=form.member_rows(),
                    photo_ids=photo_ids, scan_ids=scan_ids,
                )
            except DomainError as error:
                show_error(request, error, form)
                return redirect("hazards:report-detail", pk=report.pk) if report.pk else redirect("hazards:report-list")
            photo_ids, scan_ids = [], []
            if request.POST.get("action") != "complete":
                messages.success(request, "草稿已保存。")
                return redirect("hazards:report-edit", pk=report.pk)
            try:
                services.report_complete(report=report, by=request.user)
            except DomainError as error:
                show_error(request, DomainError("草稿已保存，但" + error.message, fields=error.fields,
                                                forbidden=error.forbidden), form)
            else:
                messages.success(request, "隐患报告已填报完成，可以加入本年度申报。")
                return redirect("hazards:report-detail", pk=report.pk)
        else:
            messages.error(request, "有内容需要修改，请查看字段旁的提示；已上传的文件已保留。")
    staged = Attachment.objects.filter(uuid__in=photo_ids + scan_ids)
    return render(request, "hazards/report_form.html", {
        "form": form, "report": report, **_aids(request, report),
        "staged_photos": [a for a in staged if a.kind == services.PHOTO],
        "staged_scans": [a for a in staged if a.kind == services.EXPERT_SCAN],
        "photos": attachments_of(report, services.PHOTO) if report.pk else [],
        "scans": attachments_of(report, services.EXPERT_SCAN) if report.pk else [],
    })


def _typed(request, report: HazardReport) -> dict:
    """What the clerk typed (a POST, or the aids' GET) or, on opening the form, what the report holds."""
    source = request.POST if request.method == "POST" else request.GET
    if "hazard_unit" in source or request.method == "POST":
        return source
    return {
        "deaths": report.deaths, "serious_injuries": report.serious_injuries, "direct_loss": report.direct_loss,
        "expert_grade": report.expert_grade, "is_safety_manager": "on" if report.is_safety_manager else "",
        "rectification": report.rectification, "hazard_unit": report.hazard_unit_id,
        "location": report.location, "description": report.description,
    }


def _similar(request, values, report: HazardReport) -> list:
    """HAZ-FIRST "已经有人报告过？" for the unit chosen (any unit of the list may be chosen, as in the form)."""
    try:
        unit_id = int(values.get("hazard_unit") or 0)
    except (TypeError, ValueError):
        return []
    if not unit_id or not WorkUnit.objects.filter(pk=unit_id).exists():
        return []
    return aids.similar_reports(request.user, unit_id=unit_id, location=values.get("location") or "",
                                description=values.get("description") or "", exclude_pk=report.pk)


def _aids(request, report: HazardReport) -> dict:
    values = _typed(request, report)
    return {"preview": aids.preview_for(values), "similar": _similar(request, values, report),
            "unit_chosen": bool(values.get("hazard_unit"))}


def _aided_report(request) -> HazardReport:
    """The report the aids are asked for: ?report= one the clerk may edit (forged or another union's: 404)."""
    pk = request.GET.get("report")
    if not pk:
        return HazardReport()
    if not str(pk).isdigit():
        raise Http404("没有这份隐患报告")
    report = get_visible_or_404(selectors.reports_visible_to(request.user), pk=pk)
    if not may.can_edit_report(request.user, report)[0]:
        raise Http404("没有这份隐患报告")
    return report


@role_required(Role.SYSTEM_CLERK)
def report_preview(request):
    """GET JSON for the form's script: the grade and reward of what is typed (HAZ-GRADE, HAZ-REWARD). Reads only."""
    preview = aids.preview_for(request.GET)
    html = render_to_string("hazards/_grade_preview.html", {"preview": preview}, request=request)
    return JsonResponse({**preview.as_json(), "html": html})


@role_required(Role.SYSTEM_CLERK)
def report_similar(request):
    """GET JSON for the form's script: possible earlier reports of the unit chosen (HAZ-FIRST). Reads only."""
    report = _aided_report(request)
    similar = _similar(request, request.GET, report)
    html = render_to_string("hazards/_similar.html", {"similar": similar, "unit_chosen": bool(
        request.GET.get("hazard_unit"))}, request=request)
    return JsonResponse({"count": len(similar), "likely": sum(1 for s in similar if s.likely), "html": html})


@role_required(Role.SYSTEM_CLERK)
def unit_search(request):
    """GET JSON for the report form's unit picker (hazards/unit_picker.py): the units whose name contains ?q=,
    each with its system union. Reads only; every clerk may choose any unit of the city, as the list offered."""
    found = unit_picker.search_units(request.GET.get("q", ""))
    return JsonResponse({"results": [{"id": unit.pk, "label": unit_picker.unit_label(unit)} for unit in found]})


@role_required(Role.SYSTEM_CLERK)
def unit_new(request):
    """Issue 11: a hazard unit missing from the list, added under the clerk's own union; back to the form."""
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not (back.startswith("/hazards/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = ""
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = units.add_unit(name=form.cleaned_data["name"], address=form.cleaned_data["address"],
                                  enterprise=form.cleaned_data.get("enterprise"), by=request.user)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"已新增单位“{unit}”，可在“存在隐患单位”中搜索并选择。")
            return redirect(back or "hazards:report-new")
    union = request.user.organisation.system_union if request.user.organisation_id else None
    return render(request, "hazards/unit_form.html", {"form": form, "back": back, "union": union})


def _report_context(request, report):
    # HAZ-FIRST: the reviewer sees every likely duplicate; others only those within their own scope.
    proposals = selectors.duplicate_proposals(report) if report.status != ReportState.DRAFT else []
    elsewhere = selectors.paid_elsewhere([report], known={report.pk: proposals}).get(report.pk, [])
    files = list(attachments_of(report))  # photos and scans in one query
    if proposals and not sees_everything(request.user):
        visible = set(selectors.reports_visible_to(request.user).filter(
            pk__in=[p.other.pk for p in proposals]).values_list("pk", flat=True))
        proposals = [p for p in proposals if p.other.pk in visible]
    return {
        "report": report,
        # HAZ-SCHEME: the scheme's name without asking for the city's scheme again (as Scheme.city()).
        "scheme_name": str(report.scheme) if report.scheme_id else (
            getattr(report, "city_scheme_name", None) or CITY_SCHEME_NAME),
        "can_edit": may.can_edit_report(request.user, report),
        "can_verify": may.can_verify(request.user, report),
        "can_merge": may.can_merge(request.user),
        "members": report.members.all() if report.finder_kind == FinderKind.COLLECTIVE else [],
        "payees": services.split_of(report) if report.reward_amount else [(p, None) for p in report.payees.all()],
        "can_see_payees": may.can_see_payees(request.user, report),
        "can_split": may.can_split_reward(request.user, report)[0] and report.finder_kind == FinderKind.COLLECTIVE
        and bool(report.reward_amount),
        "photos": [a for a in files if a.kind == services.PHOTO],
        "scans": [a for a in files if a.kind == services.EXPERT_SCAN],
        "history": history_of(report),
        "proposals": proposals,
        "elsewhere": elsewhere,
        "scheme_choice": scheme_views.choice_for(request.user, report),
        "next_round_notice": _next_round_notice(report.union, report),
        "group_reports": (
            report.duplicate_group.reports.select_related("union").order_by("reported_at", "pk")
            if report.duplicate_group_id and report.duplicate_group.is_active else []
        ),
    }


@role_required(*READERS)
def report_detail(request, pk):
    report = _report(request, pk)
    return render(request, "hazards/report_detail.html", _report_context(request, report))


@role_required(*READERS)
def report_pdf(request, pk):
    report = _report(request, pk)
    return pdf_response("hazards/pdf/report.html", {
        "report": report, "members": report.members.all(), "chinese_date": chinese_date,
        "made_on": chinese_date(clock.now()),
        "reward": format_yuan(report.reward_amount) if report.reward_amount is not None else "",
    }, f"奖励申请表-{report.pk}.pdf")


@role_required(Role.REVIEWER)
def report_verify(request, pk):
    report = _report(request, pk)
    verify_form = VerifyForm(request.POST if request.POST.get("action") == "verify" else None)
    reject_form = RejectForm(request.POST if request.POST.get("action") == "reject" else None)
    carry_form = CarryOverForm(request.POST if request.POST.get("action") == "carry_over" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "carry_over" and carry_form.is_valid():
                services.report_carry_over(report=report, by=request.user, reason=carry_form.cleaned_data["reason"])
                messages.success(request, "已转入下一年度核实，本年度可以结算。")
                return redirect("hazards:report-verify", pk=pk)
            if action == "verify" and verify_form.is_valid():
                services.report_verify(report=report, by=request.user,
                                       reassessed_grade=verify_form.cleaned_data["reassessed_grade"],
                                       note=verify_form.cleaned_data["note"])
                messages.success(request, "已核实。")
                return redirect("hazards:report-verify", pk=pk)
            if action == "reject" and reject_form.is_valid():
                services.report_reject(report=report, by=request.user, reason=reject_form.cleaned_data["reason"])
                messages.success(request, "已标记为未通过。")
                return redirect("hazards:report-verify", pk=pk)
            if action == "reopen":
                services.report_reopen_verification(report=report, by=request.user)
                messages.success(request, "已撤销核实。")
                return redirect("hazards:report-verify", pk=pk)
        except DomainError as error:
            show_error(request, error, {"reject": reject_form, "carry_over": carry_form}.get(action, verify_form))
    context = _report_context(request, report)
    round_ = report.round
    context.update({"next_report": selectors.next_to_verify(request.user, report),
                    "side_by_side": [(p, aids.shared_words(p.other.location, p.other.description, report.location,
                                                           report.description, p.match),
                                      aids.shared_words(report.location, report.description, p.other.location,
                                                        p.other.description, p.match))
                                     for p in context["proposals"]],
                    "thumbnails": [a for a in context["photos"] if a.file_type in ("jpeg", "png")],
                    "verify_form": verify_form, "reject_form": reject_form, "carry_form": carry_form,
                    "carry_open": bool(round_ and round_.status == RoundState.OPEN and clock.now() > round_.deadline)})
    return render(request, "hazards/report_verify.html", context)


# --- applications (申报) -----------------------------------------------------------------------------

@role_required(*READERS)
def application_list(request):
    filterset = ApplicationFilter(request.GET or None, queryset=selectors.application_list_for(request.user))
    page = paginate(request, ordered(filterset))
    return render(request, "hazards/application_list.html", {
        "filter": filterset, "applications": page, "page": page, "current_round": services.current_round(),
        "export_name": exports.APPLICATIONS_EXPORT,
    })


def _clerks_union(request):
    union = request.user.organisation.system_union
    if union is None:
        raise Http404("只有系统工会可以申报")
    return union


@role_required(Role.SYSTEM_CLERK)
def application_current(request):
    """The union's application to the current round: the saved one, or the page of the one it would
    start (a GET creates nothing; the first report added creates it)."""
    round_ = services.current_round()
    application = services.application_of(_clerks_union(request), round_)
    if application.pk:
        return redirect("hazards:application-detail", pk=application.pk)
    return redirect("hazards:application-round", year=round_.year)


@role_required(Role.SYSTEM_CLERK)
def application_round(request, year):
    application = services.application_of(_clerks_union(request), services.round_as_of(year))
    if application.pk is None and year != services.current_round().year:
        raise Http404("该年度不受理新的申报")
    if application.pk and request.method != "POST":
        return redirect("hazards:application-detail", pk=application.pk)
    return _application_page(request, application)


@role_required(*READERS)
def application_detail(request, pk):
    return _application_page(request, get_visible_or_404(selectors.application_list_for(request.user), pk=pk))


def _application_post(request, application: Application):
    action, by = request.POST.get("action"), request.user
    if action == "add":
        chosen = list(selectors.ready_reports_of(application.union, application.round).filter(
            pk__in=request.POST.getlist("report")))
        if chosen and application.pk is None:
            application = services.application_for(union=application.union, round_=application.round, by=by)
        for report in chosen:
            services.application_add_report(application=application, report=report, by=by)
        messages.success(request, "已加入申报。")
    elif action == "remove" and application.pk:
        report = get_visible_or_404(selectors.reports_visible_to(by), pk=request.POST.get("report"))
        services.application_remove_report(application=application, report=report, by=by)
        messages.success(request, "已移出申报。")
    elif action == "submit":
        if application.pk is None:
            raise DomainError("申报中还没有隐患报告。")
        submitted, notice = services.application_submit(application=application, by=by)
        if notice:
            messages.warning(request, notice)
        to = submitted.round.scheme if submitted.round.scheme_id else "市总工会"
        messages.success(request, f"{submitted}已报送{to}。")
        return submitted
    return application


def _application_page(request, application: Application):
    can_change = may.can_change_application(request.user, application)
    if request.method == "POST":
        if not can_change[0]:
            raise PermissionDenied(can_change[1])
        try:
            application = _application_post(request, application)
        except DomainError as error:
            show_error(request, error)
        if application.pk:
            return redirect("hazards:application-detail", pk=application.pk)
        return redirect(request.path)
    saved = application.pk is not None
    reports = application.reports.select_related("hazard_unit", "finder_unit", "union").order_by(
        "reported_at", "pk") if saved else []
    can_edit = can_change[0] and application.status == ApplicationState.DRAFT
    return render(request, "hazards/application_detail.html", {
        "application": application, "reports": reports,
        "ready": selectors.ready_reports_of(application.union, application.round).select_related("hazard_unit")
        if can_edit else [],
        "drafts": HazardReport.objects.filter(union=application.union, status=ReportState.DRAFT).count()
        if can_change[0] else 0,
        "history": history_of(application) if saved else [], "can_edit": can_edit,
        "deadline": application.round.deadline,
    })


@role_required(*READERS)
def application_summary_xlsx(request, pk):
    return respond(request, exports.SummaryExport, "xlsx", pk=pk)


@role_required(*READERS)
def application_summary_pdf(request, pk):
    return respond(request, exports.SummaryExport, "pdf", pk=pk)


# --- HAZ-FIRST: duplicates ------------------------------------------------------------------------

@role_required(Role.REVIEWER)
def duplicates(request):
    _municipal_only(request)
    if request.method == "POST":
        ids = request.POST.getlist("report")
        reports = list(selectors.reports_visible_to(request.user).filter(pk__in=ids))
        try:
            if request.POST.get("action") == "confirm":
                group = services.group_confirm(reports=reports, by=request.user,
                                               comment=request.POST.get("comment", ""))
                messages.success(request, f"已确认为同一隐患（{group}），只奖励最早报告的第一发现人。")
                return redirect("hazards:group-detail", pk=group.pk)
            if request.POST.get("action") == "dismiss" and len(reports) == 2:
                services.proposal_dismiss(report=reports[0], other=reports[1], by=request.user)
                messages.success(request, "已排除该重复建议。")
        except DomainError as error:
            show_error(request, error)
        return redirect(request.POST.get("next") or "hazards:duplicates")
    # Issue 10/15: a fixed number of queries whatever the page holds (tests/hazards/test_matching_page.py).
    unpaid = selectors.unpaid_applications()
    units = paginate(request, selectors.open_proposal_units(unpaid), per_page=UNITS_PER_PROPOSAL_PAGE)
    return render(request, "hazards/duplicates.html", {
        "proposals": selectors.open_duplicate_proposals(list(units), unpaid), "units": units,
        "can_merge": may.can_merge(request.user),
        "groups": selectors.merged_groups(),
    })


@role_required(*MUNICIPAL)
def group_detail(request, pk):
    _municipal_only(request)
    group = get_visible_or_404(DuplicateGroup.objects.all(), pk=pk)
    can_undo = may.can_undo_merge(request.user, group)
    if request.method == "POST" and not can_undo[0]:
        raise PermissionDenied(can_undo[1])
    if request.method == "POST" and request.POST.get("action") == "undo":
        try:
            services.group_undo(group=group, by=request.user, comment=request.POST.get("comment", ""))
            messages.success(request, "已撤销合并。")
        except DomainError as error:
            show_error(request, error)
        return redirect("hazards:group-detail", pk=pk)
    reports = list(
        group.reports.select_related("union", "hazard_unit", "paid_round").order_by("reported_at", "pk")
        if group.is_active else []
    )
    first = workflows.first_of(reports) if reports else None
    grade, graded_by = workflows.group_grade(reports)
    return render(request, "hazards/group_detail.html", {
        "group": group, "history": history_of(group), "reports": reports, "can_undo": can_undo,
        "undo": undo_allowed(reports) if group.is_active else (False, ""),
        "first": first, "first_refusal": workflows.first_refusal(first) if first else "",
        "grade_label": rules.GRADE_LABELS.get(grade, "—") if grade else "—", "graded_by": graded_by,
        "exception_form": ExceptionForm(reports=[r for r in reports if first and r.pk != first.pk]),
    })


# --- rounds and payout --------------------------------------------------------------------------------

def _union_finance(request) -> Organisation:
    """A system union's finance user reads its own union's part of paid rounds' payment sheets; the rest
    of the round pages span every union and stay municipal."""
    org = request.user.organisation
    if not (request.user.has_role(Role.FINANCE) and org is not None and org.kind == OrgKind.SYSTEM):
        raise PermissionDenied("只有市总工会和系统工会财务可以查看。")
    return org


@role_required(*MUNICIPAL)
def round_list(request):
    if not sees_everything(request.user):
        org = request.user.organisation
        scheme = Scheme.objects.filter(union=org).first() if org is not None else None
        union = _union_finance(request) if scheme is None else org
        paid = selectors.paid_rounds_for_union(union) if request.user.has_role(Role.FINANCE) else Round.objects.none()
        page = paginate(request, paid.order_by("-year"))
        return render(request, "hazards/round_list_union.html", {
            "union": union, "scheme": scheme, "rounds": page, "page": page,
            **scheme_views.rounds_context(scheme),
        })
    current = services.current_round()  # shown before anyone applies to it, never created by this page
    page = paginate(request, selectors.rounds().order_by("-year"))
    return render(request, "hazards/round_list.html", {
        "rounds": page, "page": page, "now": clock.now(), "upcoming": current if current.pk is None else None,
    })


@role_required(*MUNICIPAL)
def round_detail(request, pk):
    round_ = _round(request, pk)
    can_close = may.can_close_round(request.user, round_)
    if request.method == "POST":
        if not can_close[0]:
            raise PermissionDenied(can_close[1])
        try:
            services.round_close(round_=round_, by=request.user)
            messages.success(request, f"{round_}已结算，奖励已标记为发放。")
        except DomainError as error:
            show_error(request, error)
        return redirect("hazards:round-detail", pk=pk)
    # Issue 10: a city round holds tens of thousands of reports. The page lists them a page at a time (the one
    # pager); its figures (counts, charts, the payment table's subtotals and 合计) are one GROUP BY; the payment
    # table lists its rows when the whole round is on the page (the sheet, Excel or PDF, always has them all).
    reports = selectors.round_reports(round_)
    by_union = selectors.round_by_union(reports)
    report_count, paid_count = sum(u["count"] for u in by_union), sum(u["paid_count"] for u in by_union)
    page = paginate(request, reports, count=report_count)
    rows = []
    if report_count <= PER_PAGE:
        paid = [r for r in page.rows if r.status == ReportState.PAID]
        prefetch_related_objects([r for r in paid if r.finder_kind == FinderKind.COLLECTIVE], "payees", "splits__parts")
        rows = exports.payment_table(paid)[0]
    subtotals = [["", f"{u['union__name']} 小计", "", "", "", "", "", u["paid"], yuan_in_capitals(u["paid"])]
                 for u in by_union if u["paid_count"]]
    total = sum((u["paid"] for u in by_union), Decimal("0.00"))
    # HAZ-SCHEME: the city's round flags only merged groups: only its grouped reports are looked at, if any.
    flags = {}
    if round_.scheme_id:
        flags = selectors.paid_elsewhere(reports, proposals=True)
    elif any(u["grouped"] for u in by_union):
        flags = selectors.paid_elsewhere(reports.filter(duplicate_group__isnull=False), proposals=False)
    for report in page.rows:
        report.elsewhere = flags.get(report.pk, [])
    return render(request, "hazards/round_detail.html", {
        "round": round_, "reports": page, "page": page, "history": history_of(round_), "can_close": can_close,
        "scheme": round_.scheme_or_city, "elsewhere_count": len(flags),
        "can_pay_out": may.can_issue_payments(request.user, round_),
        "report_count": report_count, "waiting": sum(u["waiting"] for u in by_union),
        "after_deadline": clock.now() > round_.deadline, "is_paid": round_.status == RoundState.PAID,
        "rows": rows, "paid_count": paid_count, "subtotals": subtotals, "total": total,
        "total_capitals": yuan_in_capitals(total),
        "unions": [{"pk": u["union"], "name": u["union__name"]} for u in by_union],
        "reward_chart": bars([(u["union__name"], u["settled"], format_yuan(u["settled"]), "success")
                              for u in by_union]),
        "grade_chart": bars([(label, n, f"{n} 项", "primary" if grade in (1, 2, 3) else "secondary")
                             for grade, label, n in selectors.reports_by_grade(by_union)]),
    })


def _flag_elsewhere(reports, proposals: bool) -> int:
    """HAZ-SCHEME: mark each report whose hazard another scheme already paid (r.elsewhere); how many are."""
    flags = selectors.paid_elsewhere(reports, proposals)
    for report in reports:
        report.elsewhere = flags.get(report.pk, [])
    return len(flags)


@role_required(*MUNICIPAL)
def payment_xlsx(request, pk):
    """A system union's finance gets only its own rows (SYS-SCOPE), and only once the round is paid."""
    return respond(request, exports.PaymentExport, "xlsx", pk=pk)


@role_required(*MUNICIPAL)
def payment_pdf(request, pk):
    return respond(request, exports.PaymentExport, "pdf", pk=pk)




# --- HAZ-PAYEE: payees, the split, payments ----------------------------------------------------------------

def _formset_errors(formset, error: DomainError) -> None:
    """The service's problems (payee-<n>-<field>) beside their fields; the rest above the form."""
    for key, text in error.fields.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "payee" and parts[1].isdigit() and int(parts[1]) < len(formset.forms):
            formset.forms[int(parts[1])].add_error(parts[2], text)
        else:
            formset._non_form_errors = formset.error_class([*formset.non_form_errors(), text or error.text])


@role_required(Role.SYSTEM_CLERK)
def report_payees(request, pk):
    """The clerk types the payees. Stored ID and account numbers are never sent back unmasked: a field left
    empty keeps the stored value (shown masked beside it)."""
    report = get_visible_or_404(selectors.reports_visible_to(request.user), pk=pk)
    allowed = may.can_edit_report(request.user, report)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    stored = list(report.payees.all())
    if request.method == "POST":
        formset = PayeeFormSet(request.POST, prefix="payee")
        if formset.is_valid():
            rows = []
            for n, form in enumerate(formset.forms):
                row = dict(form.cleaned_data)
                for name in ("id_number", "account"):
                    if not row.get(name) and n < len(stored) and stored[n].name == row.get("name"):
                        row[name] = getattr(stored[n], name)
                rows.append(row)
            try:
                services.payees_set(report=report, by=request.user, rows=rows)
            except DomainError as error:
                _formset_errors(formset, error)
                messages.error(request, error.text)
            else:
                messages.success(request, "收款人信息已保存。")
                return redirect("hazards:report-detail", pk=pk)
        else:
            messages.error(request, "有内容需要修改，请查看字段旁的提示。")
    else:
        if stored:
            initial = [{"name": p.name, "bank": p.bank, "branch": p.branch} for p in stored]
        elif report.finder_kind == FinderKind.COLLECTIVE:
            initial = [{"name": m.name} for m in report.members.all()]
        else:
            initial = [{"name": report.finder_name}]
        formset = PayeeFormSet(prefix="payee", initial=initial or [{}])
    return render(request, "hazards/report_payees.html", {
        "report": report, "formset": formset,
        "rows": list(zip(formset.forms, [(p.masked_id, p.masked_account) for p in stored]
                         + [("", "")] * len(formset.forms), strict=False)),
    })


@role_required(Role.FINANCE)
def report_payees_reveal(request, pk):
    """The paying finance sees the full numbers: a POST, recorded in the report's history (a GET only
    leads back to the report)."""
    report = _report(request, pk)
    allowed = may.can_see_payees(request.user, report)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    if request.method != "POST":
        return redirect("hazards:report-detail", pk=pk)
    services.payees_revealed(report=report, by=request.user)
    context = _report_context(request, report)
    context["revealed"] = True
    return render(request, "hazards/report_detail.html", context)


@role_required(Role.FINANCE)
def report_split(request, pk):
    report = _report(request, pk)
    allowed = may.can_split_reward(request.user, report)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    form = SplitForm(request.POST or None, parts=services.split_of(report))
    if request.method == "POST":
        if form.is_valid():
            try:
                services.split_set(report=report, by=request.user, parts=form.parts(),
                                   reason=form.cleaned_data["reason"])
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, "集体奖励分配已保存。")
                return redirect("hazards:report-detail", pk=pk)
        else:
            messages.error(request, "有内容需要修改，请查看字段旁的提示。")
    return render(request, "hazards/report_split.html", {"report": report, "form": form})


@role_required(Role.FINANCE)
def round_payments(request, pk):
    """The paying finance issues the round's payments (the bank batch file), records each bank reference, marks
    failures and re-issues them. Payees are shown masked here; the bank file carries the full numbers."""
    round_ = _round(request, pk)
    allowed = may.can_issue_payments(request.user, round_)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "issue":
                issued = services.payments_issue(round_=round_, by=request.user)
                messages.success(request, f"已发出 {len(issued)} 笔，请导出银行批量文件。")
            else:
                payment = get_visible_or_404(Payment.objects.filter(round=round_), pk=request.POST.get("payment"))
                if action == "confirm":
                    services.payment_confirm(payment=payment, by=request.user,
                                             bank_reference=request.POST.get("bank_reference", ""))
                    messages.success(request, "已记录到账。")
                elif action == "fail":
                    services.payment_fail(payment=payment, by=request.user, reason=request.POST.get("reason", ""))
                    messages.success(request, "已记录发放失败。")
                elif action == "reissue":
                    services.payment_reissue(payment=payment, by=request.user,
                                             comment=request.POST.get("reason", ""))
                    messages.success(request, "已重新发放，请再次导出银行批量文件。")
        except DomainError as error:
            show_error(request, error)
        return redirect("hazards:round-payments", pk=pk)
    return render(request, "hazards/round_payments.html", {
        "round": round_, "is_paid": round_.status == RoundState.PAID,
        "payments": Payment.objects.filter(round=round_).select_related("payee", "report").order_by(
            "report_id", "payee__order", "attempt"),
        "missing": services.reports_without_payees(round_) if round_.pk else [],
        "issued_count": Payment.objects.filter(round=round_, status=PaymentState.ISSUED).count(),
        "history": history_of(round_), "issue_confirm": services.ISSUE_CONFIRM,
    })


@role_required(Role.REVIEWER)
def group_exception(request, pk):
    """HAZ-FIRST: the reviewer names another member when the first finder cannot be rewarded (a POST)."""
    _municipal_only(request)
    group = get_visible_or_404(DuplicateGroup.objects.all(), pk=pk)
    allowed = may.can_merge(request.user, group)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    if request.method == "POST":
        reports = list(group.reports.all())
        form = ExceptionForm(request.POST, reports=reports)
        if form.is_valid():
            chosen = next(r for r in reports if r.pk == form.cleaned_data["exception_report"])
            try:
                services.group_name_exception(group=group, report=chosen, by=request.user,
                                              reason=form.cleaned_data["reason"])
                messages.success(request, "已指定例外获奖人，理由已记录。")
            except DomainError as error:
                show_error(request, error)
        else:
            messages.error(request, "请选择报告并填写例外理由。")
    return redirect("hazards:group-detail", pk=pk)
