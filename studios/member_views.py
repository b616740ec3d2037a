"""STU-MEMBERS (S§4(三), S§21): a studio's members page and the members list across studios."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from jinan_union.errors import DomainError, show_error
from jinan_union.models import AuditEntry
from jinan_union.paging import ordered, paginate
from jinan_union.permissions import role_required
from jinan_union.scope import get_visible_or_404

from . import exports, permissions, selectors, services
from .filters import MemberFilter
from .forms import MemberForm, MemberLeaveForm
from .models import StudioMember
from .views import UNION_ROLES


@role_required(*UNION_ROLES)
def members(request, pk):
    """The studio's members, current and left, with the add form for the studio's union clerks and the history."""
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    can_write, why_not = permissions.can_keep_members(request.user, studio)
    if request.method == "POST" and not can_write:
        raise PermissionDenied(why_not)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(studio=studio, by=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, f"成员“{member.name}”已登记。")
            return redirect("studios:members", pk=studio.pk)
    rows = list(selectors.members_visible_to(request.user).filter(studio=studio).order_by("left", "-is_leader", "pk"))
    history = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StudioMember), object_id__in=[m.pk for m in rows]
    ).select_related("actor").order_by("-at", "-pk") if rows else []
    names = {m.pk: m.name for m in rows}
    return render(request, "studios/members.html", {
        "studio": studio, "members": rows, "form": form, "can_write": can_write, "why_not": why_not,
        "history": [(names.get(e.object_id, ""), e) for e in history],
    })


@role_required(*UNION_ROLES)
def member_edit(request, pk):
    member = get_visible_or_404(selectors.members_visible_to(request.user), pk=pk)
    studio = member.studio
    ok, why_not = permissions.can_keep_members(request.user, studio)
    if not ok:
        raise PermissionDenied(why_not)
    leaving = request.method == "POST" and "leave-left_on" in request.POST
    editing = request.method == "POST" and not leaving
    initial = {f: getattr(member, f) for f in services.MEMBER_FIELDS}
    form = MemberForm(request.POST if editing else None, initial=initial)
    leave = MemberLeaveForm(request.POST if leaving else None)
    if request.method == "POST":
        target = leave if leaving else form
        if target.is_valid():
            try:
                if target is leave:
                    services.member_leave(member=member, by=request.user, **leave.cleaned_data)
                else:
                    services.member_change(member=member, by=request.user, data=form.cleaned_data)
            except DomainError as error:
                show_error(request, error, target)
            else:
                messages.success(request, f"成员“{member.name}”的记录已更新。")
                return redirect("studios:members", pk=studio.pk)
    return render(request, "studios/member_edit.html", {"studio": studio, "member": member, "form": form,
                                                        "leave": leave})


@role_required(*UNION_ROLES)
def member_list(request):
    """S§21: the members across the studios the user sees, filtered for training and 疗休养 lists, exportable."""
    f = MemberFilter(request.GET, queryset=selectors.members_visible_to(request.user), request=request)
    page = paginate(request, ordered(f))
    return render(request, "studios/member_list.html", {"filter": f, "members": page, "page": page,
                                                        "export_name": exports.MEMBERS_EXPORT})
