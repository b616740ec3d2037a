"""SYS-NOTIFY reads: a user sees only their own messages."""

from django.db.models import Case, IntegerField, QuerySet, Value, When

from jinan_union.models import User

from .models import Notification, Preference


def notifications_of(user: User) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return Notification.objects.filter(recipient=user).order_by(unread_first, "-created_at", "-pk")


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_on(user: User) -> bool:
    return Preference.objects.filter(user=user).values_list("email", flat=True).first() is not False
