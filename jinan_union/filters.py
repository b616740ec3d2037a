"""The one base of every list's filters (issue 11, "Lists").

- the empty choice of every choice filter reads 全部;
- a choice of records (a union, a round) offers only what appears in the rows the user may see: the filterset's
  queryset is already the list's visibility query, so the choices never name another union's records.
"""

import django_filters
from django import forms

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
                    field.queryset = field.queryset.filter(pk__in=self.queryset.order_by().values(path))
