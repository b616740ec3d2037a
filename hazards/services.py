"""Every write that changes the state of a report, an application, a duplicate group or a round.

Keyword-only, atomic, recorded through SYS-AUDIT; refusals raise HazardError with a Chinese message.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.files import attach_staged, attachments_of
from jinan_union.models import Organisation, User
from jinan_union.money import format_yuan

from . import clock
from .enums import ApplicationState, ReportState, RoundState
from .grading import GRADE_LABELS
from .models import Application, DuplicateDismissal, DuplicateGroup, FinderMember, HazardReport, Round
from .rules import Problem, deadline_for, late_message, reward_decision, round_year_for, submit_problems

PHOTO = "photo"
EXPERT_SCAN = "expert_scan"


class HazardError(Exception):
    """A refused move, with the message to show (and the problems by field, when a form shows them)."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


# The allowed moves of a report, readable in one screen: (from, to) -> what it is called.
REPORT_MOVES: dict[tuple[str, str], str] = {
    (ReportState.DRAFT, ReportState.READY): "填报完成",
    (ReportState.READY, ReportState.DRAFT): "退回草稿修改",
    (ReportState.READY, ReportState.SUBMITTED): "随申报报送",
    (ReportState.SUBMITTED, ReportState.VERIFIED): "核实通过",
    (ReportState.SUBMITTED, ReportState.REJECTED): "核实未通过",
    (ReportState.VERIFIED, ReportState.SUBMITTED): "撤销核实",
    (ReportState.REJECTED, ReportState.SUBMITTED): "撤销核实",
    (ReportState.VERIFIED, ReportState.PAID): "奖励发放",
}


def _move(report: HazardReport, to: str, *, by: User | None, comment: str = "", fields=()) -> None:
    action = REPORT_MOVES.get((report.status, to))
    if action is None:
        raise HazardError(
            f"隐患报告当前为“{ReportState(report.status).label}”，不能变为“{ReportState(to).label}”。"
        )
    from_state = ReportState(report.status).label
    report.status = to
    report.save(update_fields=["status", "updated_at", *fields])
    record_change(report, actor=by, action=action, from_state=from_state, to_state=ReportState(to).label,
                  comment=comment)


def _locked(report: HazardReport) -> HazardReport:
    return HazardReport.objects.select_for_update().get(pk=report.pk)


# --- HAZ-REPORT: the clerk's entry ----------------------------------------------------------------

def report_data(report: HazardReport) -> dict:
    """The values submit_problems checks, read from a saved report and its files."""
    data = {name: getattr(report, name) for name in (
        "finder_kind", "finder_name", "hazard_address", "location", "description", "deaths",
        "serious_injuries", "direct_loss", "found_on", "reported_at", "rectification", "rectified_on",
        "experts", "expert_grade", "is_safety_manager",
    )}
    data["finder_unit"] = report.finder_unit_id
    data["hazard_unit"] = report.hazard_unit_id
    data["members"] = list(report.members.all()) if report.pk else []
    data["photo_count"] = attachments_of(report, PHOTO).count() if report.pk else 0
    data["scan_count"] = attachments_of(report, EXPERT_SCAN).count() if report.pk else 0
    return data


@transaction.atomic
def report_save(
    *,
    report: HazardReport,
    by: User,
    members: list[tuple[str, str]] | None = None,
    photo_ids: Iterable = (),
    scan_ids: Iterable = (),
) -> HazardReport:
    """Save what the clerk typed as a draft, whatever is missing (SYS-ERR: nothing typed is lost)."""
    creating = report.pk is None
    if not creating and report.status not in (ReportState.DRAFT, ReportState.READY):
        raise HazardError("已报送的隐患报告不能再修改。")
    if creating:
        report.created_by = by
        if not report.union_id:
            report.union = by.organisation.system_union or by.organisation
    report.save()
    if members is not None:
        report.members.all().delete()
        FinderMember.objects.bulk_create(
            [FinderMember(report=report, name=name, position=pos) for name, pos in members if name]
        )
    attach_staged(list(photo_ids), owner=report, by=by)
    attach_staged(list(scan_ids), owner=report, by=by)
    if creating:
        record_change(report, actor=by, action="新建隐患报告", to_state=ReportState.DRAFT.label)
    elif report.status == ReportState.READY:
        _move(report, ReportState.DRAFT, by=by, comment="填报完成后再次修改")
    return report


@transaction.atomic
def report_complete(*, report: HazardReport, by: User) -> HazardReport:
    """Draft → ready for the application, when nothing required is missing (HAZ-REPORT, -EXCLUDE, -RECTIFIED)."""
    report = _locked(report)
    problems = submit_problems(report_data(report))
    if problems:
        raise HazardError("隐患报告还不能提交，请按提示补充或修改。", problems)
    _move(report, ReportState.READY, by=by)
    return report


