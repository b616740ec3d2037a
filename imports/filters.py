"""The imports list's filters (issue 11: the home card opens the batches waiting for 确认导入, and the list shows
共N条 with the one pager)."""

import django_filters

from jinan_union.filters import EMPTY, ListFilter

from .enums import BatchState, ImportKind
from .models import ImportBatch


class BatchFilter(ListFilter):
    status = django_filters.ChoiceFilter(label="状态", choices=BatchState.choices)
    kind = django_filters.ChoiceFilter(label="内容", choices=ImportKind.choices)

    class Meta:
        model = ImportBatch
        fields = ["status", "kind"]

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Only the kinds this user imports (issue 11: a filter offers only what the user may see).
        self.form.fields["kind"].choices = [("", EMPTY)] + [(kind.value, kind.label) for kind in kinds]
