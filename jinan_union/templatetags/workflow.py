"""{% can obj "recommend" as c %}: the same predicate the move enforces, for showing a button or its reason."""

from django import template
from django.utils.html import format_html

from jinan_union import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, obj, name):
    user = context["request"].user if "request" in context else context.get("user")
    return workflow.allowed(obj, name, user)


@register.simple_tag
def confirm(obj_or_text, name=None):
    """SYS-CONFIRM: ` data-confirm="…"` on the button of a move its maker cannot undo — the move's own
    consequence sentence (`Move.confirm`), or a given sentence for an action that is not one move.
    static/js/confirm.js asks with it before the form is sent (and adds the `confirmed` marker); nothing when the
    move needs no confirmation. Without JavaScript the server asks the same with a page (jinan_union/confirm.py)."""
    text = obj_or_text if name is None else workflow.confirmation(obj_or_text, name)
    return format_html(' data-confirm="{}"', text) if text else ""
