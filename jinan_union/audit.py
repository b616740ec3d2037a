"""SYS-AUDIT: the one service that records a state change, and reads a record's history."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, User


def record_change(
    obj: models.Model,
    *,
    actor: User | None,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        actor=actor,
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        comment=comment or "",
    )


def history_of(obj: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk
    ).select_related("actor", "actor__organisation")
