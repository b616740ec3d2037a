"""Every write of the studios app that is more than one move.

The moves of an application (STU-FLOW) and of a studio (S§17) are the tables in workflows.py; pages call
jinan_union.workflow.move() for a plain move and these services for writes that record something and
then move (an inspection, a fraud notice, a spot check, a batch's naming). Each service asks the action's
predicate of permissions.py (`require()`), so no caller can skip the check the page asks; refusals are
DomainErrors, beside their field when they concern one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.enums import DOCUMENT_TYPES, IMAGE_TYPES, Role
from jinan_union.errors import DomainError
from jinan_union.files import attach_staged, attachments_of, store_upload
from jinan_union.models import Attachment, User
from jinan_union.permissions import require
from jinan_union.workflow import REPEATED, move

from . import permissions, rules, selectors
from .enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    ENDING_KINDS,
    INSPECTION_PHOTO,
    KEEP_REASONS,
    LEADER_EVIDENCE,
    LEDGER_FILE,
    MUNICIPAL_STATES,
    SCORE_CRITERIA,
    SPOTCHECK_FILE,
    AssessmentConclusion,
    DecisionKind,
    DecisionReason,
    MaterialKind,
    StudioStatus,
    checklist_items,
)
from .enums import ApplicationState as S
from .models import (
    Application,
    Assessment,
    Call,
    ChecklistMark,
    CriticismNotice,
    ExpertAssignment,
    ExpertScore,
    Honour,
    Inspection,
    LedgerEntry,
    NamingBatch,
    Showcase,
    ShowcasePhoto,
    SpotCheck,
    Studio,
    StudioDecision,
    StudioMember,
)
from .signals import studio_decided


def _past(value: date | None, field: str, words: str) -> None:
    """A date of something that already happened: not in the future, not before the floor (SYS-ERR)."""
    problem = rules.past_date_problem(value, words, timezone.localdate())
    if problem:
        raise DomainError(problem, field=field)


def _store(upload, *, field: str, **kwargs) -> Attachment:
    """Store one upload; a refused file is a DomainError beside the form field it came from (SYS-ERR)."""
    try:
        return store_upload(upload, **kwargs)
    except ValidationError as error:
        raise DomainError("；".join(error.messages), field=field) from None


# --- studios ----------------------------------------------------------------------------------------------


@transaction.atomic
def studio_register(*, by: User, data: dict) -> Studio:
    require(permissions.can_register_studio(by))
    require(permissions.can_register_studio(by, data["work_unit"]))
    _past(data.get("system_named_on"), "system_named_on", "系统工会命名日期")
    studio = Studio.objects.create(system_union_id=by.organisation_id, **data)
    record_change(studio, actor=by, action="登记工作室", to_state=studio.get_status_display(),
                  comment=f"系统工会命名日期：{studio.system_named_on:%Y-%m-%d}")
    return studio


# --- the yearly call (STU-CALL) ----------------------------------------------------------------------------

CALL_FILE = "call_attachment"


@transaction.atomic
def call_publish(*, by: User, data: dict, uploads: Iterable = ()) -> Call:
    """The municipal reviewer opens the year's call: dates (Asia/Shanghai), categories, notice, attachments."""
    require(permissions.can_open_call(by))
    opens_on, closes_on = data["opens_on"], data["closes_on"]
    if closes_on < opens_on:
        raise DomainError("申报截止日期不能早于申报开始日期。", field="closes_on")
    if not data.get("categories"):
        raise DomainError("请至少选择一个申报类别。", field="categories")
    if Call.objects.filter(year=data["year"]).exists():
        raise DomainError(f"{data['year']}年度的申报通知已经发布，每年只发布一期。", field="year")
    if Call.objects.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).exists():
        raise DomainError("申报时间与已发布的申报通知重叠。", field="opens_on")
    call = Call.objects.create(created_by=by, **data)
    for upload in uploads:
        _store(upload, field="attachments", kind=CALL_FILE, by=by, allowed=DOCUMENT_TYPES, owner=call)
    record_change(call, actor=by, action="发布申报通知",
                  comment=f"{call.opens_on:%Y-%m-%d}至{call.closes_on:%Y-%m-%d}；{'、'.join(call.category_labels())}")
    return call


