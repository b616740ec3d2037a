"""{% can obj "recommend" as c %}: the same predicate the move enforces, for showing a button or its reason."""

from django import template

from jinan_union import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, obj, name):
    user = context["request"].user if "request" in context else context.get("user")
    return workflow.allowed(obj, name, user)
