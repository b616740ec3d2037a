"""我的消息: the list (GET only reads), and the POSTs that mark read and set the e-mail preference."""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jinan_union.paging import paginate
from jinan_union.permissions import any_role

from . import selectors, services
from .models import Notification

PER_PAGE = 20


def _back(request, fallback: str | None = None) -> str:
    target = request.POST.get("next") or fallback or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("notifications:inbox")


def _own(request, pk: int) -> Notification:
    """Another user's message answers 404, whatever the method."""
    notification = selectors.notifications_of(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404("消息不存在")
    return notification


@any_role
def inbox(request):
    notifications = selectors.notifications_of(request.user)
    only_unread = request.GET.get("show") == "unread"
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = paginate(request, notifications, per_page=PER_PAGE)
    return render(request, "notifications/inbox.html", {
        "page_obj": page,
        "only_unread": only_unread,
        "unread": selectors.unread_count(request.user),
        "email_on": selectors.email_on(request.user),
        "has_email": bool(request.user.email),
    })


@any_role
def read(request, pk):
    notification = _own(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(notification=notification, by=request.user)
    return redirect(_back(request))


@any_role
def open_(request, pk):
    """The message's link: marks it read, then goes to the record."""
    notification = _own(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.mark_read(notification=notification, by=request.user)
    return redirect(_back(request, notification.link))


@any_role
@require_POST
def read_all(request):
    count = services.mark_all_read(by=request.user)
    messages.success(request, f"已将{count}条消息标为已读。" if count else "没有未读消息。")
    return redirect(_back(request))


@any_role
@require_POST
def preference(request):
    on = request.POST.get("email") == "on"
    services.set_email(by=request.user, on=on)
    messages.success(request, "已开启邮件通知。" if on else "已关闭邮件通知，今后只在系统内提示。")
    return redirect(_back(request))
