from django import template

from jinan_union.money import format_yuan, yuan_in_capitals

register = template.Library()


@register.filter
def yuan(value) -> str:
    return "—" if value is None or value == "" else format_yuan(value)


@register.filter
def capitals(value) -> str:
    return "" if value is None or value == "" else yuan_in_capitals(value)


@register.filter
def marked(text, words) -> str:
    """The text escaped, with the words that matched another report marked (HAZ-FIRST)."""
    from hazards.aids import highlight

    return highlight(text or "", words or ())
