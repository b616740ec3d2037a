"""django-filter filtersets for the report and application lists; exports use the same filters."""

import django_filters
from django.db.models import Q
from django.db.models.functions import Coalesce

from jinan_union.enums import OrgKind
from jinan_union.filters import ListFilter
from jinan_union.models import Organisation, WorkUnit
from jinan_union.paging import SortFilter

from .enums import ApplicationState, Grade, ReportState
from .models import Round


class ReportFilter(ListFilter):
    round = django_filters.ModelChoiceFilter(
        label="年度", field_name="application__round", queryset=Round.objects.select_related("scheme__union")
    )
    union = django_filters.ModelChoiceFilter(
        label="填报工会", queryset=Organisation.objects.filter(kind=OrgKind.SYSTEM)
    )
    status = django_filters.ChoiceFilter(label="状态", choices=ReportState.choices)
    grade = django_filters.ChoiceFilter(label="等级", choices=Grade.choices, method="filter_grade")
    q = django_filters.CharFilter(label="关键词", method="filter_q")
    sort = SortFilter(
        columns={"created": ("created_at",), "union": ("union__path",), "status": ("status", "-created_at"),
                 "reward": ("reward_amount", "-created_at")},
        labels={"created": "填报时间", "union": "填报工会", "status": "状态", "reward": "奖励"},
        default=("-created_at", "-pk"),
    )

    def filter_grade(self, queryset, name, value):
        return queryset.alias(grade=Coalesce("reassessed_grade", "expert_grade")).filter(grade=int(value))

    def filter_q(self, queryset, name, value):
        """The hazard units whose name matches are found first (a small table), so that every condition is on the
        report's own columns: on PostgreSQL one bitmap scan of the trigram index (migration 0014) and of the
        unit index, not a join that reads every report (issue 10)."""
        units = list(WorkUnit.objects.filter(name__icontains=value).values_list("pk", flat=True))
        return queryset.filter(
            Q(location__icontains=value) | Q(description__icontains=value) | Q(finder_name__icontains=value)
            | Q(hazard_unit__in=units)
        )


class ApplicationFilter(ListFilter):
    round = django_filters.ModelChoiceFilter(label="年度", queryset=Round.objects.select_related("scheme__union"))
    union = django_filters.ModelChoiceFilter(
        label="申报工会", queryset=Organisation.objects.filter(kind=OrgKind.SYSTEM)
    )
    status = django_filters.ChoiceFilter(label="状态", choices=ApplicationState.choices)
    sort = SortFilter(
        columns={"round": ("round__year",), "union": ("union__path",), "status": ("status",),
                 "submitted": ("submitted_at",)},
        labels={"round": "年度", "union": "申报工会", "status": "状态", "submitted": "报送时间"},
        default=("-round__year", "union__path"),
    )
