"""{% filters_active as filtered %}: whether the list's query string narrows it (a filter, not the sort or page)."""

from django import template

register = template.Library()

NOT_FILTERS = {"sort", "page"}


@register.simple_tag(takes_context=True)
def filters_active(context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    return any(value.strip() for key in request.GET if key not in NOT_FILTERS for value in request.GET.getlist(key))
