"""{% sort_th page "key" "label" %}: a sortable column header of a list page (jinan_union/paging.py)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sort_th(page, key, label):
    state = page.sort_state(key)
    arrow = {"asc": " ▲", "desc": " ▼"}.get(state, "")
    aria = {"asc": "ascending", "desc": "descending"}.get(state, "none")
    return format_html('<th aria-sort="{}"><a class="text-reset" href="{}" data-sort="{}">{}{}</a></th>',
                       aria, page.sort_url(key), key, label, arrow)
