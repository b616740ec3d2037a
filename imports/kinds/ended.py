"""Studios de-listed (摘牌) or revoked (撤销命名) before the system (STU-SPOTCHECK, STU-REVOKE, S§10, S§17): each row
is a studio imported as named (the studios kind's columns and checks, the municipal naming required), then the
decision recorded as the pages record it — a `StudioDecision` with the reason, the meeting and the published
document — and the studio moved by `import_delisted` / `import_revoked` (补录摘牌 / 补录撤销命名). Its grant
stays frozen: no money moves for a de-listed or revoked studio (FUN-FREEZE)."""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone

from jinan_union.workflow import move
from studios.enums import DecisionKind, DecisionReason, MeetingType
from studios.models import Studio, StudioDecision
from studios.services import REASONS_FOR
from studios.signals import studio_decided

from ..models import ImportedRecord
from ..sheets import CHOICE, DATE, Col, Problem, Row
from . import later_use, records_of, remove
from .studios import COLUMNS as STUDIO_COLUMNS
from .studios import StudiosKind

DECISIONS = {k.label: k.value for k in DecisionKind}
REASONS = {r.label: r.value for r in DecisionReason}
MEETINGS = {m.label: m.value for m in MeetingType}
ART_10 = "《管理办法》第十条"
ART_17 = "《管理办法》第十七条"

NAMING_REQUIRED = {
    "municipal_named_on": "被摘牌或撤销命名的工作室须已由市总工会命名",
    "municipal_document": "市总工会命名发文的文号",
}
COLUMNS = tuple(
    replace(c, required=True, help=NAMING_REQUIRED[c.key]) if c.key in NAMING_REQUIRED else c
    for c in STUDIO_COLUMNS
) + (
    Col("decision", "决定", CHOICE, required=True, choices=tuple(DECISIONS), example=DecisionKind.DELIST.label,
        width=12),
    Col("reason", "原因", CHOICE, required=True, choices=tuple(REASONS),
        help="整改复查不达标或整改逾期的摘牌（第十七条）；弄虚作假的撤销命名（第十条）",
        example=DecisionReason.FAILED_RECHECK.label, width=18),
    Col("findings", "查实的情况", required=True, example="2021年抽查不达标，限期整改后复查仍未达到要求",
        width=36, max_length=2000),
    Col("meeting_type", "会议类型", CHOICE, required=True, choices=tuple(MEETINGS),
        example=MeetingType.PARTY_GROUP.label, width=12),
    Col("meeting_date", "会议日期", DATE, required=True, example=None),
    Col("minutes_number", "会议纪要编号", required=True, example="党组会纪要〔2022〕5号", max_length=100),
    Col("document_number", "发文文号", required=True, help="摘牌或撤销命名决定的发文文号",
        example="济工发〔2022〕30号", max_length=100),
    Col("decided_on", "发文日期", DATE, required=True),
    Col("notice_number", "通报批评文号", help="弄虚作假撤销命名的须填写（第十条）", example="", max_length=100),
)


