"""The two state machines of the studios app, as tables for jinan_union.workflow.move().

Application.state (STU-FLOW, S§5, S§11) and Studio.status (S§6, S§17). A condition an earlier step checked
and a later step depends on is a guard of the later step too (SYS-NOBYPASS): approval and naming re-check
the conditions of S§6 on the studio and its unit, counted from the submission date, and the studio's own
standing (still 系统工会命名). The quota row of the naming year is locked before the application (prelock),
so two approvals of one year queue and count (STU-QUOTA).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from jinan_union.articles import cite
from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.workflow import Move, Workflow, move, register

from . import permissions as p
from . import rules, selectors
from .enums import (
    ENDING_KINDS,
    MUNICIPAL_STATES,
    QUOTA_STATES,
    DecisionKind,
    ShowcaseState,
    StudioStatus,
    checklist_items,
)
from .enums import ApplicationState as S
from .models import PLAQUE_TITLE, Application, QuotaYear, Showcase, Studio, StudioDecision
from .signals import studio_named

ART_6_1 = cite("S§6(一)")

# --- guards: (locked application, ctx) -> None, or the reason in Chinese ------------------------------------


def studio_standing(app: Application, ctx) -> DomainError | None:
    """S§6(一): only a studio its system union named (and that is not named, in rectification or de-listed)
    goes on to municipal naming."""
    studio = Studio.objects.get(pk=app.studio_id)
    if studio.status != StudioStatus.SYSTEM_NAMED:
        return DomainError(
            f"工作室“{studio.name}”当前状态为“{studio.get_status_display()}”，不是系统工会命名的工作室，"
            "不能继续市级命名。", article=ART_6_1)
    return None


ART_5 = cite("S§5")


def call_open(app: Application, ctx) -> DomainError | None:
    """STU-CALL (S§5): submitted only while its call is open (dates in Asia/Shanghai, both days included).
    An application prepared without a call joins the call open now (the effect `submitted` records it)."""
    today = timezone.localdate()
    call = app.call if app.call_id else selectors.open_call(today)
    if call is None:
        return DomainError("市总工会当前没有开放的申报通知，申报可以保存，但不能提交。", article=ART_5)
    if not call.is_open(today):
        when = "尚未开始" if today < call.opens_on else "已经截止"
        return DomainError(
            f"《{call.title}》的申报时间为{rules.cn(call.opens_on)}至{rules.cn(call.closes_on)}，现在{when}，"
            "申报可以保存，但不能提交。", article=ART_5)
    if call.categories and app.category not in call.categories:
        return DomainError(
            f"《{call.title}》只受理{'、'.join(call.category_labels())}，本申报的类别不在其中。",
            field="category", article=ART_5)
    if not app.call_id and Application.objects.filter(studio_id=app.studio_id, call=call).exists():
        return DomainError(f"该工作室在《{call.title}》中已有申报，每期申报通知只能申报一次。", article=ART_5)
    return None


def checks_pass_today(app: Application, ctx) -> str | None:
    """The conditions at submission, counted from the call's fixed date (or today without a call)."""
    on = None if app.call_id else timezone.localdate()
    failed = rules.blocking(selectors.checks_for(app, on=on))
    if failed:
        return "以下条件不符合，不能提交：" + "；".join(c.message for c in failed)
    return None


def conditions_still_hold(app: Application, ctx) -> str | None:
    """The conditions checked at submit, again, counted from the date the application was submitted."""
    failed = rules.blocking(selectors.checks_for(app))
    return ("自动检查未通过：" + "；".join(c.message for c in failed)) if failed else None


def checklist_all_met(app: Application, ctx) -> str | None:
    marks = {m.item: m.met for m in app.marks.all()}
    missing = [label for code, _, label in checklist_items(app.category) if code not in marks]
    if missing:
        return "审核检查项尚未全部标记：" + "、".join(missing) + "。"
    unmet = [label for code, _, label in checklist_items(app.category) if marks.get(code) is False]
    if unmet:
        return "以下检查项标记为不符合，不能推荐：" + "、".join(unmet) + "。"
    return None


def inspected(app: Application, ctx) -> str | None:
    return None if app.inspections.exists() else "请先填写考察记录（考察日期、人员、情况）。"


def meeting_recorded(app: Application, ctx) -> str | None:
    batch = app.naming_batch
    if batch is None:
        return "该申报尚未列入命名批次。"
    if not batch.meeting_recorded:
        return "请先在命名批次中记录党组会/主席办公会（会议类型、日期、纪要编号）。"
    return None


