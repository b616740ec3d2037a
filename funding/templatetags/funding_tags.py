from decimal import Decimal

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


@register.filter
def is_money(value) -> bool:
    # Every amount of the books is a Decimal; counts and years are ints and stay as they are.
    return isinstance(value, Decimal)


@register.filter
def cell(value) -> str:
    """One cell of an exported table: amounts as ¥26,034.50 (SYS-MONEY), nothing for None."""
    if value is None:
        return ""
    return format_yuan(value) if isinstance(value, Decimal) else value
