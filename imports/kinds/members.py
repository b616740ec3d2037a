"""Studio members (STU-MEMBERS, S§4(三), S§21): name, role, skill level, honours and the date each joined, for
studios already in the system, found by their unit and name (a studio has no plaque number of its own)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.models import WorkUnit
from studios.enums import SkillLevel
from studios.models import Studio, StudioMember

from ..models import ImportedRecord
from ..sheets import CHOICE, DATE, Col, Problem, Row
from . import Kind, duplicates, later_use, records_of, remove

YES, NO = "是", "否"
SKILLS = {level.label: level.value for level in SkillLevel}

UNIT = Col("unit", "所在单位", required=True, help="工作室所在单位全称，与系统中的名称一致",
           example="山东浪潮通用软件有限公司", width=28)
STUDIO = Col("studio", "工作室名称", required=True, help="与系统中的工作室名称一致（同一单位内名称唯一）",
             example="浪潮智能制造创新工作室", width=28)

COLUMNS = (
    UNIT,
    STUDIO,
    Col("name", "姓名", required=True, example="李娜", max_length=60),
    Col("position", "岗位/职务", required=True, help="成员在工作室中的岗位或职务（角色）", example="技术骨干",
        max_length=100),
    Col("skill_level", "职业技能等级", CHOICE, choices=tuple(SKILLS), help="没有职业技能等级的选“无”或留空",
        example=SkillLevel.TECHNICIAN.label, width=20),
    Col("honours", "荣誉称号", help="多项以顿号分隔", example="济南工匠、齐鲁首席技师", width=30, max_length=1000),
    Col("is_leader", "领衔人", CHOICE, choices=(YES, NO), help="工作室领衔人填“是”，每个工作室至多一人",
        example=NO, width=10),
    Col("joined_on", "加入日期", DATE, help="加入工作室的日期，不详的留空"),
)


def studio_list(user) -> dict:
    """The reference sheet 工作室名录: the studios the user sees (SYS-SCOPE), to copy unit and name from."""
    from studios.selectors import studios_visible_to

    studios = studios_visible_to(user).select_related("work_unit", "system_union")
    return {"工作室名录": (("系统工会", "所在单位", "工作室名称"),
                          [(s.system_union.name, s.work_unit.name, s.name) for s in studios[:5000]])}


class StudioFinder:
    """The studios the user may import for, by (unit, name): the reviewer any union's, a system union's clerk
    its own union's (SYS-SCOPE)."""

    def __init__(self, user, rows: list[Row]):
        self.user = user
        wanted = {(r.values["unit"], r.values["studio"]) for r in rows if r.values["unit"] and r.values["studio"]}
        self.found: dict[tuple[str, str], list[Studio]] = defaultdict(list)
        names = {name for _, name in wanted}
        for studio in Studio.objects.filter(name__in=names).select_related("work_unit", "system_union"):
            self.found[(studio.work_unit.name, studio.name)].append(studio)
        self.units = set(WorkUnit.objects.filter(name__in={unit for unit, _ in wanted}).values_list("name", flat=True))

    def studio(self, row: Row) -> tuple[Studio | None, Problem | None]:
        unit, name = row.values["unit"], row.values["studio"]
        if not (unit and name):
            return None, None
        found = self.found.get((unit, name)) or []
        if not found and unit not in self.units:
            return None, Problem(row.number, "所在单位", f"系统中没有名为“{unit}”的单位。")
        if not found:
            return None, Problem(row.number, "工作室名称", f"系统中没有“{unit}”的“{name}”，请先导入或登记该工作室。")
        if len(found) > 1:
            return None, Problem(row.number, "所在单位", f"有多个名为“{unit}”的单位都有“{name}”，请联系系统管理员。")
        studio = found[0]
        if not self.user.is_municipal and studio.system_union_id != self.user.organisation_id:
            return None, Problem(row.number, "工作室名称",
                                 f"“{name}”属于{studio.system_union}，只能导入本系统工会（{self.user.organisation}）的工作室。")
        return studio, None