# --- HAZ-ROUND: the union's application ------------------------------------------------------------

def round_for_year(year: int) -> Round:
    round_, _ = Round.objects.get_or_create(year=year, defaults={"deadline": deadline_for(year)})
    return round_


def current_round(now: datetime | None = None) -> Round:
    return round_for_year(round_year_for(now or clock.now()))


@transaction.atomic
def application_for(*, union: Organisation, round_: Round, by: User) -> Application:
    application, created = Application.objects.get_or_create(union=union, round=round_)
    if created:
        record_change(application, actor=by, action="新建申报", to_state=ApplicationState.DRAFT.label)
    return application


@transaction.atomic
def application_add_report(*, application: Application, report: HazardReport, by: User) -> None:
    report = _locked(report)
    if application.status != ApplicationState.DRAFT:
        raise HazardError("申报已报送，不能再加入隐患报告。")
    if report.union_id != application.union_id:
        raise HazardError("只能加入本工会填报的隐患报告。")
    if report.status != ReportState.READY:
        raise HazardError("只有填报完成（待申报）的隐患报告才能加入申报。")
    if report.application_id:
        raise HazardError("该隐患报告已在一份申报中。")
    report.application = application
    report.save(update_fields=["application", "updated_at"])
    record_change(report, actor=by, action="加入申报", comment=str(application))


@transaction.atomic
def application_remove_report(*, application: Application, report: HazardReport, by: User) -> None:
    report = _locked(report)
    if application.status != ApplicationState.DRAFT or report.application_id != application.pk:
        raise HazardError("只能从未报送的申报中移出隐患报告。")
    report.application = None
    report.save(update_fields=["application", "updated_at"])
    record_change(report, actor=by, action="移出申报", comment=str(application))


@transaction.atomic
def application_submit(*, application: Application, by: User, now: datetime | None = None) -> tuple[Application, str]:
    """Submit the application with its reports (H§9). After 30 September it goes to next year's round.

    Returns the application as submitted and a notice (empty when it went to its own round).
    """
    now = now or clock.now()
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if application.status != ApplicationState.DRAFT:
        raise HazardError("该申报已报送。")
    reports = list(application.reports.select_for_update().order_by("pk"))
    if not reports:
        raise HazardError("申报中还没有隐患报告。")
    not_ready = [r for r in reports if r.status != ReportState.READY or submit_problems(report_data(r))]
    if not_ready:
        raise HazardError("以下隐患报告尚未填报完成：" + "、".join(f"#{r.pk}" for r in not_ready))
    notice = ""
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    if now > round_.deadline or round_.status != RoundState.OPEN:
        target = current_round(now)
        if target.pk == round_.pk or target.status != RoundState.OPEN:
            raise HazardError(f"{round_}已截止，不再受理报送。")
        notice = late_message(round_.year)
        existing = Application.objects.select_for_update().filter(union=application.union, round=target).first()
        if existing is not None and existing.status != ApplicationState.DRAFT:
            raise HazardError(f"{notice}但本工会{target}申报已经报送，请联系市总工会生产保护部。")
        if existing is not None:
            application.reports.update(application=existing)
            record_change(application, actor=by, action="报送逾期，隐患报告转入下一年度", comment=notice)
            application = existing
            reports = list(application.reports.select_for_update().order_by("pk"))
        else:
            old = str(round_)
            application.round = target
            application.save(update_fields=["round"])
            record_change(application, actor=by, action="报送逾期，转入下一年度", from_state=old,
                          to_state=str(target), comment=notice)
    application.status = ApplicationState.SUBMITTED
    application.submitted_at = now
    application.submitted_by = by
    application.save(update_fields=["status", "submitted_at", "submitted_by"])
    record_change(application, actor=by, action="报送申报", from_state=ApplicationState.DRAFT.label,
                  to_state=ApplicationState.SUBMITTED.label, comment=f"{len(reports)} 项隐患")
    for report in reports:
        _move(report, ReportState.SUBMITTED, by=by, comment=str(application))
    return application, notice


# --- Verification (核实) and rewards ---------------------------------------------------------------

