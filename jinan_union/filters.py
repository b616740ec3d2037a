"""The one base of every list's filters (issue 11, "Lists").

- the empty choice of every choice filter reads 全部;
- a choice of records (a union, a round) offers only what appears in the rows the user may see: the filterset's
  queryset is already the list's visibility query, so the choices never name another union's records.
"""

import django_filters
from django import forms

from .widgets import PlainSelect

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
