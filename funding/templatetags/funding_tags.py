
from django import template

from jinan_union.money import format_yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    """¥50,000.00 (SYS-MONEY); empty for no amount."""
    if value is None or value == "":
        return ""
    return format_yuan(value)


@register.filter
def yuan_or_blank(value) -> str:
    return format_yuan(value) if value else ""