def _decide(report: HazardReport) -> tuple[Decimal, str]:
    group = report.duplicate_group if report.duplicate_group_id else None
    first_finder, first_name, paid_year = True, "", None
    if group is not None and group.is_active:
        members = [m for m in group.reports.select_related("paid_round") if m.status != ReportState.REJECTED]
        paid = [m for m in members if m.status == ReportState.PAID and m.pk != report.pk]
        if paid:
            paid_year = paid[0].paid_round.year
        first = min(members, key=lambda m: (m.reported_at or timezone.now(), m.pk))
        first_finder, first_name = first.pk == report.pk, first.finder_display
    decision = reward_decision(
        grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
        first_finder=first_finder, first_finder_name=first_name, rewarded_before_year=paid_year,
    )
    return decision.amount, decision.reason


def refresh_rewards(reports: Iterable[HazardReport]) -> None:
    """Recompute the reward of verified, unpaid reports (after a verification, a merge or an undo)."""
    for report in reports:
        if report.status != ReportState.VERIFIED:
            continue
        amount, reason = _decide(report)
        if (amount, reason) != (report.reward_amount, report.reward_note):
            report.reward_amount, report.reward_note = amount, reason
            report.save(update_fields=["reward_amount", "reward_note", "updated_at"])


def _group_mates(report: HazardReport) -> list[HazardReport]:
    if report.duplicate_group_id and report.duplicate_group.is_active:
        return list(report.duplicate_group.reports.all())
    return [report]


@transaction.atomic
def report_verify(
    *, report: HazardReport, by: User, reassessed_grade: int | None = None, note: str = ""
) -> HazardReport:
    """Accept a submitted report (核实), optionally with the grade re-assessed by the municipal experts (H§6)."""
    report = _locked(report)
    if report.status != ReportState.SUBMITTED:
        raise HazardError("只有已报送的隐患报告才能核实。")
    if reassessed_grade is not None:
        if int(reassessed_grade) not in GRADE_LABELS:
            raise HazardError("请选择复核等级。")
        if not note.strip():
            message = "复核定级请填写专家意见或说明。"
            raise HazardError(message, [Problem("note", message, "H§6")])
        before = GRADE_LABELS.get(report.effective_grade, "—")
        report.reassessed_grade = int(reassessed_grade)
        report.reassessment_note = note
        report.save(update_fields=["reassessed_grade", "reassessment_note", "updated_at"])
        record_change(report, actor=by, action="复核定级", from_state=before,
                      to_state=GRADE_LABELS[report.reassessed_grade], comment=note)
    _move(report, ReportState.VERIFIED, by=by, comment=note if reassessed_grade is None else "")
    refresh_rewards(_group_mates(report))
    report.refresh_from_db()
    return report


@transaction.atomic
def report_reject(*, report: HazardReport, by: User, reason: str) -> HazardReport:
    report = _locked(report)
    if not reason.strip():
        raise HazardError("请填写未通过的原因。", [Problem("reason", "请填写未通过的原因。")])
    report.rejection_reason = reason
    report.reward_amount, report.reward_note = Decimal("0.00"), reason
    _move(report, ReportState.REJECTED, by=by, comment=reason,
          fields=["rejection_reason", "reward_amount", "reward_note"])
    refresh_rewards(_group_mates(report))
    return report


@transaction.atomic
def report_reopen_verification(*, report: HazardReport, by: User, comment: str = "") -> HazardReport:
    report = _locked(report)
    if report.status not in (ReportState.VERIFIED, ReportState.REJECTED):
        raise HazardError("只有已核实或未通过的隐患报告才能撤销核实。")
    if report.application and report.application.round.status != RoundState.OPEN:
        raise HazardError("本年度已结算，不能撤销核实。")
    report.reward_amount, report.reward_note, report.rejection_reason = None, "", ""
    _move(report, ReportState.SUBMITTED, by=by, comment=comment,
          fields=["reward_amount", "reward_note", "rejection_reason"])
    refresh_rewards(_group_mates(report))
    return report


# --- HAZ-FIRST: duplicate groups -------------------------------------------------------------------

@transaction.atomic
def group_confirm(*, reports: Iterable[HazardReport], by: User, comment: str = "") -> DuplicateGroup:
    """Merge reports of one hazard: the group pays at most one reward, to the earliest finder (H§10)."""
    reports = list(
        HazardReport.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).order_by("pk")
    )
    if len(reports) < 2:
        raise HazardError("请至少选择两份隐患报告合并。")
    if any(r.status == ReportState.DRAFT for r in reports):
        raise HazardError("草稿不能合并。")
    units = {r.hazard_unit_id for r in reports}
    if len(units) != 1:
        raise HazardError("只有同一隐患单位的报告才能作为同一隐患合并。")
    existing = sorted(
        {r.duplicate_group for r in reports if r.duplicate_group_id and r.duplicate_group.dissolved_at is None},
        key=lambda g: g.pk,
    )
    if existing:
        group = existing[0]
        for other in existing[1:]:  # two groups joined by this merge become one
            for member in other.reports.all():
                reports.append(member)
            other.dissolved_at = timezone.now()
            other.save(update_fields=["dissolved_at"])
            record_change(other, actor=by, action="并入其他重复组", comment=f"并入 {group}")
    else:
        group = DuplicateGroup.objects.create(created_by=by, comment=comment)
    ids = sorted({r.pk for r in reports})
    HazardReport.objects.filter(pk__in=ids).update(duplicate_group=group)
    record_change(group, actor=by, action="确认重复隐患", to_state="已合并",
                  comment=(comment + "\n" if comment else "") + "合并报告：" + "、".join(f"#{i}" for i in ids))
    for report in HazardReport.objects.filter(pk__in=ids):
        record_change(report, actor=by, action="合并为同一隐患", to_state=str(group), comment=comment)
    refresh_rewards(HazardReport.objects.filter(pk__in=ids).select_related("duplicate_group"))
    return group


