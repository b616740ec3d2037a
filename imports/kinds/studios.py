"""Studios named earlier: at system level with the naming document, and earlier municipal namings, also
under the repealed 2015 measure (济工〔2015〕26号, 《管理办法》第二十四条)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.enums import STUDIO_SYSTEM_KINDS, OrgKind
from jinan_union.workflow import move
from studios.enums import StudioCategory
from studios.models import PLAQUE_TITLE, Studio
from studios.rules import QUOTA_PER_YEAR

from ..models import ImportedRecord
from ..sheets import CHOICE, DATE, INTEGER, Col, Problem, Row
from . import Kind, Names, duplicates, later_use, records_of, remove

MEASURE_2020 = "2020年《管理办法》"
MEASURE_2015 = "2015年办法（济工〔2015〕26号，已废止）"
MEASURE_2015_FULL = "《济南市“劳模（高技能人才）创新工作室”管理办法》（济工〔2015〕26号，已废止）"
MEASURE_2020_FULL = "《济南市劳模和工匠人才创新工作室管理办法》"
IN_FORCE = date(2020, 4, 27)  # 《管理办法》第二十四条
ART_6 = "《管理办法》第六条"
ART_6_1 = "《管理办法》第六条第（一）项"

COLUMNS = (
    Col("union", "系统工会", required=True, help="命名该工作室的系统工会全称，与系统中的名称一致",
        example="历下区总工会", width=22),
    Col("unit", "所在单位", required=True, help="工作室所在单位全称，须是该系统工会下属的单位",
        example="山东浪潮通用软件有限公司", width=28),
    Col("name", "工作室名称", required=True, example="浪潮智能制造创新工作室", width=28),
    Col("category", "类别", CHOICE, required=True, choices=tuple(StudioCategory.labels), example="技术创新型"),
    Col("leader", "领衔人", required=True, example="张伟", max_length=60),
    Col("members", "成员人数", INTEGER, example=12, width=10),
    Col("system_named_on", "系统工会命名日期", DATE, required=True, example=date(2018, 5, 20)),
    Col("system_document", "系统工会命名文号", required=True, help="系统工会命名文件的文号",
        example="历工发〔2018〕15号", max_length=100),
    Col("municipal_named_on", "市级命名日期", DATE,
        help="已由市总工会命名的填写；未命名的留空（市级命名只能由市总工会补录）", example=date(2019, 12, 10)),
    Col("municipal_document", "市级命名文号", help="市总工会命名发文的文号，与市级命名日期同时填写",
        example="济工发〔2019〕48号", max_length=100),
    Col("measure", "命名依据", CHOICE, choices=(MEASURE_2020, MEASURE_2015),
        help="市级命名所依据的办法；留空时按命名日期确定：2020年4月27日起为现行《管理办法》，此前为2015年办法",
        example=MEASURE_2015, width=30),
)


def measure_for(named_on: date) -> str:
    return MEASURE_2020 if named_on >= IN_FORCE else MEASURE_2015


class StudiosKind(Kind):
    key = "studios"
    title = "往年命名的创新工作室导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一个工作室，第1行表头不要改动；红色列名为必填列。",
        "2. 系统工会和所在单位须与系统中的名称一致，可对照“单位名录”表填写。",
        "3. 只由系统工会命名的工作室，市级命名日期、文号、命名依据留空；市级命名只能由市总工会生产保护部补录。",
        "4. 2020年4月27日以前的市级命名依据原《济南市“劳模（高技能人才）创新工作室”管理办法》"
        "（济工〔2015〕26号，已废止），此后依据现行《管理办法》（第二十四条）。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )
    own_actions = ("补录登记", "补录市级命名")

    def reference_lists(self) -> dict:
        from jinan_union.models import WorkUnit
        from jinan_union.scope import scope_by_org

        units = scope_by_org(WorkUnit.objects.select_related("system_union"), self.user, "system_union").filter(
            system_union__system_kind__in=STUDIO_SYSTEM_KINDS)
        return {"单位名录": (("系统工会", "所在单位"), [(u.system_union.name, u.name) for u in units])}

    def check(self, rows: list[Row]) -> list[Problem]:
        names = Names()
        user = self.user
        municipal = user.is_municipal
        today = timezone.localdate()
        problems: list[Problem] = []
        for row in rows:
            v = row.values
            union = names.org(v["union"]) if v["union"] else None
            if v["union"] and union is None:
                problems.append(Problem(row.number, "系统工会", f"系统中没有名为“{v['union']}”的系统工会。"))
            elif union is not None and (union.kind != OrgKind.SYSTEM or union.system_kind not in STUDIO_SYSTEM_KINDS):
                problems.append(Problem(row.number, "系统工会", f"“{union}”不是区县总工会、市管功能区工会、局(委)工会或"
                                        f"大企业工会，不能命名创新工作室（{ART_6_1}）。"))
                union = None
            elif union is not None and not municipal and union.pk != user.organisation_id:
                problems.append(Problem(row.number, "系统工会", f"只能导入本系统工会（{user.organisation}）的工作室。"))
                union = None
            row.refs["union"] = union
            unit = None
            if union is not None and v["unit"]:
                found = names.unit(v["unit"], union)
                if not found:
                    elsewhere = names.unit(v["unit"])
                    problems.append(Problem(row.number, "所在单位", (
                        f"“{v['unit']}”不是“{union}”下属的单位。" if elsewhere else
                        f"系统中没有名为“{v['unit']}”的单位，请先由系统管理员在“单位”中添加。")))
                else:
                    unit = found[0]
            row.refs["unit"] = unit
            if v["category"]:
                row.refs["category"] = next(c for c in StudioCategory if c.label == v["category"])
            for key, label in (("system_named_on", "系统工会命名日期"), ("municipal_named_on", "市级命名日期")):
                if v[key] and v[key] > today:
                    problems.append(Problem(row.number, label,
                                            f"{v[key]:%Y-%m-%d}晚于今天，补录的只能是已经命名的工作室。"))
            municipal_given = any(v[k] for k in ("municipal_named_on", "municipal_document", "measure"))
            if municipal_given and not municipal:
                problems.append(Problem(row.number, "市级命名日期", "市级命名只能由市总工会生产保护部补录，"
                                        "系统工会只导入本级命名的工作室，请将市级命名的三列留空。"))
            elif municipal_given:
                if not v["municipal_named_on"]:
                    problems.append(Problem(row.number, "市级命名日期",
                                            "已填写市级命名文号或依据，请填写市级命名日期。"))
                if not v["municipal_document"]:
                    problems.append(Problem(row.number, "市级命名文号", "已填写市级命名日期，请填写市级命名文号。"))
                named_on = v["municipal_named_on"]
                if named_on and v["system_named_on"] and named_on < v["system_named_on"]:
                    problems.append(Problem(row.number, "市级命名日期", "市级命名日期早于系统工会命名日期。"))
                if named_on and v["measure"] and v["measure"] != measure_for(named_on):
                    problems.append(Problem(row.number, "命名依据", (
                        f"{named_on:%Y-%m-%d}命名时有效的是{measure_for(named_on)}"
                        "（现行《管理办法》自2020年4月27日起施行，原办法同时废止，《管理办法》第二十四条）。")))
        problems += duplicates(rows, lambda r: (r.refs["unit"].pk, r.values["name"]) if r.refs["unit"] and
                               r.values["name"] else None, "工作室名称", "同一单位的工作室名称")
        keys = {(r.refs["unit"].pk, r.values["name"]) for r in rows if r.refs["unit"] and r.values["name"]}
        if keys:
            units = {unit for unit, _ in keys}
            existing = {(s.work_unit_id, s.name): s for s in Studio.objects.filter(work_unit_id__in=units)}
            for row in rows:
                key = (row.refs["unit"].pk, row.values["name"]) if row.refs["unit"] else None
                if key in existing:
                    studio = existing[key]
                    problems.append(Problem(row.number, "工作室名称", f"该单位的“{studio.name}”已在系统中"
                                            f"（{studio.get_status_display()}），不能重复导入。"))
        problems += self._quota(rows)
        return problems

    def _quota(self, rows: list[Row]) -> list[Problem]:
        """STU-QUOTA (S§6) for namings under the 2020 measure: at most 10 a year, those in the system included."""
        years = Counter()
        problems = []
        named = [r for r in rows if r.values["municipal_named_on"] and measure_for(r.values["municipal_named_on"])
                 == MEASURE_2020]
        existing = Counter(Studio.objects.filter(naming_year__in={r.values["municipal_named_on"].year for r in named})
                           .values_list("naming_year", flat=True))
        for row in named:
            year = row.values["municipal_named_on"].year
            years[year] += 1
            if existing[year] + years[year] > QUOTA_PER_YEAR:
                problems.append(Problem(row.number, "市级命名日期", (
                    f"{year}年度市级命名已达{QUOTA_PER_YEAR}家（系统中已有{existing[year]}家），"
                    f"每年命名不超过{QUOTA_PER_YEAR}家（{ART_6}）。")))
        return problems

    def summary(self, rows: list[Row]) -> str:
        municipal = sum(1 for r in rows if r.values["municipal_named_on"])
        return f"{len(rows)} 个工作室（其中市级命名 {municipal} 个）"

    def write(self, batch, rows: list[Row]) -> None:
        for row in rows:
            self.write_row(batch, row)

    def write_row(self, batch, row: Row) -> Studio:
        """One row's studio: registered as named at system level, then named at municipal level when it was."""
        by = self.user
        v = row.values
        studio = Studio.objects.create(
            name=v["name"], system_union=row.refs["union"], work_unit=row.refs["unit"],
            category=row.refs["category"], leader_name=v["leader"], member_count=v["members"] or 0,
            system_named_on=v["system_named_on"], system_document_number=v["system_document"],
        )
        record_change(studio, actor=by, action="补录登记", to_state=studio.get_status_display(),
                      comment=f"{batch}第{row.number}行：系统工会命名 {v['system_named_on']:%Y-%m-%d}，"
                              f"{v['system_document']}")
        if v["municipal_named_on"]:
            named_on = v["municipal_named_on"]
            old = measure_for(named_on) == MEASURE_2015
            studio = move(studio, "import_named", by=by,
                          comment=f"{batch}第{row.number}行：依据{MEASURE_2015_FULL if old else MEASURE_2020_FULL}，"
                                  f"{v['municipal_document']}，{named_on:%Y-%m-%d}命名",
                          municipal_named_on=named_on, naming_year=named_on.year,
                          naming_document_number=v["municipal_document"], plaque_title="" if old else PLAQUE_TITLE)
        ImportedRecord.objects.create(batch=batch, rows=str(row.number), target=studio,
                                      label=f"{studio.name}（{studio.work_unit}）")
        return studio

    def undo_refusal(self, batch) -> str:
        studios = records_of(batch, Studio)
        reasons = later_use(studios, self.own_actions, {(Studio, s.pk) for s in studios})
        return "；".join(reasons)

    def undo(self, batch, reason: str) -> None:
        remove(records_of(batch, Studio), by=self.user, batch=batch, reason=reason)
