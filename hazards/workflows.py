"""The moves of the hazard workflow: reports, unions' applications, rounds and duplicate groups (SYS-NOBYPASS).

Every state of this app changes through `jinan_union.workflow.move()` and these tables. A condition an
earlier step checked that a later move depends on is a guard of the later move too: a report is checked
again when it goes to the round with its application, and again (H§3, H§7) when the round pays it.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from jinan_union.audit import record_change
from jinan_union.errors import DomainError
from jinan_union.files import attachments_of
from jinan_union.money import format_yuan
from jinan_union.workflow import Move, Workflow, move, register

from . import clock
from . import permissions as may
from .enums import EXPERT_SCAN, PHOTO, RoundState
from .enums import ApplicationState as A
from .enums import GroupState as G
from .enums import ReportState as R
from .models import Application, DuplicateGroup, HazardReport, Round
from .rules import RewardDecision, payout_refusal, reward_decision, submit_problems

# --- guards and effects ------------------------------------------------------------------------------


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


def complete_enough(report, ctx):
    """HAZ-REPORT, HAZ-EXCLUDE, HAZ-RECTIFIED and the past dates, at completion and again at submission."""
    problems = submit_problems(report_data(report))
    if problems:
        return DomainError.from_problems("隐患报告还不能提交，请按提示补充或修改。", problems)
    return None


def round_still_open(report, ctx):
    if report.application_id and report.application.round.status != RoundState.OPEN:
        return "本年度已结算，不能撤销核实。"
    return None


def payable(report, ctx):
    """H§3, H§5, H§7 at the moment of payout, and a reward this round has settled."""
    refusal = payout_refusal(grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
                             rectification=report.rectification)
    if refusal:
        return DomainError(f"#{report.pk} 不能发放：{refusal}")
    if not report.reward_amount or report.reward_amount <= 0:
        return DomainError(f"#{report.pk} 不能发放：{report.reward_note or '奖励金额为零'}")
    if ctx.fields.get("paid_round") is None:
        return "奖励只能随年度结算发放。"
    return None


def application_ready(application, ctx):
    """H§9: the round is open at the moment of submission, and every report in it is complete."""
    now = ctx.fields.get("submitted_at") or clock.now()
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    if now > round_.deadline or round_.status != RoundState.OPEN:
        return f"{round_}已截止，不再受理报送。"
    reports = list(application.reports.select_for_update().order_by("pk"))
    if not reports:
        return "申报中还没有隐患报告。"
    not_ready = [r for r in reports if r.status != R.READY or submit_problems(report_data(r))]
    if not_ready:
        return "以下隐患报告尚未填报完成：" + "、".join(f"#{r.pk}" for r in not_ready)
    ctx.extra["reports"] = reports
    return None


def submit_reports(application, ctx):
    reports = ctx.extra["reports"]
    for report in reports:
        move(report, "submit", by=ctx.by, comment=str(application))
    ctx.note = ctx.note or f"{len(reports)} 项隐患"


def round_reports_locked(round_) -> list[HazardReport]:
    return list(
        HazardReport.objects.select_for_update(of=("self",)).filter(
            application__round=round_, application__status=A.SUBMITTED
        ).select_related("duplicate_group").order_by("pk")
    )


def round_closable(round_, ctx):
    now = ctx.fields.get("closed_at") or clock.now()
    if now <= round_.deadline:
        return f"{round_}报送截止（{round_.year}年9月30日）后才能结算。"
    reports = round_reports_locked(round_)
    waiting = [r for r in reports if r.status == R.SUBMITTED]
    if waiting:
        return f"还有 {len(waiting)} 项隐患报告未核实，核实完成后才能结算。"
    ctx.extra["reports"] = reports
    return None


def pay_round(round_, ctx):
    """Settle every verified report's reward now, then pay those that earn one; each payment re-checks
    H§3/H§7 in its own move."""
    reports = ctx.extra["reports"]
    refresh_rewards(reports)
    total = Decimal("0.00")
    for report in HazardReport.objects.filter(pk__in=[r.pk for r in reports], status=R.VERIFIED).order_by("pk"):
        if report.reward_amount and report.reward_amount > 0:
            move(report, "pay", by=ctx.by, comment=f"{round_}奖励 {format_yuan(report.reward_amount)}",
                 paid_round=round_, paid_at=ctx.fields.get("closed_at") or clock.now())
            total += report.reward_amount
    round_.total_paid = total
    ctx.note = f"发放总额 {format_yuan(round_.total_paid)}"
    return ["total_paid"]


def merge_holds(group, ctx):
    """H§10: a group is reports of one hazard unit, none of them a draft."""
    members = list(group.reports.all())
    if len(members) < 2:
        return "请至少选择两份隐患报告合并。"
    if any(r.status == R.DRAFT for r in members):
        return "草稿不能合并。"
    if len({r.hazard_unit_id for r in members}) != 1:
        return "只有同一隐患单位的报告才能作为同一隐患合并。"
    return None


def refresh_group(group, ctx):
    refresh_rewards(group.reports.select_related("duplicate_group"))


def undo_allowed(members: Iterable[HazardReport]) -> tuple[bool, str]:
    """Whether a group can be undone, and why not: the page shows the reason instead of the button."""
    paid = sorted((m for m in members if m.status == R.PAID), key=lambda m: m.pk)
    if paid:
        return False, f"组内 #{paid[0].pk} 已在{paid[0].paid_round.year}年度发放奖励，不能撤销合并（H§10）。"
    return True, ""


def no_paid_member(group, ctx):
    members = list(group.reports.select_for_update(of=("self",)).select_related("paid_round"))
    ok, reason = undo_allowed(members)
    ctx.extra["members"] = members
    return None if ok else reason


def detach_members(group, ctx):
    members = ctx.extra["members"]
    group.reports.update(duplicate_group=None)
    for member in members:
        member.duplicate_group = None
        record_change(member, actor=ctx.by, action="撤销合并", from_state=str(group), comment=ctx.comment)
    refresh_rewards(HazardReport.objects.filter(pk__in=[m.pk for m in members]))
    return dissolved_now(group, ctx)


def dissolved_now(group, ctx):
    group.dissolved_at = timezone.now()
    return ["dissolved_at"]


# --- rewards (HAZ-REWARD, HAZ-FIRST) --------------------------------------------------------------------

def decide(report: HazardReport) -> RewardDecision:
    if not report.rectification:  # HAZ-RECTIFIED holds at payout too
        refusal = payout_refusal(grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
                                 rectification=report.rectification)
        return RewardDecision(Decimal("0.00"), refusal)
    group = report.duplicate_group if report.duplicate_group_id else None
    first_finder, first_name, paid_year = True, "", None
    if group is not None and group.is_active:
        members = [m for m in group.reports.select_related("paid_round") if m.status != R.REJECTED]
        paid = [m for m in members if m.status == R.PAID and m.pk != report.pk]
        if paid:
            paid_year = paid[0].paid_round.year
        first = min(members, key=lambda m: (m.reported_at or timezone.now(), m.pk))
        first_finder, first_name = first.pk == report.pk, first.finder_display
    return reward_decision(
        grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
        first_finder=first_finder, first_finder_name=first_name, rewarded_before_year=paid_year,
    )


def refresh_rewards(reports: Iterable[HazardReport]) -> None:
    """Recompute the reward of verified, unpaid reports (after a verification, a merge, an undo, a payout)."""
    for report in reports:
        if report.status != R.VERIFIED:
            continue
        decision = decide(report)
        if (decision.amount, decision.reason) != (report.reward_amount, report.reward_note):
            report.reward_amount, report.reward_note = decision.amount, decision.reason
            report.save(update_fields=["reward_amount", "reward_note", "updated_at"])


# --- the tables ------------------------------------------------------------------------------------------

REPORT = register(Workflow(HazardReport, "status", {
    "complete": Move("填报完成", (R.DRAFT,), R.READY, may.can_complete_report, (complete_enough,)),
    "edit_again": Move("退回草稿修改", (R.READY,), R.DRAFT, may.can_edit_report),
    "submit": Move("随申报报送", (R.READY,), R.SUBMITTED, may.can_submit_report, (complete_enough,)),
    "verify": Move("核实通过", (R.SUBMITTED,), R.VERIFIED, may.can_verify),
    "reject": Move("核实未通过", (R.SUBMITTED,), R.REJECTED, may.can_reject, needs_comment=True,
                   comment_label="未通过的原因"),
    "reopen": Move("撤销核实", (R.VERIFIED, R.REJECTED), R.SUBMITTED, may.can_reopen_verification,
                   (round_still_open,)),
    "pay": Move("奖励发放", (R.VERIFIED,), R.PAID, may.can_pay, (payable,)),
}))

APPLICATION = register(Workflow(Application, "status", {
    "submit": Move("报送申报", (A.DRAFT,), A.SUBMITTED, may.can_submit_application, (application_ready,),
                   submit_reports),
}))

ROUND = register(Workflow(Round, "status", {
    "close": Move("结算发放", (RoundState.OPEN,), RoundState.PAID, may.can_close_round, (round_closable,),
                  pay_round),
}))

GROUP = register(Workflow(DuplicateGroup, "status", {
    "merge": Move("确认重复隐患", (G.MERGED,), G.MERGED, may.can_merge, (merge_holds,), refresh_group),
    "absorb": Move("并入其他重复组", (G.MERGED,), G.DISSOLVED, may.can_merge, (), dissolved_now),
    "undo": Move("撤销合并", (G.MERGED,), G.DISSOLVED, may.can_undo_merge, (no_paid_member,), detach_members),
}))
