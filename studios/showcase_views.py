"""STU-PUBLIC (S§20, S§22): the union proposes what the public sees of a named studio, the reviewer approves;
the pages without login show only the approved showcases (selectors.public_showcases)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from jinan_union.audit import history_of
from jinan_union.enums import Role
from jinan_union.errors import DomainError, show_error
from jinan_union.exporter import content_disposition
from jinan_union.files import download_name
from jinan_union.permissions import public_page, role_required
from jinan_union.scope import get_visible_or_404
from jinan_union.workflow import allowed, move

from . import permissions, selectors, services
from .enums import MUNICIPAL_STATES, ShowcaseState, StudioCategory
from .forms import ReasonForm, ShowcaseForm
from .models import Showcase
from .views import UNION_ROLES
from .workflows import SHOWCASE

REVIEW_MOVES = ("approve", "return", "withdraw")


@role_required(*UNION_ROLES)
def showcase_new(request, pk):
    """The studio's showcases and, for its union clerks, the form that proposes a new one."""
    studio = get_visible_or_404(selectors.studios_visible_to(request.user), pk=pk)
    can_propose, why_not = permissions.can_propose_showcase(request.user, Showcase(studio=studio))
    if request.method == "POST" and not can_propose:
        raise PermissionDenied(why_not)
    form = ShowcaseForm(request.POST or None, studio=studio) if can_propose else None
    if request.method == "POST" and form.is_valid():
        try:
            showcase = services.showcase_propose(studio=studio, by=request.user, data=form.cleaned_data)
        except DomainError as error:
            show_error(request, error, form)
        else:
            messages.success(request, "公开展示内容已提交审核，审核通过后公开。")
            return redirect("studios:showcase-detail", pk=showcase.pk)
    showcases = selectors.showcases_visible_to(request.user).filter(studio=studio)
    return render(request, "studios/showcase_new.html", {"studio": studio, "form": form, "why_not": why_not,
                                                         "showcases": showcases})


@role_required(*UNION_ROLES)
def showcase_list(request):
    """The reviewer's queue (待审核 first) and a union's own proposals."""
    showcases = selectors.showcases_visible_to(request.user).order_by("-pk")
    state = request.GET.get("state", "")
    if state in ShowcaseState.values:
        showcases = showcases.filter(state=state)
    return render(request, "studios/showcase_list.html", {"showcases": showcases[:200], "state": state,
                                                          "states": ShowcaseState.choices})


@role_required(*UNION_ROLES)
def showcase_detail(request, pk):
    """A proposal as the public would see it, its history, and the reviewer's moves (POST `move`)."""
    showcase = get_visible_or_404(selectors.showcases_visible_to(request.user), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        name = request.POST.get("move", "")
        if name not in REVIEW_MOVES:
            raise Http404("没有这种操作")
        if form.is_valid():
            try:
                move(showcase, name, by=request.user, comment=form.cleaned_data.get("reason", ""))
            except DomainError as error:
                show_error(request, error, form)
            else:
                messages.success(request, "已处理。")
                return redirect("studios:showcase-detail", pk=showcase.pk)
    moves = [(n, allowed(showcase, n, request.user)) for n in REVIEW_MOVES]
    return render(request, "studios/showcase_detail.html", {
        "showcase": showcase, "studio": showcase.studio, "history": history_of(showcase), "form": form,
        "moves": [(n, SHOWCASE.moves[n].label) for n, d in moves if d.ok],
        "results": showcase.results.order_by("-happened_on", "-pk"),
        "photos": showcase.photos.select_related("attachment"),
        "is_reviewer": request.user.has_role(Role.REVIEWER),
    })


# --- the pages without login ------------------------------------------------------------------------------------


@public_page
def public_index(request):
    """S§20: the alliances of named studios — by category — with their member studios."""
    groups: dict[str, list[Showcase]] = {}
    for showcase in selectors.public_showcases():
        groups.setdefault(showcase.studio.category, []).append(showcase)
    alliances = [(label, groups[value]) for value, label in StudioCategory.choices if value in groups]
    return render(request, "studios/public/index.html", {"alliances": alliances})


@public_page
def public_studio(request, pk):
    showcase = selectors.public_showcases().filter(studio_id=pk).first()
    if showcase is None or showcase.studio.status not in MUNICIPAL_STATES:
        raise Http404("没有公开展示的工作室")
    return render(request, "studios/public/studio.html", {"showcase": showcase, "studio": showcase.studio})


@public_page
def public_photo(request, token):
    """A chosen photo of an approved showcase, under its own token; anything else is 404."""
    photo = selectors.public_photo(token)
    if photo is None:
        raise Http404("图片不存在")
    attachment = photo.attachment
    content_type = {"jpeg": "image/jpeg", "png": "image/png"}.get(attachment.file_type)
    if content_type is None:
        raise Http404("图片不存在")
    response = FileResponse(attachment.file.open("rb"), content_type=content_type)
    stem, _, extension = download_name(photo.caption or "照片", attachment.file_type).rpartition(".")
    response["Content-Disposition"] = content_disposition(stem, extension, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response
