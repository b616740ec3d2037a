"""Widgets shared by the forms and the lists' filters."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class PlainSelect(forms.Select):
    """A <select> drawn in Python in one pass. Django draws each <option> through two template includes and reads
    a record choice's rows through a server-side cursor: 10 ms for the 200 system unions of a province on every list
    page, 350 ms for the 5,000 units of the hazard report form (issue 10). Same markup, no per-option attributes.
    Used by the lists' record filters and by every form field choosing among a province's units or unions
    (`plain_selects`)."""

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


def plain_selects(form: forms.BaseForm, *names: str) -> None:
    """Draw these choice fields of `form` with PlainSelect (the field keeps its queryset and its validation)."""
    for name in names:
        form.fields[name].widget = PlainSelect.like(form.fields[name])