class MembersKind(Kind):
    key = "members"
    title = "创新工作室成员导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一名成员，第1行表头不要改动；红色列名为必填列。",
        "2. 工作室按“所在单位”和“工作室名称”查找，须已在系统中（往年命名的工作室请先导入工作室）。",
        "3. 成员的岗位、技能等级和荣誉供各级工会组织培训学习、进修深造和疗休养时优先考虑"
        "（《管理办法》第四条第（三）项、第二十一条）。",
        "4. 同一工作室已登记的在册成员（姓名相同）不能重复导入；每个工作室至多一名领衔人。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )
    own_actions = ("补录成员",)

    def reference_lists(self) -> dict:
        return studio_list(self.user)

    def check(self, rows: list[Row]) -> list[Problem]:
        finder = StudioFinder(self.user, rows)
        today = timezone.localdate()
        problems: list[Problem] = []
        for row in rows:
            studio, problem = finder.studio(row)
            if problem:
                problems.append(problem)
            row.refs["studio"] = studio
            joined = row.values["joined_on"]
            if joined and joined > today:
                problems.append(Problem(row.number, "加入日期", f"{joined:%Y-%m-%d}晚于今天。"))
        problems += duplicates(rows, lambda r: (r.refs["studio"].pk, r.values["name"]) if r.refs["studio"] and
                               r.values["name"] else None, "姓名", "同一工作室的成员")
        studios = {r.refs["studio"].pk for r in rows if r.refs["studio"]}
        current = StudioMember.objects.filter(studio_id__in=studios, left=False)
        present = {(m.studio_id, m.name) for m in current}
        leaders = {m.studio_id: m.name for m in current if m.is_leader}
        for row in rows:
            studio = row.refs["studio"]
            if studio and (studio.pk, row.values["name"]) in present:
                problems.append(Problem(row.number, "姓名", f"{row.values['name']}已是“{studio.name}”的在册成员，"
                                        "不能重复导入（信息有变化的请在成员页面修改）。"))
            if studio and row.values["is_leader"] == YES and studio.pk in leaders:
                problems.append(Problem(row.number, "领衔人", f"“{studio.name}”已登记领衔人{leaders[studio.pk]}，"
                                        "每个工作室至多一名领衔人。"))
        problems += duplicates(rows, lambda r: r.refs["studio"].pk if r.refs["studio"] and r.values["is_leader"] == YES
                               else None, "领衔人", "同一工作室的领衔人")
        return problems

    def summary(self, rows: list[Row]) -> str:
        studios = {r.refs["studio"].pk for r in rows if r.refs.get("studio")}
        return f"{len(studios)} 个工作室的 {len(rows)} 名成员"

    def write(self, batch, rows: list[Row]) -> None:
        by = self.user
        for row in rows:
            v = row.values
            member = StudioMember.objects.create(
                studio=row.refs["studio"], name=v["name"], position=v["position"],
                skill_level=SKILLS.get(v["skill_level"] or "", ""), honours=v["honours"] or "",
                is_leader=v["is_leader"] == YES, joined_on=v["joined_on"], created_by=by,
            )
            joined = f"，{v['joined_on']:%Y-%m-%d}加入" if v["joined_on"] else ""
            record_change(member, actor=by, action="补录成员",
                          comment=f"{batch}第{row.number}行：{member.name}，{member.position}{joined}")
            ImportedRecord.objects.create(batch=batch, rows=str(row.number), target=member,
                                          label=f"{member.name}（{member.studio}）")

    def undo_refusal(self, batch) -> str:
        members = records_of(batch, StudioMember)
        return "；".join(later_use(members, self.own_actions, {(StudioMember, m.pk) for m in members}))

    def undo(self, batch, reason: str) -> None:
        remove(records_of(batch, StudioMember), by=self.user, batch=batch, reason=reason)
