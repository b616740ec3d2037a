"""The yearly call (STU-CALL) and expert scoring (STU-SCORE): thin views over services and selectors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from jinan_union.enums import Role
from jinan_union.errors import DomainError, show_error
from jinan_union.files import attachments_of
from jinan_union.paging import paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404

from . import permissions, rules, selectors, services
from .enums import SCORE_CRITERIA
from .forms import AssignExpertForm, CallForm, ScoreForm

ALL_ROLES = tuple(Role.values)


@role_required(*ALL_ROLES)
def call_list(request):
    page = paginate(request, selectors.calls_visible_to(request.user).order_by("-year", "-pk"))
    return render(request, "studios/call_list.html", {
        "calls": page, "page": page, "may_open": permissions.can_open_call(request.user)[0],
    })


@role_required(Role.REVIEWER)
def call_new(request):
    form = CallForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "attachments"}
        uploads = request.FILES.getlist("attachments")
        try:
            call = services.call_publish(by=request.user, data=data, uploads=uploads)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "申报通知已发布。")
            return redirect("studios:call-detail", pk=call.pk)
    return render(request, "studios/form.html", {"form": form, "title": "发布年度申报通知",
                                                 "note": "申报时间以上海时间（北京时间）的日期计，首尾两日均可提交。"})


@role_required(*ALL_ROLES)
def call_detail(request, pk):
    call = get_visible_or_404(selectors.calls_visible_to(request.user), pk=pk)
    may_rank = permissions.can_see_ranking(request.user, call)[0]
    return render(request, "studios/call_detail.html", {
        "call": call, "files": attachments_of(call), "is_open": call.is_open(),
        "ranking": selectors.ranking(call) if may_rank else None, "criteria": SCORE_CRITERIA,
    })


@role_required(Role.REVIEWER)
def application_experts(request, pk):
    app = get_visible_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = AssignExpertForm(request.POST or None)
    if request.method == "POST":
        require_ok, reason = permissions.can_assign_experts(request.user, app)
        if not require_ok:
            messages.error(request, reason)
        elif form.is_valid():
            try:
                services.expert_assign(application=app, expert=form.cleaned_data["expert"], by=request.user)
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, f"已分配评审专家{form.cleaned_data['expert'].full_name}，并已通知本人。")
                return redirect("studios:application-experts", pk=app.pk)
    assignments = app.expert_assignments.select_related("expert", "expert__organisation", "score")
    return render(request, "studios/application_experts.html", {
        "app": app, "form": form, "assignments": assignments, "criteria": SCORE_CRITERIA,
        "may_assign": permissions.can_assign_experts(request.user, app),
        "row": next(iter(selectors.ranking(applications=type(app).objects.filter(pk=app.pk))), None),
    })


@role_required(Role.EXPERT)
def expert_home(request):
    page = paginate(request, selectors.assignments_of_expert(request.user))
    return render(request, "studios/expert_home.html", {"assignments": page, "page": page})


@role_required(Role.EXPERT)
def score(request, pk):
    assignment = get_visible_or_404(selectors.assignments_of_expert(request.user), pk=pk)
    app = assignment.application
    may, why_not = permissions.can_score(request.user, assignment)
    form = ScoreForm(request.POST or None)
    if request.method == "POST":
        if not may:
            raise PermissionDenied(why_not)
        if form.is_valid():
            try:
                services.expert_score(assignment=assignment, by=request.user, data=form.cleaned_data)
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, "评分已提交。")
                return redirect("studios:score", pk=assignment.pk)
    return render(request, "studios/score.html", {
        "assignment": assignment, "app": app, "form": form, "may_score": may, "why_not": why_not,
        "scores": selectors.scores_seen_by(request.user, app), "criteria": SCORE_CRITERIA,
        "basics": [(label, app.basic_text(code)) for code, label in (
            ("venue", "有场所"), ("rules", "有制度"), ("team", "有团队"), ("activities", "有活动"),
            ("funds", "有经费"), ("results", "有成果"))],
        "honours": app.counted_honours(), "limit": rules.QUOTA_PER_YEAR,
    })
