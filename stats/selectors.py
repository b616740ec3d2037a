"""SYS-STATS: the statistics of a year and of the five years up to it, as tables. Every number is an aggregate
over the lists' own scoped selectors (studios_visible_to, grants/transfers/spendings_visible_to,
reports_visible_to), so a system union sees its own union's numbers and the page's numbers equal the lists'.
Each table is one query (the trends one per series), whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from funding.enums import FUNDING_READERS, TransferStep
from funding.selectors import grants_visible_to, spendings_visible_to, transfers_visible_to
from hazards.enums import FinderKind, Grade, ReportState
from hazards.selectors import reports_visible_to
from jinan_union import exporter as ex
from jinan_union.enums import SystemUnionKind
from studios.enums import MUNICIPAL_STATES, StudioCategory, StudioStatus
from studios.selectors import studios_visible_to

ZERO = Decimal("0.00")
TREND_YEARS = 5
# Studios no longer named: de-listed (摘牌) or revoked (撤销命名), counted in the year of the decision.
ENDED = (StudioStatus.DELISTED, StudioStatus.REVOKED)
# Hazard reports a round counts: submitted in a round, whatever came of them (H§9).
COUNTED_REPORTS = (ReportState.SUBMITTED, ReportState.VERIFIED, ReportState.REJECTED, ReportState.PAID)
# The year of a report: the round it is verified and paid in (HazardReport.round), the carried-to one first.
REPORT_YEAR = Coalesce("carried_to__year", "application__round__year")
GRADE = Coalesce("reassessed_grade", "expert_grade")


@dataclass
class Table:
    """One statistic: a label column, typed value columns, rows; `chart` names the columns drawn."""

    key: str
    title: str
    columns: list[ex.Column]
    rows: list[list]
    chart: str = "bar"  # "bar" or "line"
    chart_columns: tuple[int, ...] = ()  # indexes of the columns drawn; default: the number columns
    note: str = ""
    footer: list[list] = field(default_factory=list)

    def drawn(self) -> tuple[int, ...]:
        return self.chart_columns or tuple(i for i, c in enumerate(self.columns) if i and c.kind == ex.NUMBER)

    def chart_data(self) -> dict:
        """What static/stats/charts.js draws (passed with json_script; amounts as strings, exact)."""
        return {
            "type": self.chart,
            "labels": [str(r[0]) for r in self.rows],
            "datasets": [{"label": self.columns[i].label, "data": [str(r[i] or 0) for r in self.rows]}
                         for i in self.drawn()],
        }

    def shown_rows(self) -> list[list[ex.Shown]]:
        return [[ex.Shown(ex.display(v, c.kind), c.kind) for v, c in zip(r, self.columns, strict=True)]
                for r in [*self.rows, *self.footer]]


def yuan(value) -> Decimal:
    """A sum as money: two places (SQLite's Sum drops them), zero for no rows."""
    return (value or ZERO).quantize(ZERO)


def sees_money(user) -> bool:
    """The money tables follow the funding lists: shown to the roles that may read them (FUNDING_READERS)."""
    return user.has_role(*FUNDING_READERS)


# --- studios ------------------------------------------------------------------------------------------------

STUDIO_COLUMNS = (ex.number("当年市级命名"), ex.number("当年摘牌/撤销命名"), ex.number("现市级命名（含整改中）"))


def _studio_counts(year: int) -> dict:
    return {
        "named": Count("pk", filter=Q(naming_year=year)),
        "ended": Count("pk", filter=Q(status__in=ENDED, delisted_on__year=year)),
        "current": Count("pk", filter=Q(status__in=MUNICIPAL_STATES)),
    }


def studios_by_category(user, year: int) -> Table:
    rows = {r["category"]: r for r in studios_visible_to(user).order_by().values("category")
            .annotate(**_studio_counts(year))}
    return Table("studios-category", f"{year}年度创新工作室（按类别）", [ex.text("类别"), *STUDIO_COLUMNS], [
        [label, rows.get(value, {}).get("named", 0), rows.get(value, {}).get("ended", 0),
         rows.get(value, {}).get("current", 0)] for value, label in StudioCategory.choices
    ])


def studios_by_union(user, year: int) -> Table:
    rows = (studios_visible_to(user).order_by().values("system_union__name", "system_union__path")
            .annotate(**_studio_counts(year)).order_by("system_union__path"))
    return Table("studios-union", f"{year}年度创新工作室（按系统工会）", [ex.text("系统工会", 30), *STUDIO_COLUMNS], [
        [r["system_union__name"], r["named"], r["ended"], r["current"]] for r in rows
        if r["named"] or r["ended"] or r["current"]
    ])


def studios_by_union_kind(user, year: int) -> Table:
    rows = {r["system_union__system_kind"]: r for r in studios_visible_to(user).order_by()
            .values("system_union__system_kind").annotate(**_studio_counts(year))}
    return Table("studios-kind", f"{year}年度创新工作室（按区县、功能区、局委、企业和产业）",
                 [ex.text("系统工会类型"), *STUDIO_COLUMNS], [
                     [label, rows[value]["named"], rows[value]["ended"], rows[value]["current"]]
                     for value, label in SystemUnionKind.choices if value in rows
                 ])


# --- money --------------------------------------------------------------------------------------------------


def money(user, year: int) -> Table:
    """Granted (the grants of the studios named that year), passed on to the grassroots unions (by transfer
    date) and spent (by spending date); reversed records do not count."""
    granted = grants_visible_to(user).filter(studio__naming_year=year).aggregate(n=Count("pk"), s=Sum("amount"))
    passed = transfers_visible_to(user).filter(step=TransferStep.SYSTEM_PASSES_ON, is_reversed=False,
                                               date__year=year).aggregate(n=Count("pk"), s=Sum("grant__amount"))
    spent = spendings_visible_to(user).filter(is_reversed=False, date__year=year).aggregate(
        n=Count("pk"), s=Sum("amount"))
    return Table("money", f"{year}年度资助资金", [ex.text("项目"), ex.number("笔数"), ex.money("金额")], [
        ["资助资金（当年命名的工作室）", granted["n"], yuan(granted["s"])],
        ["拨付基层工会", passed["n"], yuan(passed["s"])],
        ["基层工会支出", spent["n"], yuan(spent["s"])],
    ], chart_columns=(2,), note="《管理办法》第十二条、第十三条；冲销的记录不计。")


# --- hazards ------------------------------------------------------------------------------------------------


def reports_of_year(user, year: int):
    return reports_visible_to(user).filter(status__in=COUNTED_REPORTS).alias(y=REPORT_YEAR).filter(y=year)


PAID = Q(status=ReportState.PAID)


def hazards_by_grade(user, year: int) -> Table:
    rows = {r["g"]: r for r in reports_of_year(user, year).annotate(g=GRADE).order_by().values("g")
            .annotate(n=Count("pk"), paid=Count("pk", filter=PAID), s=Sum("reward_amount", filter=PAID))}
    grades = [*Grade.choices, (None, "未评定")]
    return Table("hazards-grade", f"{year}年度事故隐患报告（按等级）",
                 [ex.text("等级"), ex.number("报告数"), ex.number("已发放奖励"), ex.money("奖励金额")], [
                     [label, rows[value]["n"], rows[value]["paid"], yuan(rows[value]["s"])]
                     for value, label in grades if value in rows
                 ], chart_columns=(1, 2),
                 note="等级以市总工会复核等级为准，未复核的以专家评定等级为准（《奖励办法》第五条、第六条）。")


def hazards_by_union(user, year: int) -> Table:
    rows = (reports_of_year(user, year).order_by().values("union__name", "union__path")
            .annotate(n=Count("pk"), ok=Count("pk", filter=Q(status__in=(ReportState.VERIFIED, ReportState.PAID))),
                      rejected=Count("pk", filter=Q(status=ReportState.REJECTED)), paid=Count("pk", filter=PAID),
                      s=Sum("reward_amount", filter=PAID))
            .order_by("union__path"))
    return Table("hazards-union", f"{year}年度事故隐患报告（按填报工会）",
                 [ex.text("填报工会", 30), ex.number("报告数"), ex.number("核实通过"), ex.number("未通过"),
                  ex.number("已发放奖励"), ex.money("奖励金额")],
                 [[r["union__name"], r["n"], r["ok"], r["rejected"], r["paid"], yuan(r["s"])] for r in rows])


def hazards_by_outcome(user, year: int) -> Table:
    rows = {r["status"]: r["n"] for r in reports_of_year(user, year).order_by().values("status")
            .annotate(n=Count("pk"))}
    return Table("hazards-outcome", f"{year}年度事故隐患报告（按结果）", [ex.text("结果"), ex.number("报告数")], [
        [label, rows[value]] for value, label in ReportState.choices if value in rows
    ])


def rewards_paid(user, year: int) -> Table:
    """Rewards paid in the round of the year (its settlement), per union; a report carried over is paid in the
    later round."""
    rows = (reports_visible_to(user).filter(status=ReportState.PAID, paid_round__year=year).order_by()
            .values("union__name", "union__path").annotate(n=Count("pk"), s=Sum("reward_amount"))
            .order_by("union__path"))
    columns = [ex.text("填报工会", 30), ex.number("发放项数"), ex.money("奖励金额")]
    table = Table("rewards", f"{year}年度奖励发放", columns, [[r["union__name"], r["n"], yuan(r["s"])] for r in rows],
                  chart_columns=(2,))
    # Always a 合计, ¥0.00 in a year without rewards: a payment table states its total (issue 11).
    table.footer = [["合计", sum(r[1] for r in table.rows), sum((r[2] for r in table.rows), ZERO)]]
    return table


def finder_kinds(user, year: int) -> Table:
    rows = {r["finder_kind"]: r for r in reports_of_year(user, year).order_by().values("finder_kind")
            .annotate(n=Count("pk"), paid=Count("pk", filter=PAID), s=Sum("reward_amount", filter=PAID))}
    return Table("finders", f"{year}年度隐患发现人（个人与集体）",
                 [ex.text("发现人类型"), ex.number("报告数"), ex.number("已发放奖励"), ex.money("奖励金额")], [
                     [label, rows[value]["n"], rows[value]["paid"], yuan(rows[value]["s"])]
                     for value, label in FinderKind.choices if value in rows
                 ], chart_columns=(1, 2))


# --- five years ---------------------------------------------------------------------------------------------


def _per_year(qs, year_expr, value, years) -> dict[int, object]:
    found = dict(qs.order_by().annotate(y=year_expr).filter(y__in=years).values("y").annotate(v=value)
                 .values_list("y", "v"))
    return found


def trend_counts(user, year: int) -> Table:
    years = list(range(year - TREND_YEARS + 1, year + 1))
    studios = studios_visible_to(user)
    named = _per_year(studios, F("naming_year"), Count("pk"), years)
    ended = _per_year(studios.filter(status__in=ENDED), ExtractYear("delisted_on"), Count("pk"), years)
    reports = _per_year(reports_visible_to(user).filter(status__in=COUNTED_REPORTS), REPORT_YEAR, Count("pk"), years)
    paid = _per_year(reports_visible_to(user).filter(status=ReportState.PAID), F("paid_round__year"), Count("pk"),
                     years)
    return Table("trend", f"{years[0]}—{year}年趋势", [
        ex.text("年度"), ex.number("市级命名"), ex.number("摘牌/撤销命名"), ex.number("隐患报告"),
        ex.number("发放奖励项数"),
    ], [[f"{y}年", named.get(y, 0), ended.get(y, 0), reports.get(y, 0), paid.get(y, 0)] for y in years],
        chart="line")


def trend_money(user, year: int) -> Table:
    years = list(range(year - TREND_YEARS + 1, year + 1))
    granted = _per_year(grants_visible_to(user), F("studio__naming_year"), Sum("amount"), years)
    spent = _per_year(spendings_visible_to(user).filter(is_reversed=False), ExtractYear("date"), Sum("amount"), years)
    paid = _per_year(reports_visible_to(user).filter(status=ReportState.PAID), F("paid_round__year"),
                     Sum("reward_amount"), years)
    return Table("trend-money", f"{years[0]}—{year}年资金与奖励趋势", [
        ex.text("年度"), ex.money("资助资金"), ex.money("资助资金支出"), ex.money("隐患奖励发放"),
    ], [[f"{y}年", yuan(granted.get(y)), yuan(spent.get(y)), yuan(paid.get(y))] for y in years],
        chart="line", chart_columns=(1, 2, 3))


def tables_for(user, year: int) -> list[Table]:
    """Every table of the page, in its order; the money ones only for the roles that read the funding lists."""
    makers = [studios_by_category, studios_by_union, studios_by_union_kind]
    if sees_money(user):
        makers.append(money)
    makers += [hazards_by_grade, hazards_by_union, hazards_by_outcome, rewards_paid, finder_kinds, trend_counts]
    if sees_money(user):
        makers.append(trend_money)
    return [make(user, year) for make in makers]


def table_for(user, year: int, key: str) -> Table | None:
    makers = {"studios-category": studios_by_category, "studios-union": studios_by_union,
              "studios-kind": studios_by_union_kind, "hazards-grade": hazards_by_grade,
              "hazards-union": hazards_by_union, "hazards-outcome": hazards_by_outcome, "rewards": rewards_paid,
              "finders": finder_kinds, "trend": trend_counts}
    if sees_money(user):
        makers |= {"money": money, "trend-money": trend_money}
    make = makers.get(key)
    return make(user, year) if make else None
