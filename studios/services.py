"""Every write that changes the state of a studio or an application.

The application's state machine (STU-FLOW, S§5, S§11) is the table TRANSITIONS below: which states a
move starts from, where it goes, which roles may fire it, which guards must pass. The studio's own
states (named, 整改中, 摘牌) are the table STUDIO_TRANSITIONS. Every move goes through `transition()` /
`_move_studio()` and is recorded with jinan_union.audit.record_change (SYS-AUDIT).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.enums import DOCUMENT_TYPES, IMAGE_TYPES, Role
from jinan_union.files import attachments_of, store_upload
from jinan_union.models import Attachment, User

from . import rules, selectors
from .enums import (
    CLOSED_STATES,
    EDITABLE_STATES,
    INSPECTION_PHOTO,
    LEADER_EVIDENCE,
    LEDGER_FILE,
    MUNICIPAL_STATES,
    QUOTA_STATES,
    SPOTCHECK_FILE,
    MaterialKind,
    StudioStatus,
    checklist_items,
)
from .enums import (
    ApplicationState as S,
)
from .models import (
    PLAQUE_TITLE,
    Application,
    Assessment,
    ChecklistMark,
    CriticismNotice,
    Honour,
    Inspection,
    LedgerEntry,
    NamingBatch,
    QuotaYear,
    SpotCheck,
    Studio,
)


class StudioError(Exception):
    """A refused move, with the message in Chinese that the page shows as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- guards: (application, user) -> None, or the reason in Chinese why the move is refused -------------

Guard = Callable[[Application, User], "str | None"]


def guard_checks_pass(app: Application, by: User) -> str | None:
    failed = rules.blocking(selectors.checks_for(app, on=timezone.localdate()))
    if failed:
        return "以下条件不符合，不能提交：" + "；".join(c.message for c in failed)
    return None


def guard_recheck_conditions(app: Application, by: User) -> str | None:
    # Checked again at recommendation, counted from the date the application was submitted.
    failed = rules.blocking(selectors.checks_for(app))
    return ("自动检查未通过：" + "；".join(c.message for c in failed)) if failed else None


def guard_checklist_all_met(app: Application, by: User) -> str | None:
    marks = {m.item: m.met for m in app.marks.all()}
    missing = [label for code, _, label in checklist_items(app.category) if code not in marks]
    if missing:
        return "审核检查项尚未全部标记：" + "、".join(missing) + "。"
    unmet = [label for code, _, label in checklist_items(app.category) if marks.get(code) is False]
    if unmet:
        return "以下检查项标记为不符合，不能推荐：" + "、".join(unmet) + "。"
    return None


def guard_inspected(app: Application, by: User) -> str | None:
    return None if app.inspections.exists() else "请先填写考察记录（考察日期、人员、情况）。"


def guard_meeting_recorded(app: Application, by: User) -> str | None:
    batch = app.naming_batch
    if batch is None:
        return "该申报尚未列入命名批次。"
    if not batch.meeting_recorded:
        return "请先在命名批次中记录党组会/主席办公会（会议类型、日期、纪要编号）。"
    return None


def guard_quota(app: Application, by: User) -> str | None:
    """STU-QUOTA (S§6). Runs while the year's QuotaYear row is locked (see transition())."""
    year = app.naming_batch.year
    taken = (
        Application.objects.filter(naming_batch__year=year, state__in=QUOTA_STATES).exclude(pk=app.pk).count()
    )
    check = rules.check_quota(year, taken, _quota_row(year).limit)
    return None if check.passed else check.message


def guard_document_published(app: Application, by: User) -> str | None:
    batch = app.naming_batch
    if not (batch and batch.document_number and batch.named_on):
        return "请填写命名发文的文号和日期。"
    return None


# --- effects after a move: return the extra fields to save -----------------------------------------------


def after_submit(app: Application, by: User, reason: str) -> list[str]:
    app.submitted_on = timezone.localdate()
    app.round += 1
    app.year = app.submitted_on.year
    return ["submitted_on", "round", "year"]