class EndedStudiosKind(StudiosKind):
    key = "ended"
    title = "往年摘牌或撤销命名的创新工作室导入模板"
    columns = COLUMNS
    notes = (
        "1. 在“数据”表中每行填写一个已被摘牌或撤销命名的工作室，第1行表头不要改动；红色列名为必填列。",
        "2. 前半部分各列与往年命名的工作室模板相同，市级命名日期和文号必填；后半部分填写摘牌或撤销命名的决定："
        "原因、党组会/主席办公会的会议日期和纪要编号、决定的发文文号和日期。",
        "3. 整改复查不达标或整改逾期未复查的摘牌（《管理办法》第十七条）；弄虚作假的撤销命名，"
        "并须填写通报批评文号（《管理办法》第十条）。",
        "4. 导入的工作室按原状态记为“已摘牌”或“已撤销命名”，不再拨付或使用资助资金。",
        "5. 上传后系统先试导入，逐行列出所有问题；全部改正后才能确认导入，导入时要么全部写入，要么一行也不写入。",
    )
    own_actions = ("补录登记", "补录市级命名", "补录摘牌", "补录撤销命名")

    def check(self, rows: list[Row]) -> list[Problem]:
        problems = super().check(rows)
        today = timezone.localdate()
        for row in rows:
            v = row.values
            decision, reason = DECISIONS.get(v["decision"] or ""), REASONS.get(v["reason"] or "")
            if decision and reason and REASONS_FOR[reason] != decision:
                problems.append(Problem(row.number, "原因", (
                    f"弄虚作假的应撤销命名（{ART_10}）。" if reason == DecisionReason.FRAUD else
                    f"“{v['reason']}”的应摘牌（{ART_17}），撤销命名只因弄虚作假（{ART_10}）。")))
            if reason == DecisionReason.FRAUD and not v["notice_number"] and "notice_number" not in row.bad:
                problems.append(Problem(row.number, "通报批评文号",
                                        f"弄虚作假撤销命名的，须同时通报批评：请填写通报批评文号（{ART_10}）。"))
            named_on, meeting, decided = v["municipal_named_on"], v["meeting_date"], v["decided_on"]
            for value, label in ((meeting, "会议日期"), (decided, "发文日期")):
                if value and value > today:
                    problems.append(Problem(row.number, label,
                                            f"{value:%Y-%m-%d}晚于今天，补录的只能是已经作出的决定。"))
            if meeting and named_on and meeting < named_on:
                problems.append(Problem(row.number, "会议日期", "会议日期早于市级命名日期。"))
            if meeting and decided and decided < meeting:
                problems.append(Problem(row.number, "发文日期", "发文日期不能早于会议日期。"))
        return problems

    def summary(self, rows: list[Row]) -> str:
        revoked = sum(1 for r in rows if r.values["decision"] == DecisionKind.REVOKE.label)
        return f"{len(rows)} 个工作室（摘牌 {len(rows) - revoked} 个，撤销命名 {revoked} 个）"

    def write_row(self, batch, row: Row) -> Studio:
        by = self.user
        studio = super().write_row(batch, row)
        v = row.values
        decision = StudioDecision.objects.create(
            studio=studio, kind=DECISIONS[v["decision"]], reason=REASONS[v["reason"]], findings=v["findings"],
            meeting_type=MEETINGS[v["meeting_type"]], meeting_date=v["meeting_date"],
            minutes_number=v["minutes_number"], document_number=v["document_number"], decided_on=v["decided_on"],
            notice_number=v["notice_number"] or "", decided_by=by,
        )
        notice = f"；通报批评{decision.notice_number}" if decision.notice_number else ""
        studio = move(
            studio, "import_revoked" if decision.kind == DecisionKind.REVOKE else "import_delisted", by=by,
            comment=f"{batch}第{row.number}行：{decision.document_number}（{decision.get_meeting_type_display()}"
                    f"{decision.meeting_date:%Y-%m-%d}，纪要{decision.minutes_number}）：{decision.get_reason_display()}，"
                    f"{decision.findings}{notice}",
            delisted_on=decision.decided_on, delisted_reason=f"{decision.get_reason_display()}：{decision.findings}",
        )
        # As the decision page does: whoever listens (the grant's freeze, FUN-FREEZE) hears of it in this transaction.
        studio_decided.send(sender=Studio, studio=studio, decision=decision, by=by)
        ImportedRecord.objects.create(batch=batch, rows=str(row.number), target=decision,
                                      label=f"{studio.name}：{decision.get_kind_display()}（{decision.document_number}）")
        return studio

    def undo_refusal(self, batch) -> str:
        studios, decisions = records_of(batch, Studio), records_of(batch, StudioDecision)
        own = {(Studio, s.pk) for s in studios} | {(StudioDecision, d.pk) for d in decisions}
        return "；".join(later_use(studios, self.own_actions, own) + later_use(decisions, (), own))

    def undo(self, batch, reason: str) -> None:
        remove(records_of(batch, StudioDecision), by=self.user, batch=batch, reason=reason)
        remove(records_of(batch, Studio), by=self.user, batch=batch, reason=reason)