# --- expert scoring (STU-SCORE, S§11) -------------------------------------------------------------------------


@transaction.atomic
def expert_assign(*, application: Application, expert: User, by: User) -> ExpertAssignment:
    """The reviewer assigns an expert; one of the applicant's own system union or unit is refused (回避). The
    expert is notified (SYS-NOTIFY)."""
    from django.urls import reverse

    from notifications.services import notify

    application = Application.objects.select_for_update().get(pk=application.pk)
    require(permissions.can_assign_experts(by, application))
    if not expert.has_role(Role.EXPERT) or not expert.is_active:
        raise DomainError(f"{expert.full_name or expert.username}不是评审专家。", field="expert")
    conflict = permissions.conflict_of_interest(expert, application)
    if conflict:
        raise DomainError(conflict, field="expert")
    if application.expert_assignments.filter(expert=expert).exists():
        raise DomainError(f"已分配评审专家{expert.full_name}。", field="expert")
    assignment = ExpertAssignment.objects.create(application=application, expert=expert, assigned_by=by)
    record_change(application, actor=by, action="分配评审专家", comment=expert.full_name)
    notify([expert], key=f"studios.expert_assigned.{assignment.pk}", title=f"请评审：{application}",
           body="市总工会生产保护部请您按公布的评分标准对该申报评分。",
           link=reverse("studios:score", args=[assignment.pk]), about=application, reason="您被分配为评审专家")
    return assignment


@transaction.atomic
def expert_score(*, assignment: ExpertAssignment, by: User, data: dict) -> ExpertScore:
    """The expert's score on each published criterion, with a comment. Final once submitted."""
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    require(permissions.can_score(by, assignment))
    values = {}
    for field, label, maximum, _ in SCORE_CRITERIA:
        value = data.get(field)
        if value is None or value == "":
            raise DomainError(f"请填写“{label}”得分。", field=field)
        try:
            value = Decimal(str(value))
        except InvalidOperation:
            raise DomainError(f"“{label}”得分须为数字。", field=field) from None
        if not value.is_finite() or value < 0 or value > maximum or value != value.quantize(Decimal("0.1")):
            raise DomainError(f"“{label}”得分须在0至{maximum}分之间，最多一位小数。", field=field)
        values[field] = value
    comment = (data.get("comment") or "").strip()
    if not comment:
        raise DomainError("请填写评审意见。", field="comment")
    score = ExpertScore.objects.create(assignment=assignment, total=sum(values.values()), comment=comment, **values)
    record_change(assignment.application, actor=by, action="专家评分", comment=f"{score.total}分")
    return score


# --- applications: drafting -------------------------------------------------------------------------------


def _require_editable(application: Application, by: User) -> None:
    if application.state not in EDITABLE_STATES:
        raise DomainError(f"申报当前状态为“{application.get_state_display()}”，不能修改。")
    require(permissions.can_edit_application(by, application))


@transaction.atomic
def application_start(*, studio: Studio, by: User) -> Application:
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if studio.status != StudioStatus.SYSTEM_NAMED:
        raise DomainError(f"工作室状态为“{studio.get_status_display()}”，不能申报市级命名。")
    require(permissions.can_apply(by, studio))
    if studio.applications.exclude(state__in=CLOSED_STATES).exists():
        raise DomainError("该工作室已有一份进行中的申报，请继续填写该申报。")
    call = selectors.call_for_new_application()
    if call is not None and studio.applications.filter(call=call).exists():
        raise DomainError(f"该工作室在《{call.title}》中已有申报，每期申报通知只能申报一次，请待下一期申报通知。",
                          article="《管理办法》第五条")
    app = Application.objects.create(
        studio=studio, year=call.year if call else timezone.localdate().year, category=studio.category,
        leader_name=studio.leader_name, created_by=by, call=call,
    )
    record_change(app, actor=by, action="创建申报草稿", to_state=app.get_state_display())
    return app