def group_undo_allowed(members: Iterable[HazardReport]) -> tuple[bool, str]:
    """Whether a group can be undone, and why not: the page shows the reason instead of the button."""
    paid = sorted((m for m in members if m.status == ReportState.PAID), key=lambda m: m.pk)
    if paid:
        return False, f"组内 #{paid[0].pk} 已在{paid[0].paid_round.year}年度发放奖励，不能撤销合并（H§10）。"
    return True, ""


@transaction.atomic
def group_undo(*, group: DuplicateGroup, by: User, comment: str = "") -> None:
    group = DuplicateGroup.objects.select_for_update().get(pk=group.pk)
    if group.dissolved_at:
        raise HazardError("该重复组已撤销。")
    members = list(group.reports.select_for_update(of=("self",)).select_related("paid_round"))
    allowed, reason = group_undo_allowed(members)
    if not allowed:
        raise HazardError(reason)
    group.dissolved_at = timezone.now()
    group.save(update_fields=["dissolved_at"])
    group.reports.update(duplicate_group=None)
    record_change(group, actor=by, action="撤销合并", from_state="已合并", to_state="已撤销", comment=comment)
    for member in members:
        member.duplicate_group = None
        record_change(member, actor=by, action="撤销合并", from_state=str(group), comment=comment)
    refresh_rewards(HazardReport.objects.filter(pk__in=[m.pk for m in members]))


@transaction.atomic
def proposal_dismiss(*, report: HazardReport, other: HazardReport, by: User) -> DuplicateDismissal:
    first, second = sorted((report, other), key=lambda r: r.pk)
    dismissal = DuplicateDismissal.objects.create(first=first, second=second, dismissed_by=by)
    record_change(first, actor=by, action="排除重复建议", comment=f"与 #{second.pk} 不是同一隐患")
    record_change(second, actor=by, action="排除重复建议", comment=f"与 #{first.pk} 不是同一隐患")
    return dismissal


# --- Round close and payout (H§9) ------------------------------------------------------------------

@transaction.atomic
def round_close(*, round_: Round, by: User, now: datetime | None = None) -> Round:
    """Close a verified round and pay it, once: the round row is locked, a second close is refused."""
    now = now or clock.now()
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status == RoundState.PAID:
        raise HazardError(f"{round_}奖励已结算发放，不能重复发放。")
    if now <= round_.deadline:
        raise HazardError(f"{round_}报送截止（{round_.year}年9月30日）后才能结算。")
    reports = list(
        HazardReport.objects.select_for_update(of=("self",)).filter(
            application__round=round_, application__status=ApplicationState.SUBMITTED
        ).select_related("duplicate_group").order_by("pk")
    )
    waiting = [r for r in reports if r.status == ReportState.SUBMITTED]
    if waiting:
        raise HazardError(f"还有 {len(waiting)} 项隐患报告未核实，核实完成后才能结算。")
    refresh_rewards(reports)
    total = Decimal("0.00")
    for report in reports:
        report.refresh_from_db()
        if report.status == ReportState.VERIFIED and report.reward_amount and report.reward_amount > 0:
            report.paid_round, report.paid_at = round_, now
            _move(report, ReportState.PAID, by=by, comment=f"{round_}奖励 {format_yuan(report.reward_amount)}",
                  fields=["paid_round", "paid_at"])
            total += report.reward_amount
    round_.status, round_.closed_at, round_.closed_by, round_.total_paid = RoundState.PAID, now, by, total
    round_.save(update_fields=["status", "closed_at", "closed_by", "total_paid"])
    record_change(round_, actor=by, action="结算发放", from_state=RoundState.OPEN.label,
                  to_state=RoundState.PAID.label, comment=f"发放总额 {format_yuan(total)}")
    return round_
