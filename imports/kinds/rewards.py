"""Hazard rewards paid before the system (H§9, H§10): each becomes a hazard report paid in its year's round, so
that the duplicate search (HAZ-FIRST) finds it across the years and a later report of the same hazard is
refused as rewarded before."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from hazards import clock
from hazards.enums import FinderKind, Grade, Rectification
from hazards.models import HazardReport, Round
from hazards.rules import deadline_for
from jinan_union.enums import HAZARD_SYSTEM_KINDS, OrgKind
from jinan_union.money import format_yuan
from jinan_union.workflow import move

from ..models import ImportedRecord
from ..sheets import CHOICE, DATE, INTEGER, MOMENT, MONEY, TEXT, Col, Problem, Row
from . import Kind, Names, duplicates, later_use, records_of, remove

GRADES = {label: value for value, label in Grade.choices}
FINDER_KINDS = {label: value for value, label in FinderKind.choices}

COLUMNS = (
    Col("year", "评选年度", INTEGER, required=True, help="发放奖励的评选年度（往年），如 2023", example=2023, width=10),
    Col("union", "填报工会", required=True, help="当年报送该隐患的系统工会（含产业工会）全称",
        example="历下区总工会", width=22),
    Col("finder", "发现人", required=True, help="个人姓名或集体名称", example="李明", max_length=120),
    Col("finder_kind", "发现人类型", CHOICE, choices=tuple(FINDER_KINDS), help="留空按个人", example="个人", width=10),
    Col("finder_unit", "发现人所在单位", help="选填；须是系统中的单位", example="济南历下控股集团有限公司", width=26),
    Col("hazard_unit", "存在隐患单位", required=True, help="须是系统中的单位，可对照“单位名录”表填写",
        example="山东浪潮通用软件有限公司", width=26),
    Col("location", "隐患部位", required=True, example="3号厂房配电室", max_length=300, width=24),
    Col("description", "隐患描述", TEXT, required=True, example="配电柜接地线松脱，柜门无法关闭",
        max_length=2000, width=40),
    Col("found_on", "发现日期", DATE, example=date(2023, 3, 2)),
    Col("reported_at", "向单位报告时间", MOMENT, required=True, help="判断第一发现人的依据（《奖励办法》第十条）",
        example="2023-03-02 09:30"),
    Col("grade", "隐患等级", CHOICE, required=True, choices=tuple(GRADES), example="三级", width=10),
    Col("amount", "奖励金额", MONEY, required=True, help="实际发放的金额（元）", example=2000),
    Col("paid_on", "发放日期", DATE, required=True, example=date(2023, 12, 20)),
)


class RewardsKind(Kind):
    key = "rewards"
    title = "往年已发放的隐患奖励导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一项已发放奖励的隐患，第1行表头不要改动；红色列名为必填列。",
        "2. 导入后这些隐患作为往年已发放的隐患报告参与重复隐患比对：同一隐患再次上报时，系统提示已于往年奖励"
        "（《奖励办法》第十条）。",
        "3. 同一评选年度的往年奖励须在一个文件中一次导入；该年度已在系统中评选的，不能补录。",
        "4. 填报工会、存在隐患单位须与系统中的名称一致，可对照“单位名录”表填写。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )
    own_actions = ("补录往年已发放奖励", "补录往年结算")

    def reference_lists(self) -> dict:
        from jinan_union.models import WorkUnit

        units = WorkUnit.objects.select_related("system_union")
        return {"单位名录": (("所属系统工会", "单位"), [(u.system_union.name, u.name) for u in units])}

    def _unit(self, names: Names, row: Row, key: str, label: str, problems: list) -> object:
        name = row.values[key]
        if not name:
            return None
        found = names.unit(name)
        if len(found) == 1:
            return found[0]
        if not found:
            problems.append(Problem(row.number, label,
                                    f"系统中没有名为“{name}”的单位，请先由系统管理员在“单位”中添加。"))
        else:
            problems.append(Problem(row.number, label, f"系统中有{len(found)}个名为“{name}”的单位，"
                                    "请由系统管理员先为其区分名称。"))
        return None

    def check(self, rows: list[Row]) -> list[Problem]:
        names = Names()
        this_year = timezone.localtime(clock.now()).year
        today = timezone.localdate()
        problems: list[Problem] = []
        existing_rounds = set(Round.objects.filter(year__in={r.values["year"] for r in rows if r.values["year"]})
                              .values_list("year", flat=True))
        for row in rows:
            v = row.values
            year = v["year"]
            if year is not None:
                if year >= this_year or year < 2000:
                    problems.append(Problem(row.number, "评选年度",
                                            f"{year}不是往年，只能补录往年（{this_year - 1}年及以前）已发放的奖励。"))
                elif year in existing_rounds:
                    problems.append(Problem(row.number, "评选年度",
                                            f"{year}年度已有评选记录（系统内评选或此前的导入），不能再补录；"
                                            "如需更正，请先撤销原导入后一次导入该年度的全部奖励。"))
            union = names.org(v["union"]) if v["union"] else None
            if v["union"] and union is None:
                problems.append(Problem(row.number, "填报工会", f"系统中没有名为“{v['union']}”的系统工会。"))
            elif union is not None and (union.kind != OrgKind.SYSTEM or union.system_kind not in HAZARD_SYSTEM_KINDS):
                problems.append(Problem(row.number, "填报工会", f"“{union}”不是系统工会，隐患奖励由系统工会申报"
                                        "（《奖励办法》第九条）。"))
                union = None
            row.refs["union"] = union
            row.refs["hazard_unit"] = self._unit(names, row, "hazard_unit", "存在隐患单位", problems)
            row.refs["finder_unit"] = self._unit(names, row, "finder_unit", "发现人所在单位", problems)
            if v["amount"] is not None and v["amount"] <= 0:
                problems.append(Problem(row.number, "奖励金额", "往年已发放的奖励金额须大于零。"))
            reported = timezone.localtime(v["reported_at"]).date() if v["reported_at"] else None
            for label, day in (("发现日期", v["found_on"]), ("向单位报告时间", reported), ("发放日期", v["paid_on"])):
                if day and day > today:
                    problems.append(Problem(row.number, label, f"{day:%Y-%m-%d}晚于今天。"))
            if v["found_on"] and reported and reported < v["found_on"]:
                problems.append(Problem(row.number, "向单位报告时间", "报告时间早于发现日期。"))
            if reported and v["paid_on"] and v["paid_on"] < reported:
                problems.append(Problem(row.number, "发放日期", "发放日期早于向单位报告的时间。"))
            if year and v["paid_on"] and v["paid_on"].year < year:
                problems.append(Problem(row.number, "发放日期", f"发放日期早于{year}年度。"))

        def key(row):
            unit = row.refs["hazard_unit"]
            if unit is None or not row.values["location"] or not row.values["reported_at"]:
                return None
            return unit.pk, row.values["location"], row.values["reported_at"]

        problems += duplicates(rows, key, "隐患部位", "同一单位、同一部位、同一报告时间的隐患")
        keys = {key(r) for r in rows} - {None}
        if keys:
            existing = {}
            for report in HazardReport.objects.filter(hazard_unit_id__in={k[0] for k in keys}).exclude(
                    reported_at__isnull=True):
                existing[(report.hazard_unit_id, report.location, report.reported_at)] = report
            for row in rows:
                found = existing.get(key(row))
                if found is not None:
                    problems.append(Problem(row.number, "隐患部位", f"该隐患已在系统中（隐患报告#{found.pk}，"
                                            f"{found.get_status_display()}），不能重复导入。"))
        return problems

    def summary(self, rows: list[Row]) -> str:
        years = sorted({r.values["year"] for r in rows})
        total = sum(r.values["amount"] for r in rows)
        return f"{len(rows)} 项隐患奖励（{'、'.join(map(str, years))}年度），合计 {format_yuan(total)}"

    def write(self, batch, rows: list[Row]) -> None:
        by = self.user
        by_year: dict[int, list[Row]] = defaultdict(list)
        for row in rows:
            by_year[row.values["year"]].append(row)
        for year, year_rows in sorted(by_year.items()):
            round_ = Round.objects.create(year=year, deadline=deadline_for(year))
            last_paid = max(r.values["paid_on"] for r in year_rows)
            total = sum(r.values["amount"] for r in year_rows)
            move(round_, "import_closed", by=by, comment=f"{batch}：{len(year_rows)} 项，合计 {format_yuan(total)}",
                 closed_at=_noon(last_paid), closed_by=by, total_paid=total)
            ImportedRecord.objects.create(batch=batch, rows="、".join(str(r.number) for r in year_rows)[:60],
                                          target=round_, label=f"{round_}（补录结算）")
            for row in year_rows:
                v = row.values
                report = HazardReport.objects.create(
                    union=row.refs["union"], finder_kind=FINDER_KINDS.get(v["finder_kind"], FinderKind.INDIVIDUAL),
                    finder_name=v["finder"], finder_unit=row.refs["finder_unit"], hazard_unit=row.refs["hazard_unit"],
                    hazard_address=row.refs["hazard_unit"].address, location=v["location"],
                    description=v["description"], found_on=v["found_on"], reported_at=v["reported_at"],
                    rectification=Rectification.RECTIFIED, expert_grade=GRADES[v["grade"]],
                    reward_amount=v["amount"], created_by=by,
                )
                move(report, "import_paid", by=by, comment=f"{batch}第{row.number}行：{year}年度发放 "
                     f"{format_yuan(v['amount'])}", paid_round=round_, paid_at=_noon(v["paid_on"]))
                ImportedRecord.objects.create(batch=batch, rows=str(row.number), target=report,
                                              label=f"{report}（{report.finder_display}）")

    def _records(self, batch):
        return records_of(batch, HazardReport), records_of(batch, Round)

    def undo_refusal(self, batch) -> str:
        reports, rounds = self._records(batch)
        own = {(HazardReport, r.pk) for r in reports} | {(Round, r.pk) for r in rounds}
        reasons = [f"隐患报告#{r.pk}已并入重复隐患组" for r in reports if r.duplicate_group_id][:5]
        reasons += later_use([*reports, *rounds], self.own_actions, own)
        return "；".join(reasons)

    def undo(self, batch, reason: str) -> None:
        reports, rounds = self._records(batch)
        remove(reports, by=self.user, batch=batch, reason=reason)
        remove(rounds, by=self.user, batch=batch, reason=reason)


def _noon(day: date):
    """A paid date as a moment: noon in Asia/Shanghai, so it stays on that day in every time zone's reading."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_current_timezone())
