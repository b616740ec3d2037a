"""{% load articles %}{{ "S§6(一)"|cite }} → 《管理办法》第六条第（一）项 (SYS-CITE, jinan_union/articles.py)."""

from django import template

from jinan_union.articles import cite as cite_key
from jinan_union.articles import cite_text

register = template.Library()


@register.filter
def cite(value) -> str:
    """An article key, or a text holding keys, cited as users write it."""
    return cite_text(str(value)) if value is not None else ""


@register.filter
def cite_full(value) -> str:
    """With the regulation's full title: 《济南市劳模和工匠人才创新工作室管理办法》第十二条."""
    return cite_key(str(value), full=True) if value is not None else ""