@transaction.atomic
def application_save(*, application: Application, by: User, changes: dict) -> Application:
    """Save one step of the form as it is (a draft may be incomplete)."""
    _require_editable(application, by)
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=[*changes, "updated_at"])
    return application


@transaction.atomic
def honour_add(*, application: Application, by: User, data: dict) -> Honour:
    _require_editable(application, by)
    _past(data.get("awarded_on"), "awarded_on", "获得日期")
    return Honour.objects.create(application=application, **data)


@transaction.atomic
def honour_remove(*, honour: Honour, by: User) -> None:
    _require_editable(honour.application, by)
    honour.removed = True  # kept with the record (SYS-KEEP); no longer counted
    honour.save(update_fields=["removed"])


@transaction.atomic
def file_add(*, application: Application, by: User, kind: str, upload, field: str | None = None) -> Attachment:
    _require_editable(application, by)
    if kind not in (*MaterialKind.values, LEADER_EVIDENCE):
        raise DomainError("未知的材料类别。")
    return _store(upload, field=field or kind, kind=kind, by=by, allowed=DOCUMENT_TYPES, owner=application)


@transaction.atomic
def file_withdraw(*, application: Application, by: User, attachment: Attachment) -> None:
    """Superseded, not deleted (SYS-KEEP): the file stays stored and leaves the current list."""
    _require_editable(application, by)
    if attachments_of(application).filter(pk=attachment.pk).exists():
        attachment.replaced = True
        attachment.save(update_fields=["replaced"])


# --- applications: review -----------------------------------------------------------------------------------


@transaction.atomic
def checklist_mark(*, application: Application, by: User, marks: dict[str, tuple[bool, str]]) -> None:
    require(permissions.can_checklist(by, application))
    known = {code for code, _, _ in checklist_items(application.category)}
    for item, (met, note) in marks.items():
        if item not in known:
            raise DomainError(f"未知检查项：{item}")
        ChecklistMark.objects.update_or_create(
            application=application, item=item, defaults={"met": met, "note": note, "marked_by": by}
        )


@transaction.atomic
def inspection_record(
    *, application: Application, by: User, inspected_on: date, people: str, findings: str, photos=()
) -> Inspection:
    """Record the inspection (考察) and move the application to 已考察."""
    if application.state != S.SUBMITTED:
        raise DomainError(f"申报当前状态为“{application.get_state_display()}”，不能记录考察。")
    require(permissions.can_record_inspection(by, application))
    _past(inspected_on, "inspected_on", "考察日期")
    inspection = Inspection.objects.create(
        application=application, inspected_on=inspected_on, people=people, findings=findings, recorded_by=by
    )
    for photo in photos:
        _store(photo, field="photo", kind=INSPECTION_PHOTO, by=by, allowed=IMAGE_TYPES, owner=inspection)
    move(application, "inspect", by=by, comment=f"考察日期：{inspected_on:%Y-%m-%d}")
    return inspection


@transaction.atomic
def fraud_disqualify(
    *, application: Application, by: User, notice_number: str, issued_on: date, findings: str
) -> CriticismNotice:
    """STU-FRAUD (S§10): disqualify and issue the criticism notice; the record stays, marked as such."""
    require(permissions.can_report_fraud(by, application))
    if not (notice_number.strip() and findings.strip()):
        raise DomainError("请填写通报文号和核实的不实情况。")
    _past(issued_on, "issued_on", "通报日期")
    app = move(application, "disqualify", by=by, comment=f"弄虚作假：{findings}")
    notice = CriticismNotice.objects.create(
        application=app, notice_number=notice_number, issued_on=issued_on, findings=findings, issued_by=by
    )
    record_change(app, actor=by, action="通报批评", comment=f"{notice_number}：{findings}")
    return notice


