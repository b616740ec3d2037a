"""The one base of every list's filters (issue 11, "Lists").

- the empty choice of every choice filter reads 全部;
- a choice of records (a union, a round) offers only what appears in the rows the user may see: the filterset's
  queryset is already the list's visibility query, so the choices never name another union's records.
"""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

EMPTY = "全部"


class ListFilter(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if not hasattr(field, "empty_label"):  # django-filter's choice fields and ModelChoiceField draw it
                continue
            field.empty_label = "默认" if isinstance(self.filters[name], django_filters.OrderingFilter) else EMPTY
            inner = getattr(field.choices, "choices", None)
            if inner is not None and not isinstance(field, forms.ModelChoiceField):
                field.choices = inner  # django-filter's iterator of the copied field: drawn again with the label
            if isinstance(field, forms.ModelChoiceField):
                path = self.filters[name].field_name
                if self.queryset is not None and path:
                    field.queryset = field.queryset.filter(pk__in=self._appearing(path))
                field.widget = PlainSelect.like(field)


    def _appearing(self, path: str):
        """The values of `path` in the rows the user may see, as a subquery. For a user who sees part of the rows
        (a system union's), DISTINCT first: PostgreSQL then reads those rows on the scope's indexes once, where it
        probed every union's rows one union at a time (14 ms for a system union's studio list). For a user who
        sees everything, each record is probed on the rows' index instead (DISTINCT would read every row)."""
        from .scope import sees_everything

        values = self.queryset.order_by().values(path)
        user = getattr(self.request, "user", None)
        return values if user is None or sees_everything(user) else values.distinct()


class PlainSelect(forms.Select):
    """A <select> drawn in Python in one pass. Django draws each <option> through two template includes: 10 ms for
    the 200 system unions of a province on every list page (issue 10). Same markup, no per-option attributes."""

    @classmethod
    def like(cls, field: forms.ChoiceField) -> "PlainSelect":
        widget = cls(attrs=field.widget.attrs)
        widget.choices, widget.is_required = field.choices, field.required
        return widget

    def render(self, name, value, attrs=None, renderer=None):
        # The choices as they come (Django's optgroups() makes a dict of attributes for each option: 6 ms for 200).
        chosen = set(self.format_value(value))

        def options(choices):
            keys = (("" if key is None else str(key), label) for key, label in choices)
            return format_html_join("", "<option value=\"{}\"{}>{}</option>",
                                    ((key, " selected" if key in chosen else "", label) for key, label in keys))

        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            # One plain fetch: the iterator reads through queryset.iterator(), a server-side cursor on PostgreSQL
            # (DECLARE … WITH HOLD: 4 ms more for 200 unions).
            head = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
            choices = [*head, *(choices.choice(obj) for obj in list(choices.queryset))]
        choices = list(choices)
        if any(isinstance(label, (list, tuple)) for _, label in choices):  # optgroups: (group, [(key, label), …])
            inner = format_html_join("", "{}", (
                (format_html('<optgroup label="{}">{}</optgroup>', group, options(label))
                 if isinstance(label, (list, tuple)) else options([(group, label)]),) for group, label in choices))
        else:
            inner = options(choices)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), inner)
