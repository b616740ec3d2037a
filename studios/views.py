"""Thin views: parse the request, call a selector or a service, render."""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from jinan_union.articles import cite
from jinan_union.audit import history_of
from jinan_union.charts import Bar, bars
from jinan_union.documents import chinese_date, pdf_response
from jinan_union.enums import Role
from jinan_union.errors import DomainError, show_error
from jinan_union.exports import respond
from jinan_union.files import attachments_of
from jinan_union.paging import ordered, paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404
from jinan_union.workflow import allowed, move
from jinan_union.workflow import confirmation as confirm_text

from . import exports, permissions, rules, selectors, services, steps
from .enums import (
    DECIDABLE_STATES,
    EDITABLE_STATES,
    INSPECTION_PHOTO,
    LEADER_EVIDENCE,
    MUNICIPAL_STATES,
    ApplicationState,
    StudioStatus,
)
from .filters import ApplicationFilter, LedgerFilter, StudioFilter
from .forms import (
    AssessmentForm,
    BasicStepForm,
    BatchForm,
    CategoryStepForm,
    ChecklistForm,
    FraudForm,
    HonourForm,
    InspectionForm,
    KeepDecisionForm,
    LeaderStepForm,
    LedgerForm,
    MaterialsStepForm,
    MeetingForm,
    NamingForm,
    ReasonForm,
    SpotCheckForm,
    StudioDecisionForm,
    StudioForm,
)
from .models import PLAQUE_TITLE, NamingBatch
from .steps import STEPS  # the clerk's application steps
from .workflows import APPLICATION

ALL_ROLES = tuple(Role.values)
# The union's studio pages are not an expert's: an expert sees the applications assigned to them (STU-SCORE).
UNION_ROLES = tuple(r for r in ALL_ROLES if r != Role.EXPERT)
APP_ROLES = (Role.SYSTEM_CLERK, Role.GRASSROOTS_CLERK, Role.REVIEWER, Role.SECRETARY, Role.ADMIN)


# Moves made from the review card of the application page (and the batch page); the others have their own
# pages (submit: the pre-submit check, inspect: the inspection record, disqualify: the fraud notice, name: the
# batch's naming document).
CARD_MOVES = ("return", "reject", "recommend", "approve", "decline")


# --- charts (jinan_union.charts): rows of (label, value, display[, tone]) -------------------------------------


def quota_chart(per_year: list[tuple[int, int]], this_year: int) -> list[Bar]:
    """Studios named per year against the yearly limit of S§6, drawn as the first, grey bar."""
    limit = rules.QUOTA_PER_YEAR
    counts = dict(per_year)
    counts.setdefault(this_year, 0)
    return bars([("每年上限", limit, f"{limit} 家", "secondary")] + [
        (f"{year}年", n, f"{n} / {limit} 家", "warning" if n >= limit else "success")
        for year, n in sorted(counts.items())
    ])


# A province has some 200 system unions: the chart draws those with the most studios, a line sums the rest
# (200 bars were two thirds of the list page's HTML and unreadable; the 系统工会 filter finds any union).
UNION_CHART_BARS = 15


def union_chart(per_union: list[tuple[str, int, int]]) -> tuple[list[Bar], str]:
    shown, rest = per_union[:UNION_CHART_BARS], per_union[UNION_CHART_BARS:]
    note = ""
    if rest:
        n, named = sum(r[1] for r in rest), sum(r[2] for r in rest)
        note = f"另有{len(rest)}个系统工会共{n:,}家（市级{named:,}家），可按系统工会筛选查看。"
    return bars([(union, n, f"{n} 家（市级{named}）") for union, n, named in shown]), note


def results_chart(results: list[dict]) -> list[Bar]:
    """STU-RESULTS-YEAR per year: projects and applied results, red when below the minimum of S§4(六)."""
    rows = []
    for r in results:
        rows.append((f"{r['year']}年 课题/项目", r["projects"], f"{r['projects']} 项",
                     "success" if r["projects"] >= rules.RESULTS_MIN_PROJECTS else "danger"))
        rows.append((f"{r['year']}年 推广应用成果", r["applied"], f"{r['applied']} 项",
                     "success" if r["applied"] >= rules.RESULTS_MIN_APPLIED else "danger"))
    return bars(rows)


