"""Who is signing in, from where, and until when a locked-out sign-in must wait.

Behind a reverse proxy every connection comes from the proxy. Only a proxy listed in
DJANGO_TRUSTED_PROXIES is believed about the client: its X-Forwarded-For is read from the right,
skipping our own proxies, and the first address that is not one of them is the client. From anyone
else the header is ignored (a client could write anything there). Axes counts failed sign-ins per
username and this address (AXES_LOCKOUT_PARAMETERS), so one office's mistakes lock nobody else out.
"""

import datetime
import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render
from django.utils import timezone


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(address) -> bool:
    return address is not None and any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str:
    """The client's address: the connection's, or behind trusted proxies the one they forwarded."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if not _trusted(remote):
        return str(remote) if remote is not None else request.META.get("REMOTE_ADDR", "")
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage in the chain: stop believing it, keep the last proxy's address
        if not _trusted(address):
            return str(address)
        remote = address
    return str(remote)


def locked_until(request, credentials) -> datetime.datetime:
    """When the lock on this username from this address ends: the last failure plus the cool-off."""
    from axes.helpers import get_client_username, get_cool_off
    from axes.models import AccessAttempt

    cool_off = get_cool_off(request) or datetime.timedelta(minutes=30)
    last = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=client_ip(request)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The lock-out page (AXES_LOCKOUT_CALLABLE), in Chinese, saying when to try again."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request) or datetime.timedelta(minutes=30)
    until = timezone.localtime(locked_until(request, credentials))
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    message = (
        f"登录失败次数过多，请于 {minutes} 分钟后（{until:%H:%M} 后）再试。"
    )
    return render(
        request,
        "registration/locked.html",
        {
            "message": message,
            "until": until,
            "minutes": minutes,
            "cool_off_minutes": int(cool_off.total_seconds() // 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),
    )


class UserBackend(ModelBackend):
    """Django's ModelBackend, whose signed-in user arrives with its organisation: every page scopes by it
    (jinan_union.scope), so one query instead of two on every request (issue 10: at most 12 per page)."""

    def get_user(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("organisation").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