def document_published(app: Application, ctx) -> str | None:
    batch = app.naming_batch
    if not (batch and batch.document_number and batch.named_on):
        return "请填写命名发文的文号和日期。"
    return None


def quota_left(app: Application, ctx) -> str | None:
    """STU-QUOTA (S§6), counted while the year's QuotaYear row is locked (prelock)."""
    year = app.naming_batch.year
    taken = Application.objects.filter(naming_batch__year=year, state__in=QUOTA_STATES).exclude(pk=app.pk).count()
    limit = QuotaYear.objects.filter(year=year).values_list("limit", flat=True).first() or rules.QUOTA_PER_YEAR
    check = rules.check_quota(year, taken, limit)
    return None if check.passed else check.message


def lock_quota_year(app: Application) -> None:
    """Lock the naming year's row: concurrent approvals of one year queue here, then count (STU-QUOTA)."""
    if not app.naming_batch_id:
        return
    year = app.naming_batch.year
    try:
        with transaction.atomic():
            QuotaYear.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # created by the other transaction at the same moment: lock that one
    QuotaYear.objects.select_for_update().get(year=year)


# --- effects: return the extra fields to save ----------------------------------------------------------------


def submitted(app: Application, ctx) -> list[str]:
    app.submitted_on = timezone.localdate()
    app.round += 1
    if not app.call_id:
        app.call = selectors.open_call(app.submitted_on)  # call_open made sure there is one
    app.year = app.call.year
    ctx.note = f"第{app.round}轮提交" + (f"：{ctx.comment}" if ctx.comment else "")
    return ["submitted_on", "round", "year", "call"]


def reason_kept(app: Application, ctx) -> list[str]:
    app.last_reason = ctx.comment
    return ["last_reason"]


def recommended(app: Application, ctx) -> list[str]:
    app.recommendation = ctx.comment
    return ["recommendation"]


def studio_named_too(app: Application, ctx) -> list[str]:
    """The studio is named with the application, and `studio_named` is sent inside this transaction: the
    funding app pays the one-time grant there, so a failing grant undoes the naming (FUN-GRANT)."""
    batch = app.naming_batch
    studio = move(
        Studio.objects.get(pk=app.studio_id), "name", by=ctx.by,
        comment=f"{batch.document_number}，授予“{PLAQUE_TITLE}”牌匾",
        municipal_named_on=batch.named_on, naming_year=batch.year, naming_document_number=batch.document_number,
        plaque_title=PLAQUE_TITLE, category=app.category,
    )
    studio_named.send(sender=Studio, studio=studio, by=ctx.by)
    return []


REVIEW = (S.SUBMITTED, S.INSPECTED)

# fmt: off
APPLICATION = register(Workflow(Application, "state", {
    #               label             from                                   to              who
    "submit":     Move("提交申报",     (S.DRAFT, S.RETURNED),                  S.SUBMITTED,   p.can_submit,
                       guards=(call_open, studio_standing, checks_pass_today), effect=submitted,
                       confirm="提交后申报交市总工会审核，退回修改之前不能再更改。"),
    "return":     Move("退回修改",     REVIEW,                                 S.RETURNED,    p.can_return,
                       needs_comment=True, effect=reason_kept,
                       confirm="退回后申报交回申报单位修改，须待其重新提交才能继续审核。"),
    "reject":     Move("审核不通过",   (*REVIEW, S.RECOMMENDED),               S.REJECTED,    p.can_reject,
                       needs_comment=True, effect=reason_kept, confirm="审核不通过后本次申报即告结束，不能恢复。"),
    "inspect":    Move("完成考察",     (S.SUBMITTED,),                         S.INSPECTED,   p.can_inspect,
                       guards=(inspected,), confirm="完成考察后申报进入推荐环节，考察记录不能再更改。"),
    "recommend":  Move("推荐命名",     (S.INSPECTED,),                         S.RECOMMENDED, p.can_recommend,
                       guards=(studio_standing, conditions_still_hold, checklist_all_met), effect=recommended,
                       confirm="推荐后申报提交党组会/主席办公会审定，不能撤回推荐。"),
    "approve":    Move("会议审定通过", (S.RECOMMENDED,),                       S.APPROVED,    p.can_approve,
                       guards=(meeting_recorded, studio_standing, conditions_still_hold, quota_left),
                       prelock=lock_quota_year, confirm="审定通过后占用本年度的命名名额，不能撤回。"),
    "decline":    Move("会议未通过",   (S.RECOMMENDED,),                       S.REJECTED,    p.can_decline,
                       guards=(meeting_recorded,), needs_comment=True, effect=reason_kept,
                       confirm="会议未通过后本次申报即告结束，不能恢复。"),
    "name":       Move("发文命名",     (S.APPROVED,),                          S.NAMED,       p.can_name,
                       guards=(document_published, studio_standing, conditions_still_hold, quota_left),
                       prelock=lock_quota_year, effect=studio_named_too,
                       confirm="命名后该工作室即为市级创新工作室并获得资助，不能撤回。"),
    "disqualify": Move("取消资格",     (*REVIEW, S.RECOMMENDED, S.APPROVED),   S.DISQUALIFIED, p.can_disqualify,
                       needs_comment=True, effect=reason_kept,
                       confirm="取消资格后本次申报即告结束并通报批评，不能恢复。"),
}))
# fmt: on