# --- naming batches (secretary) --------------------------------------------------------------------------


@transaction.atomic
def batch_create(*, by: User, year: int, title: str) -> NamingBatch:
    require(permissions.can_manage_batches(by))
    batch = NamingBatch.objects.create(year=year, title=title, created_by=by)
    record_change(batch, actor=by, action="建立命名批次", comment=f"{year}年度")
    return batch


@transaction.atomic
def batch_add(*, batch: NamingBatch, applications: Iterable[Application], by: User) -> int:
    require(permissions.can_manage_batches(by, batch))
    added = 0
    for app in applications:
        app = Application.objects.select_for_update().get(pk=app.pk)
        if app.state != S.RECOMMENDED or app.naming_batch_id:
            raise DomainError(f"“{app.studio.name}”不是待审定的已推荐申报。")
        app.naming_batch = batch
        app.save(update_fields=["naming_batch", "updated_at"])
        record_change(app, actor=by, action="列入命名批次", comment=batch.title)
        added += 1
    return added


@transaction.atomic
def batch_record_meeting(
    *, batch: NamingBatch, by: User, meeting_type: str, meeting_date: date, minutes_number: str
) -> NamingBatch:
    require(permissions.can_manage_batches(by, batch))
    _past(meeting_date, "meeting_date", "会议日期")
    batch.meeting_type, batch.meeting_date, batch.minutes_number = meeting_type, meeting_date, minutes_number
    batch.save(update_fields=["meeting_type", "meeting_date", "minutes_number"])
    record_change(batch, actor=by, action="记录会议",
                  comment=f"{batch.get_meeting_type_display()} {meeting_date:%Y-%m-%d}，纪要{minutes_number}")
    return batch


@transaction.atomic
def batch_name(*, batch: NamingBatch, by: User, document_number: str, named_on: date) -> list[Application]:
    """Publish the naming document: every approved application of the batch is named (S§11)."""
    require(permissions.can_manage_batches(by, batch))
    if not document_number.strip():
        raise DomainError("请填写命名发文的文号。", field="document_number")
    _past(named_on, "named_on", "发文日期")
    batch.document_number, batch.named_on = document_number.strip(), named_on
    batch.save(update_fields=["document_number", "named_on"])
    record_change(batch, actor=by, action="发文命名", comment=f"{batch.document_number}，{named_on:%Y-%m-%d}")
    named = [move(app, "name", by=by, comment=batch.document_number)
             for app in batch.applications.filter(state=S.APPROVED)]
    if not named and batch.applications.filter(state=S.NAMED).exists():
        raise DomainError(f"{REPEATED}（本批次已发文命名）")
    if not named:
        raise DomainError("本批次没有会议审定通过、待命名的申报。")
    return named


# --- after naming: ledger, assessment, spot checks ---------------------------------------------------------


def ledger_stage(upload, *, studio: Studio, by: User) -> Attachment:
    """Issue 11 (SYS-ERR): a ledger attachment kept for its uploader across a failed save, attached by ledger_add."""
    require(permissions.can_keep_ledger(by, studio))
    return _store(upload, field="attachment", kind=LEDGER_FILE, by=by, allowed=DOCUMENT_TYPES)


