"""SYS-STATS exports (jinan_union.exporter): each table of the statistics page, and the annual summary
(年度工作总结数据) as one .xlsx and one PDF. The rows are the page's: the same selectors, the same scope."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from jinan_union import exporter as ex
from jinan_union.documents import chinese_date

from . import selectors
from .permissions import STATS_ROLES, can_view_stats

TABLE_EXPORT, SUMMARY_EXPORT = "stats-table", "stats-annual"


def year_param(value: str) -> int:
    """The year asked for; anything else than a plausible year is this year."""
    this_year = timezone.localdate().year
    if value.isascii() and value.isdigit() and 2000 <= int(value) <= this_year + 1:
        return int(value)
    return this_year


class _Stats(ex.TableExporter):
    roles = STATS_ROLES
    denied = "您的角色无权导出统计数据"

    def setup(self):
        ok, why = can_view_stats(self.user)
        if not ok:
            raise PermissionDenied(why)
        self.year = year_param(self.param("year"))


@ex.register
class StatsTableExport(_Stats):
    """One table of the statistics page: `?table=<key>&year=<year>`."""

    identifier = TABLE_EXPORT
    title = "统计表"
    columns = ()

    def setup(self):
        super().setup()
        self.shown = selectors.table_for(self.user, self.year, self.param("table"))
        if self.shown is None:
            raise Http404("没有这张统计表")
        self.columns = self.shown.columns

    def table(self):
        return self.shown.rows, self.shown.footer

    def heading(self):
        return f"{self.shown.title}（导出于{chinese_date(timezone.localdate())}）"

    def filename(self):
        return self.shown.title


@ex.register
class AnnualSummaryExport(_Stats):
    """年度工作总结数据: every table of the year, one after the other, as 板块 / 项目 / 指标 / 数量 / 金额 rows
    (counts in the number column, amounts in the money column); the PDF sets each table out as on the page."""

    identifier = SUMMARY_EXPORT
    title = "年度创新工作室与隐患奖励工作总结数据"
    pdf_template = "stats/pdf/annual.html"
    columns = [ex.text("板块", 30), ex.text("项目", 30), ex.text("指标", 20), ex.number("数量"), ex.money("金额")]

    def setup(self):
        super().setup()
        self.tables = selectors.tables_for(self.user, self.year)

    def table(self):
        rows = []
        for t in self.tables:
            for row in [*t.rows, *t.footer]:
                for column, value in zip(t.columns[1:], row[1:], strict=True):
                    money = column.kind == ex.MONEY
                    rows.append([t.title, str(row[0]), column.label, None if money else value,
                                 value if money else None])
        return rows, []

    def heading(self):
        scope = "" if self.user.organisation.is_municipal else f"（{self.user.organisation.name}）"
        return f"{self.year}年度创新工作室与隐患奖励工作总结数据{scope}"

    def context(self):
        return {"tables": self.tables, "year": self.year, "made_on": chinese_date(timezone.localdate())}