def after_reason(app: Application, by: User, reason: str) -> list[str]:
    app.last_reason = reason
    return ["last_reason"]


def after_recommend(app: Application, by: User, reason: str) -> list[str]:
    app.recommendation = reason
    return ["recommendation"]


def after_name(app: Application, by: User, reason: str) -> list[str]:
    _name_studio(app, by)
    return []


@dataclass(frozen=True)
class Transition:
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    guards: tuple[Guard, ...] = ()
    needs_reason: bool = False
    locks_quota: bool = False
    after: Callable[[Application, User, str], list[str]] | None = None


REVIEWER, CLERK, SECRETARY = (Role.REVIEWER,), (Role.SYSTEM_CLERK,), (Role.SECRETARY,)

# fmt: off
TRANSITIONS: dict[str, Transition] = {
    #  action        label             from                                          to              who
    "submit":     Transition("提交申报",     (S.DRAFT, S.RETURNED),                          S.SUBMITTED,    CLERK,
                             guards=(guard_checks_pass,), after=after_submit),
    "return":     Transition("退回修改",     (S.SUBMITTED, S.INSPECTED),                     S.RETURNED,     REVIEWER,
                             needs_reason=True, after=after_reason),
    "reject":     Transition("审核不通过",   (S.SUBMITTED, S.INSPECTED, S.RECOMMENDED),      S.REJECTED,     REVIEWER,
                             needs_reason=True, after=after_reason),
    "inspect":    Transition("完成考察",     (S.SUBMITTED,),                                 S.INSPECTED,    REVIEWER,
                             guards=(guard_inspected,)),
    "recommend":  Transition("推荐命名",     (S.INSPECTED,),                                 S.RECOMMENDED,  REVIEWER,
                             guards=(guard_recheck_conditions, guard_checklist_all_met), after=after_recommend),
    "approve":    Transition("会议审定通过", (S.RECOMMENDED,),                               S.APPROVED,     SECRETARY,
                             guards=(guard_meeting_recorded, guard_quota), locks_quota=True),
    "decline":    Transition("会议未通过",   (S.RECOMMENDED,),                               S.REJECTED,     SECRETARY,
                             guards=(guard_meeting_recorded,), needs_reason=True, after=after_reason),
    "name":       Transition("发文命名",     (S.APPROVED,),                                  S.NAMED,        SECRETARY,
                             guards=(guard_document_published, guard_quota), locks_quota=True, after=after_name),
    "disqualify": Transition("取消资格",     (S.SUBMITTED, S.INSPECTED, S.RECOMMENDED, S.APPROVED),
                             S.DISQUALIFIED, REVIEWER, needs_reason=True, after=after_reason),
}
# fmt: on


def can_fire(application: Application, action: str, user: User) -> tuple[bool, str]:
    """(allowed, reason) for the interface: role, state and scope; the guards run at the move itself."""
    t = TRANSITIONS.get(action)
    if t is None:
        return False, "未知操作。"
    if not user.has_role(*t.roles):
        return False, "您的角色不能执行此操作。"
    if application.state not in t.sources:
        return False, f"申报当前状态为“{application.get_state_display()}”，不能{t.label}。"
    if not selectors.applications_visible_to(user).filter(pk=application.pk).exists():
        return False, "无权处理其他工会的申报。"
    return True, ""


def _quota_row(year: int) -> QuotaYear:
    row, _ = QuotaYear.objects.get_or_create(year=year)
    return row


def _lock_quota_year(year: int) -> QuotaYear:
    """Lock the year's row: concurrent approvals of one year queue here, then count (STU-QUOTA)."""
    try:
        with transaction.atomic():
            QuotaYear.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created by the other transaction at the same moment: lock that one
    return QuotaYear.objects.select_for_update().get(year=year)