@transaction.atomic
def ledger_add(*, studio: Studio, by: User, data: dict, files=(), staged_ids=()) -> LedgerEntry:
    """STU-LEDGER: a new line of the ledger. A correction is a new line too (`corrects`: the entry it replaces,
    of the same studio and not corrected before); the corrected entry stays as it was, marked 已更正."""
    require(permissions.can_keep_ledger(by, studio))
    _past(data.get("happened_on"), "happened_on", "台帐日期")
    corrected = data.get("corrects")
    if corrected is not None:
        corrected = LedgerEntry.objects.select_for_update().filter(pk=corrected.pk, studio=studio).first()
        if corrected is None:
            raise DomainError("只能更正本工作室的台帐记录。", field="corrects")
        if LedgerEntry.objects.filter(corrects=corrected).exists():
            raise DomainError("该记录已更正过，请对最新的更正记录再作更正。", field="corrects")
        data = {**data, "corrects": corrected}
    entry = LedgerEntry.objects.create(studio=studio, recorded_by=by, **data)
    attach_staged(staged_ids, owner=entry, by=by)
    for f in files:
        _store(f, field="attachment", kind=LEDGER_FILE, by=by, allowed=DOCUMENT_TYPES, owner=entry)
    if corrected is not None:
        record_change(corrected, actor=by, action="已更正", comment=f"由更正记录“{entry.title}”（#{entry.pk}）取代")
    return entry


@transaction.atomic
def assessment_record(*, studio: Studio, by: User, data: dict) -> Assessment:
    require(permissions.can_keep_ledger(by, studio))
    ok, why = permissions.can_assess(by, studio)
    if not ok:
        raise DomainError(why)
    problem = rules.assessment_year_problem(data["year"], timezone.localdate())
    if problem:
        raise DomainError(problem, field="year")
    problem = rules.assessment_deadline_problem(data.get("conclusion"), data.get("deadline"), timezone.localdate())
    if problem:
        raise DomainError(problem, field="deadline")
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if Assessment.objects.filter(studio=studio, year=data["year"]).exists():
        raise DomainError(f"{data['year']}年度已考核。", field="year")
    assessment = Assessment.objects.create(studio=studio, assessed_by=by, **data)
    words = f"{assessment.year}年度：{assessment.score}分，{assessment.get_conclusion_display()}"
    if assessment.conclusion != AssessmentConclusion.FAIL:
        record_change(studio, actor=by, action="年度考核", comment=words)
    elif studio.status == StudioStatus.MUNICIPAL_NAMED:
        # STU-ASSESS: 不合格 starts a rectification like a failed spot check; the reviewer re-checks it.
        move(studio, "assessment_failed", by=by, comment=f"{words}，限{assessment.deadline:%Y-%m-%d}前整改",
             rectification_deadline=assessment.deadline)
    else:
        # Already 整改中: the running rectification and its deadline stand (docs/decisions/studios.md).
        record_change(studio, actor=by, action="年度考核",
                      comment=f"{words}；工作室已在整改中，整改期限仍为{studio.rectification_deadline:%Y-%m-%d}")
    return assessment


@transaction.atomic
def spotcheck_record(*, studio: Studio, by: User, data: dict, files=()) -> SpotCheck:
    """STU-SPOTCHECK (S§17): a failed check sets 整改中 with a deadline; a failed re-check de-lists."""
    require(permissions.can_spot_check(by, studio))
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if studio.status not in MUNICIPAL_STATES:
        raise DomainError(f"工作室状态为“{studio.get_status_display()}”，不能抽查。")
    _past(data.get("checked_on"), "checked_on", "抽查日期")
    is_recheck = studio.status == StudioStatus.RECTIFYING
    passed, deadline = data["passed"], data.get("deadline")
    if not passed and not is_recheck:
        if deadline is None:
            raise DomainError("抽查未达到要求时必须设定整改期限。", field="deadline")
        if deadline <= data["checked_on"]:
            raise DomainError("整改期限须晚于抽查日期。", field="deadline")
    check = SpotCheck.objects.create(
        studio=studio, checked_by=by, is_recheck=is_recheck, **{**data, "deadline": deadline if not passed else None}
    )
    for f in files:
        _store(f, field="attachment", kind=SPOTCHECK_FILE, by=by, allowed=DOCUMENT_TYPES, owner=check)
    if is_recheck and passed:
        move(studio, "rectified", by=by, comment=check.findings, rectification_deadline=None)
    elif is_recheck:
        reason = f"整改复查不达标：{check.findings}"
        move(studio, "recheck_failed", by=by, comment=reason, delisted_reason=reason)
    elif not passed:
        move(studio, "rectify", by=by, comment=f"限{deadline:%Y-%m-%d}前整改：{check.findings}",
             rectification_deadline=deadline)
    else:
        record_change(studio, actor=by, action="抽查达标", comment=check.findings)
    return check


