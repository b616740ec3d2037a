"""HAZ-SCHEME pages: the unions' own reward schemes (《奖励办法》第十一条), their rounds, and the scheme a report
is entered into. Thin, role-guarded, scoped like the rest of the app (SYS-SCOPE)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from jinan_union.audit import history_of
from jinan_union.enums import Role
from jinan_union.errors import DomainError, show_error
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404

from . import permissions as may
from . import selectors, services
from .enums import READERS
from .models import Scheme
from .scheme_forms import SchemeChoiceForm, SchemeForm

SCHEME_READERS = (*READERS, Role.ADMIN)


def choice_for(user, report):
    """The report page's scheme choice (a form), when the report's union has its own scheme and the clerk may
    still choose; else None."""
    if not may.can_choose_scheme(user, report)[0]:  # asked first: it reads nothing (issue 10: fewer queries)
        return None
    schemes = services.schemes_open_to(report.union)
    if len(schemes) < 2:
        return None
    current = "city" if report.scheme_id is None else str(report.scheme_id)
    return SchemeChoiceForm(schemes=schemes, initial={"scheme": current})


def rounds_context(scheme: Scheme | None) -> dict:
    """A union's own scheme's rounds for its staff's round list, with the round now open (never created here)."""
    if scheme is None:
        return {"scheme_rounds": [], "scheme_upcoming": None}
    current = services.current_round(scheme=scheme)
    return {"scheme_rounds": selectors.rounds(scheme),
            "scheme_upcoming": current if current.pk is None else None}


@role_required(*SCHEME_READERS)
def scheme_list(request):
    schemes = list(selectors.schemes_visible_to(request.user))
    return render(request, "hazards/scheme_list.html", {
        "schemes": schemes, "can_create": may.can_create_scheme(request.user),
    })


@role_required(*SCHEME_READERS)
def scheme_detail(request, pk):
    scheme = get_visible_or_404(selectors.schemes_visible_to(request.user), pk=pk)
    reads_rounds = not scheme.is_city and (
        request.user.organisation_id == scheme.union_id or selectors.sees_everything(request.user))
    return render(request, "hazards/scheme_detail.html", {
        "scheme": scheme, "history": history_of(scheme), "can_change": may.can_change_scheme(request.user, scheme),
        "reads_rounds": reads_rounds, **(rounds_context(scheme) if reads_rounds else {}),
        "is_clerk": may.can_create_report(request.user)[0] and request.user.organisation.system_union == scheme.union,
    })


def _scheme_form_page(request, scheme: Scheme, allowed):
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    form = SchemeForm(request.POST or None, instance=scheme)
    if request.method == "POST":
        if form.is_valid():
            try:
                scheme = services.scheme_save(scheme=form.save(commit=False), by=request.user)
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, "奖励办法已保存，修改已记录。")
                return redirect("hazards:scheme-detail", pk=scheme.pk)
        else:
            messages.error(request, "有内容需要修改，请查看字段旁的提示。")
    return render(request, "hazards/scheme_form.html", {"form": form, "scheme": scheme})


@role_required(Role.ADMIN)
def scheme_new(request):
    union = request.user.organisation
    return _scheme_form_page(request, Scheme(name=f"{union}职工排查安全生产事故隐患奖励办法" if union else ""),
                             may.can_create_scheme(request.user))


@role_required(Role.ADMIN)
def scheme_edit(request, pk):
    scheme = get_visible_or_404(selectors.schemes_visible_to(request.user), pk=pk)
    return _scheme_form_page(request, scheme, may.can_change_scheme(request.user, scheme))


@role_required(Role.SYSTEM_CLERK)
def scheme_application(request, pk):
    """The clerk's union's application to its own scheme's current round: the saved one, or the page of the one
    it would start (a GET creates nothing)."""
    from .views import _application_page

    union = request.user.organisation.system_union
    scheme = get_visible_or_404(Scheme.objects.filter(union=union, union__isnull=False), pk=pk)
    application = services.application_of(union, services.current_round(scheme=scheme))
    if application.pk and request.method != "POST":
        return redirect("hazards:application-detail", pk=application.pk)
    return _application_page(request, application)


@role_required(Role.SYSTEM_CLERK)
def report_scheme(request, pk):
    """The clerk enters a report into the city's scheme or the union's own (a POST; a GET leads back)."""
    report = get_visible_or_404(selectors.reports_visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect("hazards:report-detail", pk=pk)
    allowed = may.can_choose_scheme(request.user, report)
    if not allowed[0]:
        raise PermissionDenied(allowed[1])
    form = SchemeChoiceForm(request.POST, schemes=services.schemes_open_to(report.union))
    if not form.is_valid():
        messages.error(request, "请选择奖励办法。")
        return redirect("hazards:report-detail", pk=pk)
    try:
        services.report_set_scheme(report=report, by=request.user, scheme=form.chosen())
        messages.success(request, f"已选择：{form.chosen()}。")
    except DomainError as error:
        show_error(request, error)
    return redirect("hazards:report-detail", pk=pk)