# --- the studio's standing -------------------------------------------------------------------------------------


def deadline_passed(studio: Studio, ctx) -> str | None:
    """整改逾期: only once the deadline has passed (the day after it, Shanghai time)."""
    today = timezone.localdate()
    deadline = studio.rectification_deadline
    if deadline is None or deadline >= today:
        return "整改期限尚未届满。"
    return None


def overdue_reason(studio: Studio, ctx) -> list[str]:
    studio.delisted_reason = ctx.note = f"整改期限{studio.rectification_deadline:%Y-%m-%d}已过，未通过整改复查。"
    return ["delisted_reason"]


def decision_recorded(studio: Studio, ctx) -> str | None:
    """摘牌 / 撤销命名 stand on a recorded decision: the meeting and the published document (S§17, S§10)."""
    decision = StudioDecision.objects.filter(studio=studio, kind__in=ENDING_KINDS).first()
    if decision is None or not (decision.minutes_number and decision.document_number):
        return "请先记录党组会/主席办公会的决定和发文文号。"
    return None


def keep_recorded(studio: Studio, ctx) -> str | None:
    """保留 stands on a 保留 decision recorded since the studio was last flagged 待摘牌 (an older one answered an
    earlier flag)."""
    flagged = (history_of(studio).filter(to_state=StudioStatus.DELIST_PENDING.label)
               .order_by("-at").values_list("at", flat=True).first())
    decisions = StudioDecision.objects.filter(studio=studio, kind=DecisionKind.KEEP)
    if flagged is not None:
        decisions = decisions.filter(created_at__gte=flagged)
    decision = decisions.order_by("-created_at", "-pk").first()
    if decision is None or not (decision.minutes_number and decision.document_number):
        return "请先记录党组会/主席办公会的保留决定和发文文号。"
    return None


def from_the_archive(studio: Studio, ctx) -> str | None:
    """SYS-IMPORT: an earlier municipal naming is recorded only on a studio that has done nothing in the system
    yet (imports.kinds.studios registers it and records its naming in one transaction), with its document."""
    if not (ctx.fields.get("municipal_named_on") and ctx.fields.get("naming_document_number")):
        return "补录市级命名须有命名日期和命名文号。"
    if (studio.applications.exists() or studio.decisions.exists() or studio.ledger.exists()
            or studio.assessments.exists() or studio.spot_checks.exists()):
        return "该工作室已在系统中办理过业务，不能补录市级命名。"
    return None


def only_the_archive(studio: Studio, ctx) -> str | None:
    """SYS-IMPORT: a 摘牌 or 撤销命名 made before the system is recorded only on a studio the same import just
    registered and named (imports.kinds.ended), with its decision (decision_recorded)."""
    if (studio.applications.exists() or studio.ledger.exists() or studio.assessments.exists()
            or studio.spot_checks.exists()):
        return "该工作室已在系统中办理过业务，不能补录摘牌或撤销命名。"
    return None


R, NAMED, PENDING = StudioStatus.RECTIFYING, StudioStatus.MUNICIPAL_NAMED, StudioStatus.DELIST_PENDING

