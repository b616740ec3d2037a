"""Honours and patents (成果：荣誉、专利) from the archive: each the studio's own record (`Honour.studio`), shown on
the studio's page and counted by every application of the studio for the category conditions (S§7(一), S§8(六),
S§9(四)); docs/decisions/imports.md says why the studio and not an application."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from jinan_union.audit import record_change
from studios.enums import HonourKind, Level
from studios.models import Honour

from ..models import ImportedRecord
from ..sheets import CHOICE, DATE, Col, Problem, Row
from . import Kind, duplicates, later_use, records_of, remove
from .members import STUDIO, UNIT, StudioFinder, studio_list

KINDS = {k.label: k.value for k in HonourKind}
LEVELS = {lv.label: lv.value for lv in Level}
PATENT = HonourKind.INVENTION_PATENT

COLUMNS = (
    UNIT,
    STUDIO,
    Col("kind", "类型", CHOICE, required=True, choices=tuple(KINDS), example=HonourKind.SCI_TECH_AWARD.label,
        width=30),
    Col("level", "级别", CHOICE, choices=tuple(LEVELS), help="国家发明专利可留空（即为国家级）；其他类型必填",
        example=Level.PROVINCIAL.label, width=12),
    Col("title", "名称", required=True, help="奖项、专利或称号的名称", example="山东省科学技术进步奖二等奖",
        width=32),
    Col("awarded_on", "获得日期", DATE, required=True, help="获奖、授权或授予的日期"),
    Col("issuer", "颁发/授予单位", example="山东省人民政府", width=24),
    Col("number", "证书/专利号", help="国家发明专利须填写专利号", example="ZL201910123456.7", max_length=100,
        width=22),
)


class HonoursKind(Kind):
    key = "honours"
    title = "创新工作室荣誉和专利导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一项获奖、专利或称号，第1行表头不要改动；红色列名为必填列。",
        "2. 工作室按“所在单位”和“工作室名称”查找，须已在系统中（往年命名的工作室请先导入工作室）。",
        "3. 导入的荣誉和专利记入工作室的往年成果档案，显示在工作室页面，并在该工作室今后的市级命名申报中计入"
        "类别条件（《管理办法》第七条第（一）项、第八条第（六）项、第九条第（四）项）。",
        "4. 同一工作室已有的同类型、同名称、同日期的荣誉（或同一专利号）不能重复导入。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )
    own_actions = ("补录成果",)

    def reference_lists(self) -> dict:
        return studio_list(self.user)

    def check(self, rows: list[Row]) -> list[Problem]:
        finder = StudioFinder(self.user, rows)
        today = timezone.localdate()
        problems: list[Problem] = []
        for row in rows:
            v = row.values
            studio, problem = finder.studio(row)
            if problem:
                problems.append(problem)
            row.refs["studio"] = studio
            kind = KINDS.get(v["kind"] or "")
            row.refs["kind"] = kind
            level = LEVELS.get(v["level"] or "")
            if kind == PATENT:
                if level and level != Level.NATIONAL:
                    problems.append(Problem(row.number, "级别", "国家发明专利即为国家级，请选择“国家级”或留空。"))
                level = Level.NATIONAL
                if not v["number"] and "number" not in row.bad:
                    problems.append(Problem(row.number, "证书/专利号", "国家发明专利须填写专利号。"))
            elif kind and not level and "level" not in row.bad:
                problems.append(Problem(row.number, "级别", f"请选择{v['kind']}的级别。"))
            row.refs["level"] = level
            if v["awarded_on"] and v["awarded_on"] > today:
                problems.append(Problem(row.number, "获得日期", f"{v['awarded_on']:%Y-%m-%d}晚于今天。"))
        problems += duplicates(rows, self._key, "名称", "同一工作室的同一荣誉")
        problems += duplicates(rows, lambda r: (r.refs["studio"].pk, r.values["number"]) if r.refs["studio"] and
                               r.values["number"] else None, "证书/专利号", "同一工作室的证书/专利号")
        problems += self._present(rows)
        return problems

    @staticmethod
    def _key(row: Row):
        if not (row.refs["studio"] and row.refs["kind"] and row.values["title"] and row.values["awarded_on"]):
            return None
        return row.refs["studio"].pk, row.refs["kind"], row.values["title"], row.values["awarded_on"]

    def _present(self, rows: list[Row]) -> list[Problem]:
        """Already there: the same honour (type, name, date) of the studio, from the archive or in one of its
        applications (not removed), or the same certificate or patent number."""
        studios = {r.refs["studio"].pk for r in rows if r.refs["studio"]}
        if not studios:
            return []
        there = Honour.objects.filter(Q(studio__in=studios) | Q(application__studio__in=studios), removed=False)
        keys, numbers = {}, {}
        for h in there.select_related("application"):
            studio_id = h.studio_id or h.application.studio_id
            where = f"{h.application.year}年度申报" if h.application_id else "往年成果档案"
            keys[(studio_id, h.kind, h.title, h.awarded_on)] = where
            if h.number:
                numbers[(studio_id, h.number)] = where
        problems = []
        for row in rows:
            key = self._key(row)
            if key in keys:
                problems.append(Problem(row.number, "名称", f"“{row.values['title']}”已在该工作室的{keys[key]}中，"
                                        "不能重复导入。"))
            elif row.refs["studio"] and (row.refs["studio"].pk, row.values["number"]) in numbers:
                where = numbers[(row.refs["studio"].pk, row.values["number"])]
                problems.append(Problem(row.number, "证书/专利号", f"{row.values['number']}已在该工作室的{where}中，"
                                        "不能重复导入。"))
        return problems

    def summary(self, rows: list[Row]) -> str:
        studios = {r.refs["studio"].pk for r in rows if r.refs.get("studio")}
        patents = sum(1 for r in rows if r.refs.get("kind") == PATENT)
        return f"{len(studios)} 个工作室的 {len(rows)} 项荣誉和专利（其中专利 {patents} 项）"

    def write(self, batch, rows: list[Row]) -> None:
        by = self.user
        for row in rows:
            v = row.values
            honour = Honour.objects.create(
                studio=row.refs["studio"], kind=row.refs["kind"], level=row.refs["level"], title=v["title"],
                awarded_on=v["awarded_on"], issuer=v["issuer"] or "", number=v["number"] or "",
            )
            record_change(honour, actor=by, action="补录成果",
                          comment=f"{batch}第{row.number}行：{honour.kind_with_level}“{honour.title}”，"
                                  f"{honour.awarded_on:%Y-%m-%d}，记入“{honour.studio}”往年成果档案")
            ImportedRecord.objects.create(batch=batch, rows=str(row.number), target=honour,
                                          label=f"{honour.title}（{honour.studio}）")

    def undo_refusal(self, batch) -> str:
        honours = records_of(batch, Honour)
        return "；".join(later_use(honours, self.own_actions, {(Honour, h.pk) for h in honours}))

    def undo(self, batch, reason: str) -> None:
        remove(records_of(batch, Honour), by=self.user, batch=batch, reason=reason)