# --- studios -------------------------------------------------------------------------------------------


@role_required(*UNION_ROLES)
def studio_list(request):
    qs = selectors.studios_visible_to(request.user)
    f = StudioFilter(request.GET, queryset=qs, request=request)
    page = paginate(request, selectors.with_assessment_flag(ordered(f)))
    # Statistics of every studio the user may see, whatever the filters: the limit is per year, not per filter.
    per_year, per_union = selectors.studio_counts(qs)
    union_bars, union_note = union_chart(per_union)
    return render(request, "studios/studio_list.html", {
        "filter": f, "studios": page, "page": page, "export_name": exports.STUDIOS_EXPORT,
        "can_register": permissions.can_register_studio(request.user)[0],
        "quota_chart": quota_chart(per_year, timezone.localdate().year),
        "union_chart": union_bars, "union_chart_note": union_note,
    })


@role_required(*ALL_ROLES)
def public_list(request):
    """STU-ALLIANCE (S§20): named studios and their applied results, read-only, for every union."""
    page = paginate(request, selectors.public_named_studios())
    return render(request, "studios/public_list.html", {"studios": page, "page": page})


@role_required(Role.SYSTEM_CLERK)
def studio_new(request):
    form = StudioForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            studio = services.studio_register(by=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"工作室“{studio.name}”已登记。")
            return redirect("studios:studio-detail", pk=studio.pk)
    return render(request, "studios/form.html", {"form": form, "title": "登记创新工作室"})


@role_required(*UNION_ROLES)
def studio_detail(request, pk):
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    user = request.user
    results = selectors.results_by_year(studio)
    decisions = list(studio.decisions.select_related("decided_by"))  # newest first: the first is the one in force
    return render(request, "studios/studio_detail.html", {
        "studio": studio,
        "applications": studio.applications.all(),
        "spot_checks": studio.spot_checks.select_related("checked_by"),
        "assessments": selectors.assessments_of(studio),
        "results": results,
        "results_chart": results_chart(results),
        "history": history_of(studio),
        "can_apply": permissions.can_apply(user, studio)[0],
        "can_spotcheck": permissions.can_spot_check(user, studio)[0] and studio.status in MUNICIPAL_STATES,
        "can_decide": permissions.can_decide_delisting(user, studio)[0] and studio.status in DECIDABLE_STATES,
        "can_keep": allowed(studio, "keep", user).ok,
        "decision": decisions[0] if decisions else None,
        "honours": selectors.honours_of(studio),
        "decisions": decisions,
    })


@role_required(Role.SYSTEM_CLERK)
def application_start(request, pk):
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect("studios:studio-detail", pk=studio.pk)
    try:
        app = services.application_start(studio=studio, by=request.user)
    except DomainError as error:
        show_error(request, error)
        return redirect("studios:studio-detail", pk=studio.pk)
    return redirect("studios:application-edit", pk=app.pk, step="basic")


# --- applications: the clerk's multi-step form ------------------------------------------------------------