def transition(*, application: Application, action: str, by: User, reason: str = "") -> Application:
    allowed, why = can_fire(application, action, by)
    if not allowed:
        raise StudioError(why)
    t = TRANSITIONS[action]
    reason = (reason or "").strip()
    if t.needs_reason and not reason:
        raise StudioError(f"{t.label}须填写原因。")
    with transaction.atomic():
        if t.locks_quota and application.naming_batch_id:
            _lock_quota_year(application.naming_batch.year)
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.state not in t.sources:
            raise StudioError(f"申报当前状态为“{app.get_state_display()}”，不能{t.label}。")
        for guard in t.guards:
            problem = guard(app, by)
            if problem:
                raise StudioError(problem)
        from_label = app.get_state_display()
        app.state = t.target
        fields = ["state", "updated_at"]
        if t.after:
            fields += t.after(app, by, reason)
        app.save(update_fields=fields)
        comment = reason
        if action == "submit":
            comment = f"第{app.round}轮提交" + (f"：{reason}" if reason else "")
        record_change(app, actor=by, action=t.label, from_state=from_label, to_state=app.get_state_display(),
                      comment=comment)
    return app


# --- studios --------------------------------------------------------------------------------------------

STUDIO_TRANSITIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    # action: (label, from, to)
    "name": ("市级命名", (StudioStatus.SYSTEM_NAMED,), StudioStatus.MUNICIPAL_NAMED),
    "rectify": ("抽查未达标·限期整改", (StudioStatus.MUNICIPAL_NAMED,), StudioStatus.RECTIFYING),
    "rectified": ("整改复查通过", (StudioStatus.RECTIFYING,), StudioStatus.MUNICIPAL_NAMED),
    "delist": ("摘牌", (StudioStatus.RECTIFYING,), StudioStatus.DELISTED),
}


def _move_studio(studio: Studio, action: str, by: User | None, comment: str, fields: Iterable[str] = ()) -> None:
    label, sources, target = STUDIO_TRANSITIONS[action]
    if studio.status not in sources:
        raise StudioError(f"工作室当前状态为“{studio.get_status_display()}”，不能{label}。")
    from_label = studio.get_status_display()
    studio.status = target
    studio.save(update_fields=["status", *fields])
    record_change(studio, actor=by, action=label, from_state=from_label, to_state=studio.get_status_display(),
                  comment=comment)


def notify_funding_studio_named(studio: Studio, by: User) -> None:
    """FUN-GRANT call site: tell the funding app a studio was named so it pays the one-time grant.

    The funding app defines `funding.hooks.on_studio_named(studio=, by=)`; until it does, nothing
    happens here. It runs inside the naming transaction, so a failing grant undoes the naming."""
    import funding.hooks

    hook = getattr(funding.hooks, "on_studio_named", None)
    if hook is not None:
        hook(studio=studio, by=by)


def _name_studio(app: Application, by: User) -> None:
    batch = app.naming_batch
    studio = Studio.objects.select_for_update().get(pk=app.studio_id)
    studio.municipal_named_on = batch.named_on
    studio.naming_year = batch.year
    studio.naming_document_number = batch.document_number
    studio.plaque_title = PLAQUE_TITLE
    studio.category = app.category
    _move_studio(
        studio, "name", by, f"{batch.document_number}，授予“{PLAQUE_TITLE}”牌匾",
        ["municipal_named_on", "naming_year", "naming_document_number", "plaque_title", "category"],
    )
    notify_funding_studio_named(studio, by)


@transaction.atomic
def studio_register(*, by: User, data: dict) -> Studio:
    if not by.has_role(Role.SYSTEM_CLERK):
        raise StudioError("只有系统工会经办人可以登记工作室。")
    unit = data["work_unit"]
    if unit.system_union_id != by.organisation_id:
        raise StudioError("只能登记本系统工会所属单位的工作室。")
    studio = Studio.objects.create(system_union_id=by.organisation_id, **data)
    record_change(studio, actor=by, action="登记工作室", to_state=studio.get_status_display(),
                  comment=f"系统工会命名日期：{studio.system_named_on:%Y-%m-%d}")
    return studio