def flag_overdue(*, today: date | None = None, by: User | None = None) -> list[Studio]:
    """Flag studios whose rectification deadline passed without a passing re-check as 待摘牌 (S§17), for the
    meeting's decision (studio_decide); nothing is de-listed here (docs/decisions/studios.md).

    Run by the daily command (by=None, a system move shown as 系统) and by the admin action; never by a page,
    which shows such a studio as 整改逾期 until then (Studio.overdue). Idempotent: each studio is moved under
    its row lock, which re-reads the state and the deadline, so two runs at the same moment flag it once
    and record one history entry. When nothing is overdue this is one query."""
    today = today or timezone.localdate()
    if by is not None:
        require(permissions.can_flag_overdue(by, None))
    due = Studio.objects.filter(status=StudioStatus.RECTIFYING, rectification_deadline__lt=today)
    done = []
    for studio in due:
        try:
            done.append(move(studio, "overdue", by=by))
        except DomainError as error:
            if error.forbidden:
                raise
            continue  # flagged, or re-checked, by someone else while this call waited for the lock
    return done


REASONS_FOR = {
    DecisionReason.FAILED_RECHECK: DecisionKind.DELIST,
    DecisionReason.OVERDUE: DecisionKind.DELIST,
    DecisionReason.FRAUD: DecisionKind.REVOKE,
}


def _reason_holds(studio: Studio, reason: str) -> str | None:
    """The reason must be what the record shows: a failed re-check, a deadline passed, or (fraud) a studio
    still holding the title."""
    if reason == DecisionReason.FRAUD:
        return None if studio.status in (*MUNICIPAL_STATES, StudioStatus.DELIST_PENDING) else (
            f"工作室状态为“{studio.get_status_display()}”，不能撤销命名。")
    if studio.status not in (StudioStatus.RECTIFYING, StudioStatus.DELIST_PENDING):
        return f"工作室状态为“{studio.get_status_display()}”，不在整改中，不能摘牌。"
    if reason == DecisionReason.FAILED_RECHECK:
        last = studio.spot_checks.filter(is_recheck=True).order_by("-checked_on", "-pk").first()
        if last is None or last.passed:
            return "该工作室没有不达标的整改复查记录，不能以“整改复查不达标”摘牌。"
        return None
    deadline = studio.rectification_deadline
    if deadline is None or deadline >= timezone.localdate():
        return "整改期限尚未届满，不能以“整改逾期”摘牌。"
    return None


def _decision_checked(studio: Studio, data: dict) -> None:
    """What every decision on a studio's title stands on, like a naming: what was found, the meeting, its
    minutes and the published document, and a reason the record shows."""
    for name, words in (("findings", "查实的情况"), ("minutes_number", "会议纪要编号"),
                        ("document_number", "发文文号")):
        if not (data.get(name) or "").strip():
            raise DomainError(f"请填写{words}。", field=name)
    if data.get("reason") == DecisionReason.FRAUD and not (data.get("notice_number") or "").strip():
        raise DomainError("弄虚作假撤销命名的，须同时通报批评：请填写通报批评文号（《管理办法》第十条）。",
                          field="notice_number")
    _past(data.get("meeting_date"), "meeting_date", "会议日期")
    _past(data.get("decided_on"), "decided_on", "发文日期")
    if data["decided_on"] < data["meeting_date"]:
        raise DomainError("发文日期不能早于会议日期。", field="decided_on")
    problem = _reason_holds(studio, data["reason"])
    if problem:
        raise DomainError(problem, field="reason")