@role_required(Role.SYSTEM_CLERK)
def application_edit(request, pk, step):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    if step not in dict(STEPS):
        step = "basic"
    if app.state not in EDITABLE_STATES:
        messages.info(request, f"申报当前状态为“{app.get_state_display()}”，不能修改。")
        return redirect("studios:application-detail", pk=app.pk)
    forms_by_step = {"basic": BasicStepForm, "leader": LeaderStepForm, "category": CategoryStepForm}
    post = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    honour_form = HonourForm()
    if step == "materials":
        form = MaterialsStepForm(post, files)
    else:
        form = forms_by_step[step](post, files, instance=app)
    if request.method == "POST":
        try:
            saved = _save_step(request, app, step, form)
        except DomainError as error:
            show_error(request, error, form)
            saved = False
        if saved and step == "category" and request.POST.get("op") == "add_honour":
            # The honour's fields belong to the step form, so the statement typed above is saved with it.
            honour_form = HonourForm(request.POST)
            if honour_form.is_valid():
                try:
                    services.honour_add(application=app, by=request.user, data=honour_form.cleaned_data)
                except DomainError as error:
                    show_error(request, error, honour_form)
                else:
                    messages.success(request, "已添加获奖/专利/称号。")
                    return redirect("studios:application-edit", pk=app.pk, step=step)
        elif saved:
            messages.success(request, "已保存草稿。")
            target = request.POST.get("next") or step
            if target == "check":
                return redirect("studios:application-check", pk=app.pk)
            return redirect("studios:application-edit", pk=app.pk, step=target)
    app.refresh_from_db()
    checks = selectors.checks_for(app, on=timezone.localdate())
    return render(request, "studios/application_edit.html", {
        "app": app, "step": step, "steps": STEPS, "form": form, "honour_form": honour_form,
        "honours": app.counted_honours(), "materials": selectors.materials_of(app),
        "evidence": attachments_of(app, LEADER_EVIDENCE),
        "next_step": _next_step(step),
        "step_status": steps.status(checks),
        "step_problems": [p for p in steps.problems(app, checks) if p.step == step],
        "category_conditions": steps.category_conditions(app.category),
        "upload_limit": steps.upload_limit_text(),
    })


def _next_step(step: str) -> str:
    names = [s for s, _ in STEPS]
    i = names.index(step)
    return names[i + 1] if i + 1 < len(names) else "check"


def _save_step(request, app, step, form) -> bool:
    """Save what is valid; a bad file is reported next to its field and the others are kept (SYS-ERR)."""
    by = request.user
    # Removing an honour or withdrawing a file posts the whole step form: what was typed or chosen beside it
    # is saved as well.
    if request.POST.get("remove_honour"):
        honour = app.current_honours().filter(pk=request.POST["remove_honour"]).first()
        if honour:
            services.honour_remove(honour=honour, by=by)
    if request.POST.get("withdraw_file"):
        file = attachments_of(app).filter(uuid=request.POST["withdraw_file"]).first()
        if file:
            services.file_withdraw(application=app, by=by, attachment=file)
    if not form.is_valid():
        return False
    if step == "materials":
        stored, refused = [], False
        for kind, upload in list(form.cleaned_data.items()):
            if upload:
                try:
                    stored.append(services.file_add(application=app, by=by, kind=kind, upload=upload))
                except DomainError as error:
                    show_error(request, error, form)
                    refused = True
        if refused and stored:
            # The page is shown again with the errors: say which files need not be chosen again.
            names = "、".join(f"“{a.original_name}”" for a in stored)
            messages.success(request, f"已保存{names}；其余文件未保存，见各项下的提示。")
        return not refused
    changes = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
    services.application_save(application=app, by=by, changes=changes)
    if step == "leader" and form.cleaned_data.get("evidence"):
        try:
            services.file_add(application=app, by=by, kind=LEADER_EVIDENCE, upload=form.cleaned_data["evidence"],
                              field="evidence")
        except DomainError as error:
            show_error(request, error, form)
            return False
    return True


@role_required(Role.SYSTEM_CLERK)
def application_check(request, pk):
    """The pre-submit page: every automatic check with its article; a failed hard one blocks the submit."""
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    if request.method == "POST":
        try:
            move(app, "submit", by=request.user, comment=request.POST.get("reason", ""))
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, "申报已提交，等待市总工会生产保护部审核。")
            return redirect("studios:application-detail", pk=app.pk)
    checks = selectors.checks_for(app, on=timezone.localdate())
    return render(request, "studios/application_check.html", {
        "app": app, "checks": checks, "blocking": rules.blocking(checks), "steps": STEPS,
        "step_status": steps.status(checks), "problems": steps.problems(app, checks),
        "editable": app.state in EDITABLE_STATES and permissions.can_edit_application(request.user, app)[0],
    })


# --- applications: list, detail, review ---------------------------------------------------------------------