# fmt: off
STUDIO = register(Workflow(Studio, "status", {
    "name":      Move("市级命名",             (StudioStatus.SYSTEM_NAMED,), NAMED,                 p.can_name_studio,
                      confirm="命名后该工作室即为市级创新工作室，不能撤回。"),
    # SYS-IMPORT: a naming made before the system (also under the repealed 2015 measure), from the archive.
    "import_named": Move("补录市级命名",      (StudioStatus.SYSTEM_NAMED,), NAMED,                 p.can_import_naming,
                         guards=(from_the_archive,)),
    # SYS-IMPORT: a 摘牌 / 撤销命名 decided before the system, from the archive, on the StudioDecision it records.
    "import_delisted": Move("补录摘牌",       (NAMED,),                     StudioStatus.DELISTED, p.can_import_naming,
                            guards=(decision_recorded, only_the_archive)),
    "import_revoked":  Move("补录撤销命名",   (NAMED,),                     StudioStatus.REVOKED,  p.can_import_naming,
                            guards=(decision_recorded, only_the_archive)),
    "rectify":   Move("抽查未达标·限期整改", (NAMED,),                     R,                     p.can_rectify,
                      confirm="限期整改后该工作室须在期限内通过整改复查，逾期将提请摘牌。"),
    # STU-ASSESS: the unit union's yearly assessment found 不合格 (services.assessment_record).
    "assessment_failed": Move("年度考核不合格·限期整改", (NAMED,),      R,                     p.can_assess,
                              confirm="考核不合格后该工作室须在期限内通过整改复查，逾期将提请摘牌。"),
    "rectified": Move("整改复查通过",         (R,),                         NAMED,                 p.can_rectify,
                      confirm="复查通过后该工作室结束整改，恢复市级命名状态。"),
    # A failed re-check, or (the daily command, by=None) a deadline passed without one: flagged for the
    # decision; the de-listing itself is the meeting's (services.studio_decide, docs/decisions/studios.md).
    "recheck_failed": Move("整改复查不达标·待摘牌", (R,),                 PENDING,               p.can_rectify,
                           needs_comment=True, confirm="复查不达标后该工作室待摘牌，提请党组会/主席办公会决定。"),
    "overdue":   Move("整改逾期·待摘牌",      (R,),                         PENDING,               p.can_flag_overdue,
                      guards=(deadline_passed,), effect=overdue_reason, system=True),
    "delist":    Move("摘牌",                 (R, PENDING),                 StudioStatus.DELISTED, p.can_delist,
                      guards=(decision_recorded,), needs_comment=True,
                      confirm="摘牌后该工作室不再是市级创新工作室，资助资金停止使用，不能恢复。"),
    "revoke":    Move("撤销命名",             (NAMED, R, PENDING),          StudioStatus.REVOKED,  p.can_revoke,
                      guards=(decision_recorded,), needs_comment=True,
                      confirm="撤销命名后该工作室的命名作废，资助资金予以追回，不能恢复。"),
    # The meeting keeps a studio awaiting de-listing named (services.studio_keep, docs/decisions/studios.md).
    "keep":      Move("保留",                 (PENDING,),                   NAMED,                 p.can_delist,
                      guards=(keep_recorded,), needs_comment=True,
                      confirm="保留后该工作室结束待摘牌和整改，恢复市级命名状态，资助资金恢复拨付和使用。"),
}))
# fmt: on


# --- STU-PUBLIC: what the public pages show of a studio (S§20, S§22) -------------------------------------------


def studio_still_named(showcase: Showcase, ctx) -> DomainError | None:
    """Only a studio named at municipal level (not de-listed or revoked) is shown to the public."""
    studio = Studio.objects.get(pk=showcase.studio_id)
    if studio.status not in MUNICIPAL_STATES:
        return DomainError(f"工作室“{studio.name}”当前状态为“{studio.get_status_display()}”，不能公开展示。",
                           article="《管理办法》第二十条")
    return None


def showcase_reason_kept(showcase: Showcase, ctx) -> list[str]:
    showcase.last_reason = ctx.comment
    return ["last_reason"]


SC = ShowcaseState
SHOWCASE = register(Workflow(Showcase, "state", {
    "submit":   Move("提交公开展示", (SC.DRAFT,),     SC.SUBMITTED, p.can_propose_showcase,
                     guards=(studio_still_named,), confirm="提交后展示内容交市总工会审核，审核前不能修改。"),
    "approve":  Move("审核通过·公开", (SC.SUBMITTED,), SC.APPROVED,  p.can_review_showcase,
                     guards=(studio_still_named,), confirm="通过后所选内容即在无需登录的公开页面展示。"),
    "return":   Move("退回",         (SC.SUBMITTED,), SC.RETURNED,  p.can_review_showcase, needs_comment=True,
                     effect=showcase_reason_kept, confirm="退回后本次提交即告结束，工会须重新提交。"),
    "withdraw": Move("撤下",         (SC.APPROVED,),  SC.WITHDRAWN, p.can_withdraw_showcase, needs_comment=True,
                     effect=showcase_reason_kept, confirm="撤下后公开页面不再展示该工作室，须重新提交审核。"),
}))
