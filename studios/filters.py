import django_filters

from jinan_union.enums import OrgKind
from jinan_union.filters import ListFilter
from jinan_union.models import Organisation
from jinan_union.paging import SortFilter

from .enums import ApplicationState, LedgerKind, SkillLevel, StudioCategory, StudioStatus
from .models import Application, LedgerEntry, Studio, StudioMember


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
        # By the system union's id, not its path: `studio_union_name_idx` serves it at any page (issue 10).
        columns={"name": ("name",), "union": ("system_union_id", "name"), "year": ("naming_year", "name"),
                 "status": ("status", "name")},
        labels={"name": "名称", "union": "系统工会", "year": "命名年度", "status": "状态"},
        default=("system_union_id", "name"),
    )

    class Meta:
        model = Studio
        fields = ["status", "category", "union", "naming_year", "q", "sort"]


class MemberFilter(django_filters.FilterSet):
    """STU-MEMBERS: the members across studios, for training and 疗休养 lists (S§21)."""

    union = django_filters.ModelChoiceFilter(label="系统工会", field_name="studio__system_union", queryset=_unions)
    studio = django_filters.CharFilter(label="工作室", field_name="studio__name", lookup_expr="icontains")
    skill_level = django_filters.ChoiceFilter(label="技能等级", choices=[c for c in SkillLevel.choices if c[0]])
    honoured = django_filters.BooleanFilter(label="有荣誉称号", method="filter_honoured")
    current = django_filters.ChoiceFilter(
        label="范围", choices=[("1", "在册成员"), ("0", "已离开")], method="filter_current", empty_label="全部"
    )
    q = django_filters.CharFilter(label="姓名", field_name="name", lookup_expr="icontains")
    sort = SortFilter(
        columns={"name": ("name", "pk"), "studio": ("studio__name", "-is_leader", "pk"),
                 "skill": ("skill_level", "pk")},
        labels={"name": "姓名", "studio": "工作室", "skill": "技能等级"},
        default=("studio__name", "-is_leader", "pk"),
    )

    class Meta:
        model = StudioMember
        fields = ["union", "studio", "skill_level", "honoured", "current", "q", "sort"]

    def filter_honoured(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(honours="") if value else queryset.filter(honours="")

    def filter_current(self, queryset, name, value):
        return queryset.filter(left=(value == "0")) if value in ("0", "1") else queryset


class LedgerFilter(ListFilter):
    """STU-LEDGER: the work ledger by year and kind (issue 11); its export gets the same query."""

    year = django_filters.ChoiceFilter(label="年度", field_name="happened_on__year", choices=[])
    kind = django_filters.ChoiceFilter(label="类别", choices=LedgerKind.choices)

    class Meta:
        model = LedgerEntry
        fields = ["year", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.dates("happened_on", "year", order="DESC") if self.queryset is not None else []
        self.form.fields["year"].choices = [(str(d.year), f"{d.year}年") for d in years]  # 全部 is drawn by the field