@role_required(*APP_ROLES)
def application_list(request):
    qs = selectors.applications_visible_to(request.user)
    f = ApplicationFilter(request.GET, queryset=qs, request=request)
    page = paginate(request, ordered(f))
    return render(request, "studios/application_list.html", {
        "filter": f, "applications": page, "page": page, "export_name": exports.APPLICATIONS_EXPORT,
    })


@role_required(*APP_ROLES)
def application_detail(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    user = request.user
    checklist = ChecklistForm(application=app)
    if request.method == "POST" and request.POST.get("op") == "checklist":
        checklist = ChecklistForm(request.POST, application=app)
        if checklist.is_valid():
            try:
                services.checklist_mark(application=app, by=user, marks=checklist.marks())
            except DomainError as error:
                show_error(request, error, checklist)
            else:
                messages.success(request, "检查项已保存。")
                return redirect("studios:application-detail", pk=app.pk)
    actions = [(name, APPLICATION.moves[name].label, APPLICATION.moves[name].needs_comment) for name in CARD_MOVES
               if allowed(app, name, user)]
    inspections = list(app.inspections.select_related("recorded_by"))
    return render(request, "studios/application_detail.html", {
        "app": app,
        "checks": selectors.checks_for(app),
        "materials": selectors.materials_of(app),
        "evidence": attachments_of(app, LEADER_EVIDENCE),
        "honours": app.counted_honours(),
        "checklist": checklist,
        "is_reviewer": permissions.can_checklist(user, app)[0],
        "actions": actions,
        "reason_form": ReasonForm(),
        "inspections": [(i, attachments_of(i, INSPECTION_PHOTO)) for i in inspections],
        "can_edit": allowed(app, "submit", user).ok,
        "can_inspect": permissions.can_record_inspection(user, app)[0],
        "can_disqualify": allowed(app, "disqualify", user).ok,
        "history": history_of(app),
    })


@role_required(Role.SYSTEM_CLERK, Role.REVIEWER, Role.SECRETARY)
def application_action(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action", "")
    if action not in CARD_MOVES:
        messages.error(request, "未知操作。")
    else:
        try:
            move(app, action, by=request.user, comment=request.POST.get("reason", ""))
        except DomainError as error:
            show_error(request, error)
        else:
            messages.success(request, f"已{APPLICATION.moves[action].label}。")
    back = request.POST.get("back")
    if back == "batch" and app.naming_batch_id:
        return redirect("studios:batch-detail", pk=app.naming_batch_id)
    return redirect("studios:application-detail", pk=app.pk)


@role_required(Role.REVIEWER)
def application_inspect(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = InspectionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_record(
                application=app, by=request.user, inspected_on=data["inspected_on"], people=data["people"],
                findings=data["findings"], photos=[data["photo"]] if data["photo"] else [],
            )
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "考察记录已保存。")
            return redirect("studios:application-detail", pk=app.pk)
    return render(request, "studios/form.html", {"form": form, "title": f"考察记录：{app.studio.name}",
                                                  "multipart": True, "app": app,
                                                  "confirm": confirm_text(app, "inspect")})


@role_required(Role.REVIEWER)
def application_fraud(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = FraudForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.fraud_disqualify(application=app, by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.warning(request, "已取消评审资格并通报批评。")
            return redirect("studios:application-detail", pk=app.pk)
    return render(request, "studios/form.html", {
        "form": form, "title": f"弄虚作假·取消资格并通报批评：{app.studio.name}", "app": app,
        "note": f"{cite('S§10')}：申报材料弄虚作假或存在不实情况的，一经核实，取消评审资格并通报批评。",
        "confirm": confirm_text(app, "disqualify"),
    })


@role_required(*APP_ROLES)
def application_pdf(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    return pdf_response("studios/pdf/application_form.html", {
        "title": "济南市劳模和工匠人才创新工作室申报表",
        "app": app, "studio": app.studio, "honours": app.counted_honours(), "today": chinese_date(timezone.localdate()),
        "basics": [(label, app.basic_text(code)) for code, label in
                   [("venue", "有场所"), ("rules", "有制度"), ("team", "有团队"), ("activities", "有活动"),
                    ("funds", "有经费"), ("results", "有成果")]],
    }, f"创新工作室申报表-{app.studio.name}.pdf")


# --- naming batches (secretary) ---------------------------------------------------------------------------


@role_required(Role.SECRETARY, Role.REVIEWER)
def batch_list(request):
    batches = selectors.batches_visible_to(request.user)
    years = sorted(set(batches.values_list("year", flat=True).distinct()) | {timezone.localdate().year},
                   reverse=True)
    page = paginate(request, batches.order_by("-year", "-pk"))
    return render(request, "studios/batch_list.html", {
        "batches": page, "page": page, "quota": selectors.quota_taken_by_year(years[:3]),
        "limit": rules.QUOTA_PER_YEAR, "can_manage": permissions.can_manage_batches(request.user)[0],
    })


@role_required(Role.SECRETARY)
def batch_new(request):
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            return redirect("studios:batch-detail", pk=batch.pk)
    return render(request, "studios/form.html", {"form": form, "title": "新建命名批次"})


BATCH_LIST = "/studios/batches/"


def _back_to_list(request) -> str:
    """Issue 11: the batch list the user came from, with its query (year, page), from `next` or the referer;
    only a local URL of the batch list is followed (url_has_allowed_host_and_scheme), otherwise the plain list."""
    for candidate in (request.POST.get("next"), request.GET.get("next"), request.META.get("HTTP_REFERER")):
        if not candidate:
            continue
        parts = urlsplit(candidate)
        if parts.netloc and parts.netloc != request.get_host():
            continue
        local = urlunsplit(("", "", parts.path, parts.query, ""))
        if parts.path == BATCH_LIST and url_has_allowed_host_and_scheme(
                candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return local
    return BATCH_LIST


def _batch_url(batch, back: str) -> str:
    url = reverse("studios:batch-detail", args=[batch.pk])
    return url if back == BATCH_LIST else f"{url}?{urlencode({'next': back})}"


def _batch_steps(batch, applications) -> list[dict]:
    """① 会议审定 → ② 决定 → ③ 发文命名 (S§11): which are complete and which is the current one."""
    decided = bool(applications) and not any(a.state == ApplicationState.RECOMMENDED for a in applications)
    done = [batch.meeting_recorded, batch.meeting_recorded and decided, bool(batch.named_on)]
    current = next((i for i, d in enumerate(done) if not d), None)
    labels = ["会议审定", "决定", "发文命名"]
    return [{"number": "①②③"[i], "label": labels[i], "done": done[i], "current": i == current}
            for i in range(3)]


@role_required(Role.SECRETARY, Role.REVIEWER)
def batch_detail(request, pk):
    batch = get_visible_or_404(selectors.batches_visible_to(request.user), pk=pk)
    back = _back_to_list(request)
    meeting_form = MeetingForm(instance=batch)
    naming_form = NamingForm(initial={"document_number": batch.document_number})
    op = request.POST.get("op") if request.method == "POST" else None
    may_manage, why_not = permissions.can_manage_batches(request.user, batch)
    if op and not may_manage:
        messages.error(request, why_not)
        op = None
    form = None
    try:
        if op == "add":
            chosen = selectors.applications_visible_to(request.user).filter(
                pk__in=request.POST.getlist("application"), state=ApplicationState.RECOMMENDED,
                naming_batch__isnull=True,
            )
            n = services.batch_add(batch=batch, applications=list(chosen), by=request.user)
            messages.success(request, f"已列入{n}份申报。")
            return redirect(_batch_url(batch, back))
        if op == "meeting":
            meeting_form = form = MeetingForm(request.POST, instance=NamingBatch.objects.get(pk=batch.pk))
            if meeting_form.is_valid():
                d = meeting_form.cleaned_data
                services.batch_record_meeting(batch=batch, by=request.user, meeting_type=d["meeting_type"],
                                              meeting_date=d["meeting_date"], minutes_number=d["minutes_number"])
                messages.success(request, "会议记录已保存。")
                return redirect(_batch_url(batch, back))
        if op == "name":
            naming_form = form = NamingForm(request.POST)
            if naming_form.is_valid():
                named = services.batch_name(batch=batch, by=request.user, **naming_form.cleaned_data)
                messages.success(request, f"已发文命名{len(named)}家创新工作室，授予“{PLAQUE_TITLE}”牌匾。")
                return redirect(_batch_url(batch, back))
    except DomainError as error:
        show_error(request, error, form)
    batch.refresh_from_db()
    applications = list(batch.applications.select_related("studio", "studio__system_union", "studio__work_unit"))
    return render(request, "studios/batch_detail.html", {
        "batch": batch, "back": back, "steps": _batch_steps(batch, applications),
        "read_only": bool(batch.named_on),
        "applications": applications,
        "candidates": selectors.applications_visible_to(request.user).filter(
            state=ApplicationState.RECOMMENDED, naming_batch__isnull=True),
        "meeting_form": meeting_form, "naming_form": naming_form,
        "taken": selectors.quota_taken(batch.year), "limit": rules.QUOTA_PER_YEAR,
        "ranking": selectors.ranking_for_year(batch.year),  # STU-SCORE: the experts' ranking beside the quota
        "is_secretary": may_manage,
        "history": history_of(batch),
    })


@role_required(Role.SECRETARY, Role.REVIEWER)
def batch_annex(request, pk, fmt="pdf"):
    return respond(request, exports.NamingListExport, fmt, pk=pk)


# --- after naming: ledger, assessment, spot checks -----------------------------------------------------------


@role_required(*UNION_ROLES)
def ledger(request, pk):
    """STU-LEDGER: the work ledger with each entry's attachments, filtered by year and kind; a new entry keeps its
    upload across a failed save; a correction is a new entry naming the corrected one (?corrects=<id>)."""
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    can_write, why_not = permissions.can_keep_ledger(request.user, studio)
    if request.method == "POST" and not can_write:
        raise PermissionDenied(why_not)
    visible = selectors.ledger_visible_to(request.user).filter(studio=studio)
    correcting = None
    if request.method == "GET" and can_write and request.GET.get("corrects", "").isdigit():
        correcting = visible.filter(pk=request.GET["corrects"], corrected_by__isnull=True).first()
    initial = {}
    if correcting is not None:
        initial = {f: getattr(correcting, f) for f in ("kind", "happened_on", "title", "description",
                                                       "participants", "result_applied")}
        initial["corrects"] = correcting.pk
    staged = selectors.staged_of(request.user, request.POST.getlist("attachment_staged")) \
        if request.method == "POST" else []
    form = LedgerForm(request.POST or None, request.FILES or None, studio=studio, initial=initial)
    if request.method == "POST":
        valid = form.is_valid()
        upload = form.cleaned_data.get("attachment") if "attachment" in getattr(form, "cleaned_data", {}) else None
        try:
            if upload:
                staged.append(services.ledger_stage(upload, studio=studio, by=request.user))
            if valid:
                data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
                services.ledger_add(studio=studio, by=request.user, data=data,
                                    staged_ids=[a.uuid for a in staged])
        except DomainError as error:
            show_error(request, error, form)
        else:
            if valid:
                messages.success(request, "台帐已记录。" if not form.cleaned_data.get("corrects") else
                                 "更正记录已保存，原记录标为已更正。")
                return redirect("studios:ledger", pk=studio.pk)
        if correcting is None and form.data.get("corrects", "").isdigit():
            correcting = visible.filter(pk=form.data["corrects"]).first()
    filters = LedgerFilter(request.GET, queryset=visible)
    filters.form.auto_id = "filter_%s"  # beside the entry form (its own 类别, 日期): each label names its own field
    page = paginate(request, ordered(filters).select_related("recorded_by", "corrects", "corrected_by"))
    files = selectors.attachments_by_entry(page)
    for entry in page:
        entry.files = files.get(entry.pk, [])
    return render(request, "studios/ledger.html", {
        "studio": studio, "entries": page, "page": page, "filter": filters, "form": form, "can_write": can_write,
        "staged": staged, "correcting": correcting,
        "export_url": reverse("studios:ledger-export", args=[studio.pk]), "export_label": "导出台帐（Excel）",
        "results": selectors.results_by_year(studio), "assessments": selectors.assessments_of(studio),
        "can_assess": permissions.can_assess(request.user, studio)[0],
    })


@role_required(*UNION_ROLES)
def ledger_export(request, pk):
    return respond(request, exports.LedgerExport, "xlsx", pk=pk)


@role_required(Role.GRASSROOTS_CLERK)
def assessment_new(request, pk):
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(studio=studio, by=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "年度考核已记录。")
            return redirect("studios:ledger", pk=studio.pk)
    ledger_url = reverse("studios:ledger", args=[studio.pk])
    return render(request, "studios/form.html", {
        "form": form, "title": f"年度考核评估：{studio.name}", "studio": studio,
        "crumbs": [(ledger_url, "工作台帐")], "back_url": ledger_url,
        "note": f"{cite('S§17')}：所在单位工会每年对创新工作室建设运行和作用发挥情况进行考核评估。",
        "confirm": "考核记录保存后不能修改；结论为不合格的，" + confirm_text(studio, "assessment_failed"),
    })


def _decision_page(request, pk, *, form_class, decide, title: str, note: str, confirm):
    """The secretary records a meeting's decision on a studio's title (摘牌, 撤销命名 or 保留) with its document:
    one page for each kind, the service (studio_decide / studio_keep) judges and moves."""
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = decide(studio=studio, by=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"已记录{decision.get_kind_display()}决定（{decision.document_number}）。")
            return redirect("studios:studio-detail", pk=studio.pk)
    return render(request, "studios/form.html", {
        "form": form, "title": f"{title}：{studio.name}", "studio": studio,
        "note": f"当前状态：{studio.status_text}。{note}", "confirm": confirm(studio),
        "back_url": reverse("studios:studio-detail", args=[studio.pk]),
    })


@role_required(Role.SECRETARY)
def studio_decision(request, pk):
    """STU-SPOTCHECK / STU-REVOKE: the secretary records the meeting's 摘牌 or 撤销命名 and its document."""
    return _decision_page(
        request, pk, form_class=StudioDecisionForm, decide=services.studio_decide, title="摘牌/撤销命名决定",
        note=f"{cite('S§17')}：整改不达标的予以摘牌；{cite('S§10')}：弄虚作假的撤销命名并通报批评，追回资助资金。",
        confirm=lambda studio: "决定记录后按所选摘牌或撤销命名，该工作室不再是市级创新工作室，不能恢复。",
    )


@role_required(Role.SECRETARY)
def studio_keep(request, pk):
    """STU-SPOTCHECK: the secretary records the meeting's 保留 of a studio awaiting de-listing, like a de-listing."""
    return _decision_page(
        request, pk, form_class=KeepDecisionForm, decide=services.studio_keep, title="保留决定",
        note=f"{cite('S§17')}：整改不达标的予以摘牌；经党组会/主席办公会研究决定保留的，记录会议和发文，"
             "该工作室结束待摘牌。",
        confirm=lambda studio: confirm_text(studio, "keep"),  # the move's own sentence (Move.confirm)
    )


@role_required(Role.REVIEWER)
def spotcheck_new(request, pk):
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    form = SpotCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachment"}
        try:
            services.spotcheck_record(studio=studio, by=request.user, data=data,
                                      files=[form.cleaned_data["attachment"]] if form.cleaned_data["attachment"]
                                      else [])
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "抽查记录已保存。")
            return redirect("studios:studio-detail", pk=studio.pk)
    recheck = studio.status == StudioStatus.RECTIFYING
    return render(request, "studios/form.html", {
        "form": form, "multipart": True, "studio": studio,
        "title": f"{'整改复查' if recheck else '抽查'}：{studio.name}",
        "note": f"当前状态：{studio.status_text}。{cite('S§17')}：检查结果未达到要求的限期整改，整改不达标的予以摘牌。",
        "confirm": "检查记录保存后不能修改；未达到要求的，"
                   + confirm_text(studio, "recheck_failed" if recheck else "rectify"),
        "back_url": reverse("studios:studio-detail", args=[studio.pk]),
    })
