import django_filters
from django.db.models import Q

from jinan_union.filters import ListFilter
from jinan_union.paging import SortFilter

from .enums import SETTLED_STAGES, FindingStatus, GrantStage
from .models import Finding, Grant


class GrantFilter(ListFilter):
    q = django_filters.CharFilter(label="工作室/单位", method="search")
    stage = django_filters.ChoiceFilter(
        label="拨付进度", choices=[("open", "未拨付完毕"), *GrantStage.choices], method="by_stage"
    )
    year = django_filters.NumberFilter(label="命名年度", field_name="studio__naming_year")
    sort = SortFilter(
        columns={"created": ("created_at",), "studio": ("studio__name",), "stage": ("stage", "-created_at")},
        labels={"created": "立项时间", "studio": "工作室", "stage": "拨付进度"},
        default=("-created_at", "-pk"),
    )

    class Meta:
        model = Grant
        fields: list = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(studio__name__icontains=value) | Q(studio__work_unit__name__icontains=value))

    def by_stage(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(stage__in=SETTLED_STAGES)
        return queryset.filter(stage=value)


class FindingFilter(ListFilter):
    status = django_filters.ChoiceFilter(label="状态", choices=FindingStatus.choices)
    sort = SortFilter(
        columns={"raised": ("raised_at",), "status": ("status", "-raised_at")},
        labels={"raised": "提出时间", "status": "状态"},
        default=("-raised_at", "-pk"),
    )

    class Meta:
        model = Finding
        fields: list = []
