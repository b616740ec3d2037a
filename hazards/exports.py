"""Rows for the list export, the union's summary sheet (汇总表) and the award payment sheet (奖励发放表)."""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.core.exceptions import PermissionDenied

from jinan_union.documents import chinese_date
from jinan_union.exports import ExportSpec, params_query
from jinan_union.models import User
from jinan_union.money import format_yuan, yuan_in_capitals

from . import selectors
from .enums import READERS, FinderKind, ReportState
from .filters import ApplicationFilter, ReportFilter
from .models import HazardReport

REPORT_HEADERS = [
    "编号", "填报工会", "发现人", "发现人所在单位", "隐患单位", "隐患部位", "专家评定等级", "计算等级",
    "认定等级", "状态", "奖励金额（元）", "不予奖励原因",
]


def report_rows(reports: Iterable[HazardReport]) -> Iterator[list]:
    for r in reports:
        yield [
            r.pk, str(r.union), r.finder_display, str(r.finder_unit or ""), str(r.hazard_unit or ""), r.location,
            r.get_expert_grade_display() or "", r.computed_grade_label, r.effective_grade_label,
            ReportState(r.status).label, r.reward_amount, r.reward_note,
        ]


# The lists' exports run in the background (jinan_union.exports) with the list's query string.
REPORTS_EXPORT = "hazards-reports"
APPLICATIONS_EXPORT = "hazards-applications"


def reports_export(user: User, params: dict) -> ExportSpec:
    """What the report list shows this user with these filters (SYS-SCOPE: the same visibility query)."""
    if not user.has_role(*READERS):
        raise PermissionDenied("您的角色无权导出事故隐患报告列表")
    reports = ReportFilter(params_query(params) or None, queryset=selectors.report_list_for(user)).qs
    return ExportSpec(title="事故隐患报告列表", headers=REPORT_HEADERS,
                      rows=report_rows(reports.iterator(chunk_size=500)), total=reports.count())


APPLICATION_HEADERS = ["编号", "年度", "申报工会", "隐患数", "状态", "报送时间", "报送人"]


def application_rows(applications) -> Iterator[list]:
    for a in applications:
        yield [
            a.pk, str(a.round), str(a.union), a.report_count, a.get_status_display(),
            chinese_date(a.submitted_at) if a.submitted_at else "", str(a.submitted_by or ""),
        ]


def applications_export(user: User, params: dict) -> ExportSpec:
    """What the application list shows this user with these filters (SYS-SCOPE)."""
    if not user.has_role(*READERS):
        raise PermissionDenied("您的角色无权导出隐患奖励申报列表")
    applications = ApplicationFilter(params_query(params) or None, queryset=selectors.application_list_for(user)).qs
    return ExportSpec(title="隐患奖励申报列表", headers=APPLICATION_HEADERS,
                      rows=application_rows(applications.iterator(chunk_size=500)), total=applications.count())


SUMMARY_HEADERS = [
    "序号", "发现人", "类型", "发现人所在单位", "隐患单位", "隐患部位", "可能后果（死亡/重伤/直接损失）",
    "专家评定等级", "发现日期", "报告单位时间", "整改情况",
]


def summary_rows(reports: Iterable[HazardReport]) -> Iterator[list]:
    for index, r in enumerate(reports, start=1):
        yield [
            index, r.finder_name, FinderKind(r.finder_kind).label, str(r.finder_unit or ""), str(r.hazard_unit or ""),
            r.location, f"{r.deaths}/{r.serious_injuries}/{format_yuan(r.direct_loss)}",
            r.get_expert_grade_display() or "",
            chinese_date(r.found_on), chinese_date(r.reported_at),
            f"{r.get_rectification_display()} {chinese_date(r.rectified_on)}",
        ]


PAYMENT_HEADERS = [
    "序号", "申报工会", "发现人", "发现人所在单位", "隐患单位", "隐患部位", "认定等级", "奖励金额（元）", "大写金额",
]


def payment_table(reports: Iterable[HazardReport]) -> tuple[list[list], list[list], Decimal]:
    """Rows, subtotal lines per union, and the grand total (SYS-MONEY: Decimal throughout)."""
    rows, subtotals, per_union = [], [], {}
    for index, r in enumerate(reports, start=1):
        rows.append([
            index, str(r.union), r.finder_display, str(r.finder_unit or ""), str(r.hazard_unit or ""), r.location,
            r.effective_grade_label, r.reward_amount, yuan_in_capitals(r.reward_amount),
        ])
        per_union[str(r.union)] = per_union.get(str(r.union), Decimal("0.00")) + r.reward_amount
    for union, amount in per_union.items():
        subtotals.append(["", f"{union} 小计", "", "", "", "", "", amount, yuan_in_capitals(amount)])
    total = sum(per_union.values(), Decimal("0.00"))
    return rows, subtotals, total