# --- applications: drafting -------------------------------------------------------------------------------


def _require_editable(application: Application, by: User) -> None:
    if application.state not in EDITABLE_STATES:
        raise StudioError(f"申报当前状态为“{application.get_state_display()}”，不能修改。")
    if not by.has_role(Role.SYSTEM_CLERK) or application.studio.system_union_id != by.organisation_id:
        raise StudioError("只有本系统工会经办人可以修改申报。")


@transaction.atomic
def application_start(*, studio: Studio, by: User) -> Application:
    if not by.has_role(Role.SYSTEM_CLERK) or studio.system_union_id != by.organisation_id:
        raise StudioError("只有本系统工会经办人可以申报。")
    if studio.status != StudioStatus.SYSTEM_NAMED:
        raise StudioError(f"工作室状态为“{studio.get_status_display()}”，不能申报市级命名。")
    open_app = studio.applications.exclude(state__in=CLOSED_STATES).first()
    if open_app:
        raise StudioError("该工作室已有一份进行中的申报，请继续填写该申报。")
    app = Application.objects.create(
        studio=studio, year=timezone.localdate().year, category=studio.category,
        leader_name=studio.leader_name, created_by=by,
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
    return Honour.objects.create(application=application, **data)


@transaction.atomic
def honour_remove(*, honour: Honour, by: User) -> None:
    _require_editable(honour.application, by)
    honour.removed = True  # kept with the record (SYS-KEEP); no longer counted
    honour.save(update_fields=["removed"])


@transaction.atomic
def file_add(*, application: Application, by: User, kind: str, upload) -> Attachment:
    _require_editable(application, by)
    if kind not in (*MaterialKind.values, LEADER_EVIDENCE):
        raise StudioError("未知的材料类别。")
    return store_upload(upload, kind=kind, by=by, allowed=DOCUMENT_TYPES, owner=application)


@transaction.atomic
def file_withdraw(*, application: Application, by: User, attachment: Attachment) -> None:
    """Superseded, not deleted (SYS-KEEP): the file stays stored and leaves the current list."""
    _require_editable(application, by)
    if attachments_of(application).filter(pk=attachment.pk).exists():
        attachment.replaced = True
        attachment.save(update_fields=["replaced"])


# --- applications: review -----------------------------------------------------------------------------------


def _require_reviewer(application: Application, by: User) -> None:
    if not by.has_role(Role.REVIEWER):
        raise StudioError("只有生产保护部审核人可以审核。")
    if application.state not in (S.SUBMITTED, S.INSPECTED):
        raise StudioError(f"申报当前状态为“{application.get_state_display()}”，不能审核。")


@transaction.atomic
def checklist_mark(*, application: Application, by: User, marks: dict[str, tuple[bool, str]]) -> None:
    _require_reviewer(application, by)
    known = {code for code, _, _ in checklist_items(application.category)}
    for item, (met, note) in marks.items():
        if item not in known:
            raise StudioError(f"未知检查项：{item}")
        ChecklistMark.objects.update_or_create(
            application=application, item=item, defaults={"met": met, "note": note, "marked_by": by}
        )


@transaction.atomic
def inspection_record(
    *, application: Application, by: User, inspected_on: date, people: str, findings: str, photos=()
) -> Inspection:
    """Record the inspection (考察) and move the application to 已考察."""
    if application.state != S.SUBMITTED:
        raise StudioError(f"申报当前状态为“{application.get_state_display()}”，不能记录考察。")
    _require_reviewer(application, by)
    inspection = Inspection.objects.create(
        application=application, inspected_on=inspected_on, people=people, findings=findings, recorded_by=by
    )
    for photo in photos:
        store_upload(photo, kind=INSPECTION_PHOTO, by=by, allowed=IMAGE_TYPES, owner=inspection)
    transition(application=application, action="inspect", by=by, reason=f"考察日期：{inspected_on:%Y-%m-%d}")
    return inspection


@transaction.atomic
def fraud_disqualify(
    *, application: Application, by: User, notice_number: str, issued_on: date, findings: str
) -> CriticismNotice:
    """STU-FRAUD (S§10): disqualify and issue the criticism notice; the record stays, marked as such."""
    if not (notice_number.strip() and findings.strip()):
        raise StudioError("请填写通报文号和核实的不实情况。")
    app = transition(application=application, action="disqualify", by=by, reason=f"弄虚作假：{findings}")
    notice = CriticismNotice.objects.create(
        application=app, notice_number=notice_number, issued_on=issued_on, findings=findings, issued_by=by
    )
    record_change(app, actor=by, action="通报批评", comment=f"{notice_number}：{findings}")
    return notice


# --- naming batches (secretary) --------------------------------------------------------------------------


def _require_secretary(by: User) -> None:
    if not by.has_role(Role.SECRETARY):
        raise StudioError("只有党组会/主席办公会秘书可以办理命名批次。")


@transaction.atomic
def batch_create(*, by: User, year: int, title: str) -> NamingBatch:
    _require_secretary(by)
    batch = NamingBatch.objects.create(year=year, title=title, created_by=by)
    record_change(batch, actor=by, action="建立命名批次", comment=f"{year}年度")
    return batch


@transaction.atomic
def batch_add(*, batch: NamingBatch, applications: Iterable[Application], by: User) -> int:
    _require_secretary(by)
    added = 0
    for app in applications:
        app = Application.objects.select_for_update().get(pk=app.pk)
        if app.state != S.RECOMMENDED or app.naming_batch_id:
            raise StudioError(f"“{app.studio.name}”不是待审定的已推荐申报。")
        app.naming_batch = batch
        app.save(update_fields=["naming_batch", "updated_at"])
        record_change(app, actor=by, action="列入命名批次", comment=batch.title)
        added += 1
    return added


@transaction.atomic
def batch_record_meeting(
    *, batch: NamingBatch, by: User, meeting_type: str, meeting_date: date, minutes_number: str
) -> NamingBatch:
    _require_secretary(by)
    batch.meeting_type, batch.meeting_date, batch.minutes_number = meeting_type, meeting_date, minutes_number
    batch.save(update_fields=["meeting_type", "meeting_date", "minutes_number"])
    record_change(batch, actor=by, action="记录会议",
                  comment=f"{batch.get_meeting_type_display()} {meeting_date:%Y-%m-%d}，纪要{minutes_number}")
    return batch


@transaction.atomic
def batch_name(*, batch: NamingBatch, by: User, document_number: str, named_on: date) -> list[Application]:
    """Publish the naming document: every approved application of the batch is named (S§11)."""
    _require_secretary(by)
    if not document_number.strip():
        raise StudioError("请填写命名发文的文号。")
    batch.document_number, batch.named_on = document_number.strip(), named_on
    batch.save(update_fields=["document_number", "named_on"])
    record_change(batch, actor=by, action="发文命名", comment=f"{batch.document_number}，{named_on:%Y-%m-%d}")
    named = []
    for app in batch.applications.filter(state=S.APPROVED).select_related("naming_batch", "studio"):
        named.append(transition(application=app, action="name", by=by, reason=batch.document_number))
    if not named:
        raise StudioError("本批次没有会议审定通过、待命名的申报。")
    return named


# --- after naming: ledger, assessment, spot checks ---------------------------------------------------------


def _require_unit_clerk(studio: Studio, by: User) -> None:
    grassroots = studio.work_unit.grassroots_union_id
    if not by.has_role(Role.GRASSROOTS_CLERK) or by.organisation_id != grassroots:
        raise StudioError("只有工作室所在单位的基层工会经办人可以办理。")


@transaction.atomic
def ledger_add(*, studio: Studio, by: User, data: dict, files=()) -> LedgerEntry:
    _require_unit_clerk(studio, by)
    entry = LedgerEntry.objects.create(studio=studio, recorded_by=by, **data)
    for f in files:
        store_upload(f, kind=LEDGER_FILE, by=by, allowed=DOCUMENT_TYPES, owner=entry)
    return entry


@transaction.atomic
def assessment_record(*, studio: Studio, by: User, data: dict) -> Assessment:
    _require_unit_clerk(studio, by)
    if studio.status not in MUNICIPAL_STATES:
        raise StudioError("只对市级命名的工作室进行年度考核。")
    if Assessment.objects.filter(studio=studio, year=data["year"]).exists():
        raise StudioError(f"{data['year']}年度已考核。")
    assessment = Assessment.objects.create(studio=studio, assessed_by=by, **data)
    record_change(studio, actor=by, action="年度考核",
                  comment=f"{assessment.year}年度：{assessment.score}分，{assessment.get_conclusion_display()}")
    return assessment


@transaction.atomic
def spotcheck_record(*, studio: Studio, by: User, data: dict, files=()) -> SpotCheck:
    """STU-SPOTCHECK (S§17): a failed check sets 整改中 with a deadline; a failed re-check de-lists."""
    if not by.has_role(Role.REVIEWER):
        raise StudioError("只有市总工会生产保护部可以抽查。")
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if studio.status not in MUNICIPAL_STATES:
        raise StudioError(f"工作室状态为“{studio.get_status_display()}”，不能抽查。")
    is_recheck = studio.status == StudioStatus.RECTIFYING
    passed, deadline = data["passed"], data.get("deadline")
    if not passed and not is_recheck:
        if deadline is None:
            raise ValidationError({"deadline": "抽查未达到要求时必须设定整改期限。"})
        if deadline <= data["checked_on"]:
            raise ValidationError({"deadline": "整改期限须晚于抽查日期。"})
    check = SpotCheck.objects.create(
        studio=studio, checked_by=by, is_recheck=is_recheck, **{**data, "deadline": deadline if not passed else None}
    )
    for f in files:
        store_upload(f, kind=SPOTCHECK_FILE, by=by, allowed=DOCUMENT_TYPES, owner=check)
    if is_recheck and passed:
        studio.rectification_deadline = None
        _move_studio(studio, "rectified", by, check.findings, ["rectification_deadline"])
    elif is_recheck:
        studio.delisted_on, studio.delisted_reason = check.checked_on, f"整改复查不达标：{check.findings}"
        _move_studio(studio, "delist", by, studio.delisted_reason, ["delisted_on", "delisted_reason"])
    elif not passed:
        studio.rectification_deadline = deadline
        _move_studio(studio, "rectify", by, f"限{deadline:%Y-%m-%d}前整改：{check.findings}",
                     ["rectification_deadline"])
    else:
        record_change(studio, actor=by, action="抽查达标", comment=check.findings)
    return check


def delist_overdue(*, today: date | None = None, by: User | None = None) -> list[Studio]:
    """De-list studios whose rectification deadline passed without a passing re-check (S§17).

    Called by every studios page before it reads (actor None, shown as 系统), by the daily command and by
    the admin action. Idempotent: each studio is locked and its state read again under the lock, so two
    page loads at the same moment de-list it once and record one history entry. When nothing is overdue
    this is one query."""
    today = today or timezone.localdate()
    due = list(
        Studio.objects.filter(status=StudioStatus.RECTIFYING, rectification_deadline__lt=today)
        .values_list("pk", flat=True)
    )
    done = []
    for pk in due:
        with transaction.atomic():
            studio = Studio.objects.select_for_update().get(pk=pk)
            deadline = studio.rectification_deadline
            if studio.status != StudioStatus.RECTIFYING or deadline is None or deadline >= today:
                continue  # de-listed, or re-checked, by someone else while this call waited for the lock
            studio.delisted_on = today
            studio.delisted_reason = f"整改期限{deadline:%Y-%m-%d}已过，未通过整改复查。"
            _move_studio(studio, "delist", by, studio.delisted_reason, ["delisted_on", "delisted_reason"])
            done.append(studio)
    return done
