"""SYS-NOTIFY: every write of this app. `notify` sends one event to its recipients, in the application and by
e-mail, once: the (recipient, key) pair is unique, so a second call with the same key sends nothing new."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from jinan_union.models import User

from .models import Notification, Preference

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "【工会创新工作室与隐患奖励管理系统】"


def wants_email(user: User) -> bool:
    preference = Preference.objects.filter(user=user).values_list("email", flat=True).first()
    return preference is not False and bool(user.email)


def notify(
    recipients: Iterable[User],
    *,
    key: str,
    title: str,
    body: str = "",
    link: str = "",
    about: models.Model | None = None,
    reason: str = "",
) -> list[Notification]:
    """Create the notification of event `key` for each recipient who has not had it, and e-mail each new one
    (unless its recipient turned e-mail off). Returns the notifications made now."""
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not people:
        return []
    already = set(Notification.objects.filter(key=key, recipient_id__in=people).values_list("recipient_id", flat=True))
    content_type = ContentType.objects.get_for_model(about, for_concrete_model=False) if about is not None else None
    made = []
    for pk, user in people.items():
        if pk in already:
            continue
        try:
            with transaction.atomic():
                made.append(Notification.objects.create(
                    recipient=user, key=key, reason=reason, title=title[:200], body=body, link=link,
                    content_type=content_type, object_id=about.pk if about is not None else None,
                ))
        except IntegrityError:
            continue  # the same event reached this user from a run at the same moment
    for notification in made:
        _email(notification)
    return made


def _email(notification: Notification) -> None:
    user = notification.recipient
    if not wants_email(user):
        return
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    lines = [f"{user.display_name}，您好：", "", notification.title, ""]
    if notification.body:
        lines += [notification.body, ""]
    if notification.link:
        lines += [f"查看：{site}{notification.link}", ""]
    lines += [
        f"全部消息：{site}{reverse('notifications:inbox')}",
        "如不希望接收邮件通知，可在“我的消息”页面关闭“接收邮件通知”。",
        "",
        "（本邮件由系统自动发送，请勿直接回复。）",
    ]
    try:
        send_mail(SUBJECT_PREFIX + notification.title, "\n".join(lines), None, [user.email])
    except Exception:  # noqa: BLE001 - the in-app message stands; a mail server's refusal must not undo it
        log.exception("notification %s: e-mail to %s failed", notification.pk, user.email)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def mark_read(*, notification: Notification, by: User) -> None:
    if notification.recipient_id != by.pk:
        raise PermissionError("只能标记自己的消息。")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, by: User) -> int:
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


def set_email(*, by: User, on: bool) -> Preference:
    preference, _ = Preference.objects.update_or_create(user=by, defaults={"email": on})
    return preference
