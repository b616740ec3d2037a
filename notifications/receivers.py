"""SYS-NOTIFY: the listener of `moved` (jinan_union.workflow), and of the few events that are not moves."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from . import routes, services

log = logging.getLogger(__name__)


def on_moved(sender, *, obj, name, by=None, from_state="", to_state="", comment="", move=None, **kwargs) -> None:
    """Sent after the move's commit: a failure here must not turn the user's committed move into an error page."""
    try:
        announce(sender, obj, name, label=getattr(move, "label", "") or name, by=by, from_state=from_state,
                 to_state=to_state, comment=comment, entry=kwargs.get("entry"))
    except Exception:  # noqa: BLE001
        log.exception("notifications: %s %s #%s", sender._meta.label, name, obj.pk)


def announce(model, obj, name: str, *, label: str, by=None, from_state="", to_state="", comment="", entry=None):
    route = routes.route_for(model, name)
    if route is None:
        return []
    recipients = [u for u in route.who(obj) if by is None or u.pk != by.pk]  # never the one who moved
    # The history entry names the event: a second return of one application is a new event, the same one heard
    # twice is not. Creations (not moves) happen once per object.
    entry_id = entry.pk if entry is not None else "created"
    actor = by.display_name if by is not None else "系统"
    lines = [f"{actor}于{timezone.localtime():%Y-%m-%d %H:%M}办理“{label}”"
             + (f"：{_state(model, from_state)} → {_state(model, to_state)}。" if to_state else "。")]
    if comment:
        lines.append(f"说明：{comment}")
    ask = route.ask_for(obj)
    if ask:
        lines.append(ask)
    return services.notify(
        recipients, key=f"{model._meta.label_lower}:{obj.pk}:{name}:{entry_id}", title=f"{label}：{obj}",
        body="\n".join(lines), link=routes.link_for(obj), about=obj, reason=name,
    )


def _state(model, value: str) -> str:
    from jinan_union.workflow import workflow_of

    try:
        return workflow_of(model).label(value)
    except LookupError:
        for field in model._meta.concrete_fields:
            if field.choices and value in dict(field.choices):
                return str(dict(field.choices)[value])
        return str(value)


# --- events that are not moves --------------------------------------------------------------------------------

# (model label, the name routes.ROUTES knows the event by, the history action that records it)
CREATIONS = [("funding.Finding", "raise", "提出审查意见"), ("funding.Recovery", "record", "追回记账")]


def connect_creations() -> None:
    from django.apps import apps

    for label, name, action in CREATIONS:
        model = apps.get_model(label)

        def created(sender, instance, created, raw=False, _name=name, _action=action, **kwargs):
            if created and not raw:
                transaction.on_commit(lambda: _created(sender, instance, _name, _action))

        post_save.connect(created, sender=model, weak=False, dispatch_uid=f"notifications.created.{label}")


def _created(model, obj, name: str, action: str) -> None:
    try:
        by = getattr(obj, "raised_by", None) or getattr(obj, "created_by", None) or getattr(obj, "recorded_by", None)
        announce(model, obj, name, label=action, by=by, comment=str(getattr(obj, "text", "") or ""))
    except Exception:  # noqa: BLE001
        log.exception("notifications: %s %s #%s", model._meta.label, name, obj.pk)
