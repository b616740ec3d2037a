"""SYS-STATS: the statistics page of a year (and the five years up to it) and the annual summary."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from jinan_union.exports import respond
from jinan_union.permissions import role_required

from . import exports, selectors
from .permissions import STATS_ROLES, can_view_stats


def _allowed(request) -> None:
    ok, why = can_view_stats(request.user)
    if not ok:
        raise PermissionDenied(why)


@role_required(*STATS_ROLES)
def index(request):
    _allowed(request)
    year = exports.year_param(request.GET.get("year", ""))
    this_year = timezone.localdate().year
    tables = selectors.tables_for(request.user, year)
    return render(request, "stats/index.html", {
        "year": year, "years": list(range(this_year, this_year - 10, -1)), "tables": tables,
        "charts": [(t, f"chart-{t.key}", t.chart_data()) for t in tables],
        "table_export": exports.TABLE_EXPORT, "sees_money": selectors.sees_money(request.user),
        "scope": None if request.user.organisation.is_municipal else request.user.organisation,
    })


@role_required(*STATS_ROLES)
def annual(request, fmt="xlsx"):
    """年度工作总结数据 as .xlsx or PDF (`?year=`), through the one exporter."""
    _allowed(request)
    return respond(request, exports.AnnualSummaryExport, fmt=fmt)