def _decision_made(studio: Studio, by: User, data: dict, kind: str) -> StudioDecision:
    return StudioDecision.objects.create(
        studio=studio, kind=kind, decided_by=by,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()},
    )


def _decision_words(decision: StudioDecision) -> str:
    return f"{decision.document_number}（{decision.get_meeting_type_display()}{decision.meeting_date:%Y-%m-%d}，" \
           f"纪要{decision.minutes_number}）：{decision.get_reason_display()}，{decision.findings}"


@transaction.atomic
def studio_decide(*, studio: Studio, by: User, data: dict) -> StudioDecision:
    """STU-SPOTCHECK / STU-REVOKE (S§10, S§17): record the meeting's decision and its document, then 摘牌 or
    撤销命名. Fraud revokes the title and issues the criticism notice (通报批评); `studio_decided` is sent in
    this transaction, so the funding app freezes the grant with it (FUN-FREEZE)."""
    require(permissions.can_decide_delisting(by, studio))
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    reason = data["reason"]
    if reason not in REASONS_FOR:
        raise DomainError("请选择摘牌或撤销命名的原因。", field="reason")
    _decision_checked(studio, data)
    if StudioDecision.objects.filter(studio=studio, kind__in=ENDING_KINDS).exists():
        raise DomainError("该工作室已有摘牌或撤销命名的决定。")
    kind = REASONS_FOR[reason]
    decision = _decision_made(studio, by, data, kind)
    studio = move(studio, "revoke" if kind == DecisionKind.REVOKE else "delist", by=by,
                  comment=_decision_words(decision), delisted_on=decision.decided_on,
                  delisted_reason=f"{decision.get_reason_display()}：{decision.findings}")
    if decision.notice_number:
        record_change(studio, actor=by, action="通报批评", comment=f"{decision.notice_number}：{decision.findings}")
    studio_decided.send(sender=Studio, studio=studio, decision=decision, by=by)
    return decision


@transaction.atomic
def studio_keep(*, studio: Studio, by: User, data: dict) -> StudioDecision:
    """STU-SPOTCHECK (S§17): the meeting keeps a studio flagged 待摘牌 named (保留). Recorded like a de-listing
    (the reason it was flagged, what was found, the meeting, the document; docs/decisions/studios.md), it
    clears the flag and the rectification (move `keep`); its grant is no longer frozen (FUN-FREEZE)."""
    require(permissions.can_decide_delisting(by, studio))
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if data.get("reason") not in KEEP_REASONS:
        raise DomainError("请选择该工作室待摘牌的原因。", field="reason")
    if studio.status != StudioStatus.DELIST_PENDING:
        raise DomainError(f"工作室状态为“{studio.get_status_display()}”，不是待摘牌，不能作出保留决定。")
    data = {**data, "notice_number": ""}
    _decision_checked(studio, data)
    decision = _decision_made(studio, by, data, DecisionKind.KEEP)
    move(studio, "keep", by=by, comment=_decision_words(decision), rectification_deadline=None, delisted_reason="")
    return decision


# --- STU-MEMBERS (S§4(三), S§21) ------------------------------------------------------------------------------

MEMBER_FIELDS = ("name", "position", "skill_level", "honours", "is_leader", "joined_on")


def _member_value(member: StudioMember, field: str) -> str:
    if field == "skill_level":
        return member.get_skill_level_display() if member.skill_level else "无"
    if field == "is_leader":
        return "是" if member.is_leader else "否"
    value = getattr(member, field)
    return f"{value:%Y-%m-%d}" if isinstance(value, date) else str(value or "")


@transaction.atomic
def member_add(*, studio: Studio, by: User, data: dict) -> StudioMember:
    require(permissions.can_keep_members(by, studio))
    _past(data.get("joined_on"), "joined_on", "加入日期")
    member = StudioMember.objects.create(studio=studio, created_by=by,
                                         **{k: data.get(k) for k in MEMBER_FIELDS if k in data})
    record_change(member, actor=by, action="登记成员", comment=f"{member.name}，{member.position}")
    return member


