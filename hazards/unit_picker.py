"""存在隐患单位 chosen by searching, not from a list (issue 10): a province has 5,000 units and more, and a <select> of
all of them made the report form 258 KB and the heaviest page the clerks open.

The field posts the unit's id, as the select did (services and the similar-reports aid are unchanged). The page
shows a search box labelled 存在隐患单位; hazards/unit-picker.js asks `unit_search` as the clerk types and lists the
units found, each with its system union (names repeat across unions); choosing one fills the id. Without the
script, the clerk types the unit's exact name: the form takes it when exactly one unit has that name, and says
beside the field when none or several do."""

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from jinan_union.models import WorkUnit

RESULTS = 20  # the most units one search answers with


def unit_label(unit: WorkUnit) -> str:
    """A unit as the picker shows it: its name and its system union (unit names repeat across unions)."""
    return f"{unit.name}（{unit.system_union.name}）"


def search_units(text: str, limit: int = RESULTS) -> list[WorkUnit]:
    """Units whose name contains `text` (or one of whose merged records' names does, HAZ-FIRST), exact names
    first, then by name; at most `limit`."""
    from .models import UnitAlias

    text = (text or "").strip()
    if not text:
        return []
    units = WorkUnit.objects.select_related("system_union")
    # The exact name read on its own: among thousands of partial matches it would not be in the first rows read.
    exact = list(units.filter(name=text).order_by("pk")[:limit])
    merged = UnitAlias.objects.filter(alias__name__icontains=text).values("unit_id")
    partial = (units.filter(Q(name__icontains=text) | Q(pk__in=merged)).exclude(name=text)
               .order_by("name", "pk")[: limit * 5])
    return [*exact, *sorted(partial, key=lambda unit: (len(unit.name), unit.name, unit.pk))][:limit]


class UnitPicker(forms.Widget):
    """The search box and the chosen unit's id (a hidden field of the field's own name). `<name>_text` carries
    what is typed, `<name>_shown` what the page showed; a typed text that differs from it is looked up by name."""

    def format_value(self, value):
        return "" if value in (None, "") else str(value)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        typed = value[1] if isinstance(value, tuple) else ""  # a name refused: shown again as typed, to correct
        pk = "" if typed else self.format_value(value)
        unit = (WorkUnit.objects.select_related("system_union").filter(pk=pk).first()
                if pk.isdigit() else None)
        shown = unit_label(unit) if unit else ""
        element = attrs.get("id") or f"id_{name}"
        css = " ".join(dict.fromkeys([*attrs.get("class", "").split(), "form-control"]))
        return format_html(
            '<div class="unit-picker position-relative" data-unit-picker data-search-url="{}" '
            'data-testid="unit-picker">'
            '<input type="search" name="{}_text" id="{}" value="{}" class="{}" autocomplete="off" '
            'placeholder="输入单位名称搜索，从结果中选择" role="combobox" aria-autocomplete="list" '
            'aria-expanded="false" aria-controls="{}_results"{}>'
            '<input type="hidden" name="{}" value="{}" data-unit-id>'
            '<input type="hidden" name="{}_shown" value="{}" data-unit-shown>'
            '<div class="list-group position-absolute w-100 shadow-sm unit-picker-results" id="{}_results" '
            'role="listbox" hidden></div></div>',
            reverse("hazards:unit-search"), name, element, typed or shown, css, element,
            format_html(' aria-invalid="true" aria-describedby="{}"', attrs["aria-describedby"])
            if attrs.get("aria-invalid") else "",
            name, unit.pk if unit else "", name, shown, element)

    def value_from_datadict(self, data, files, name):
        typed = (data.get(f"{name}_text") or "").strip()
        if f"{name}_text" not in data or typed == (data.get(f"{name}_shown") or "").strip():
            return data.get(name) or ""  # the chosen id (or a client that posts the id alone, as tests do)
        return ("name", typed) if typed else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data


class UnitChoiceField(forms.ModelChoiceField):
    """The unit by its id, or by a typed name that exactly one unit has."""

    widget = UnitPicker

    def to_python(self, value):
        if isinstance(value, tuple):
            _, typed = value
            matches = list(self.queryset.filter(name=typed)[:2])
            if len(matches) == 1:
                return matches[0]
            if matches:
                raise forms.ValidationError(f"有多个单位名为“{typed}”，请输入后从搜索结果中选择其中一个。",
                                            code="ambiguous")
            raise forms.ValidationError(f"没有名为“{typed}”的单位，请从搜索结果中选择；"
                                        "搜索不到的，可新增本工会所属单位。", code="invalid_choice")
        return super().to_python(value)
