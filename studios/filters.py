import django_filters

from jinan_union.enums import OrgKind
from jinan_union.filters import ListFilter
from jinan_union.models import Organisation
from jinan_union.paging import SortFilter

from .enums import ApplicationState, StudioCategory, StudioStatus
from .models import Application, Studio


def _unions(request):
    return Organisation.objects.filter(kind=OrgKind.SYSTEM)


class ApplicationFilter(ListFilter):
    year = django_filters.NumberFilter(label="申报年度")
    category = django_filters.ChoiceFilter(label="类别", choices=StudioCategory.choices)
    union = django_filters.ModelChoiceFilter(label="系统工会", field_name="studio__system_union", queryset=_unions)
    state = django_filters.ChoiceFilter(label="状态", choices=ApplicationState.choices)
    q = django_filters.CharFilter(label="工作室名称", field_name="studio__name", lookup_expr="icontains")
    sort = SortFilter(
        columns={"year": ("year",), "studio": ("studio__name",), "state": ("state",)},
        labels={"year": "申报年度", "studio": "工作室", "state": "状态"},
        default=("-year", "-pk"),
    )

    class Meta:
        model = Application
        fields = ["year", "category", "union", "state", "q", "sort"]


class StudioFilter(ListFilter):
    status = django_filters.ChoiceFilter(label="状态", choices=StudioStatus.choices)
    category = django_filters.ChoiceFilter(label="类别", choices=StudioCategory.choices)
    union = django_filters.ModelChoiceFilter(label="系统工会", field_name="system_union", queryset=_unions)
    naming_year = django_filters.NumberFilter(label="命名年度")
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    sort = SortFilter(
        columns={"name": ("name",), "union": ("system_union__path", "name"), "year": ("naming_year", "name"),
                 "status": ("status", "name")},
        labels={"name": "名称", "union": "系统工会", "year": "命名年度", "status": "状态"},
        default=("system_union__path", "name"),
    )

    class Meta:
        model = Studio
        fields = ["status", "category", "union", "naming_year", "q", "sort"]