@transaction.atomic
def member_change(*, member: StudioMember, by: User, data: dict) -> StudioMember:
    """An edit of a member's row; the history keeps each field's old and new value (SYS-AUDIT)."""
    member = StudioMember.objects.select_for_update().select_related("studio__work_unit").get(pk=member.pk)
    require(permissions.can_keep_members(by, member.studio))
    if member.left:
        raise DomainError(f"{member.name}已离开工作室，记录只读。")
    _past(data.get("joined_on"), "joined_on", "加入日期")
    changes = []
    for field in (f for f in MEMBER_FIELDS if f in data):
        before = _member_value(member, field)
        setattr(member, field, data[field])
        after = _member_value(member, field)
        if before != after:
            label = StudioMember._meta.get_field(field).verbose_name
            changes.append(f"{label}：{before or '（空）'} → {after or '（空）'}")
    if not changes:
        raise DomainError("没有修改任何内容。")
    member.save(update_fields=list(MEMBER_FIELDS))
    record_change(member, actor=by, action="修改成员信息", comment="；".join(changes))
    return member


@transaction.atomic
def member_leave(*, member: StudioMember, by: User, left_on: date, comment: str = "") -> StudioMember:
    """A member leaves: the row stays, marked with the date (SYS-KEEP)."""
    member = StudioMember.objects.select_for_update().select_related("studio__work_unit").get(pk=member.pk)
    require(permissions.can_keep_members(by, member.studio))
    if member.left:
        raise DomainError(f"{member.name}已于{member.left_on:%Y-%m-%d}离开工作室。")
    _past(left_on, "left_on", "离开日期")
    if member.joined_on and left_on < member.joined_on:
        raise DomainError(f"离开日期不能早于加入日期（{member.joined_on:%Y-%m-%d}）。", field="left_on")
    member.left, member.left_on = True, left_on
    member.save(update_fields=["left", "left_on"])
    record_change(member, actor=by, action="成员离开", comment=f"{left_on:%Y-%m-%d}离开。{comment}".strip())
    return member


# --- STU-PUBLIC (S§20, S§22) ---------------------------------------------------------------------------------


@transaction.atomic
def showcase_propose(*, studio: Studio, by: User, data: dict) -> Showcase:
    """The studio's union chooses what the public sees: an introduction, the leader's honours, some of the
    studio's results and photos of its ledger. Saved and submitted to the reviewer in one step; a change is a
    new proposal (the approved one stays public until the new one is approved)."""
    require(permissions.can_propose_showcase(by, Showcase(studio=studio)))
    results = list(data.get("results") or ())
    photos = list(data.get("photos") or ())
    allowed_results = set(selectors.showcase_result_choices(studio).values_list("pk", flat=True))
    if any(r.pk not in allowed_results for r in results):
        raise DomainError("只能选择本工作室台帐中的创新成果。", field="results")
    allowed_photos = set(selectors.showcase_photo_choices(studio).values_list("pk", flat=True))
    if any(a.pk not in allowed_photos for a in photos):
        raise DomainError("只能选择本工作室台帐中的图片。", field="photos")
    if not data.get("intro", "").strip():
        raise DomainError("请填写工作室简介。", field="intro")
    showcase = Showcase.objects.create(studio=studio, intro=data["intro"].strip(),
                                       leader_honours=data.get("leader_honours", "").strip(), created_by=by)
    showcase.results.set(results)
    titles = dict(LedgerEntry.objects.filter(studio=studio).values_list("pk", "title"))
    for a in photos:
        ShowcasePhoto.objects.create(showcase=showcase, attachment=a, caption=titles.get(a.object_id, "")[:100])
    return move(showcase, "submit", by=by)
