"""The moves of the hazard workflow: reports, unions' applications, rounds and duplicate groups (SYS-NOBYPASS).

Every state of this app changes through `jinan_union.workflow.move()` and these tables. A condition an
earlier step checked that a later move depends on is a guard of the later move too: a report is checked
again when it goes to the round with its application, and again (H§3, H§7) when the round pays it.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from jinan_union.articles import cite
from jinan_union.audit import record_change
from jinan_union.errors import DomainError
from jinan_union.files import attachments_of
from jinan_union.money import format_yuan
from jinan_union.workflow import Move, Workflow, move, register

from . import clock
from . import permissions as may
from .enums import EXPERT_SCAN, PHOTO, PaymentState, RoundState
from .enums import ApplicationState as A
from .enums import GroupState as G
from .enums import ReportState as R
from .models import Application, DuplicateGroup, HazardReport, Payment, Round, in_round, scheme_of
from .rules import SHANGHAI, RewardDecision, payout_refusal, reward_decision, submit_problems

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
    if report.round is not None and report.round.status != RoundState.OPEN:
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
        HazardReport.objects.select_for_update(of=("self",)).filter(in_round(round_)).select_related("duplicate_group").order_by("pk")
    )


def round_closable(round_, ctx):
    now = ctx.fields.get("closed_at") or clock.now()
    if now <= round_.deadline:
        day = round_.deadline.astimezone(SHANGHAI)
        return f"{round_}报送截止（{day.year}年{day.month}月{day.day}日）后才能结算。"
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
        return False, f"组内 #{paid[0].pk} 已在{paid[0].paid_round.year}年度发放奖励，不能撤销合并（{cite('H§10')}）。"
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

def first_of(members: Iterable[HazardReport]) -> HazardReport:
    """HAZ-FIRST: the earliest finder of the group by the time reported to the unit, among all its members,
    whatever was decided about them (a rejected first finder stays the first finder)."""
    return min(members, key=lambda m: (m.reported_at or timezone.now(), m.pk))


def group_grade(members: Iterable[HazardReport]) -> tuple[int | None, HazardReport | None]:
    """The group's one grade: the highest (most severe) verified one, with the report whose experts set it."""
    verified = [m for m in members if m.status in (R.VERIFIED, R.PAID) and m.effective_grade]
    if not verified:
        return None, None
    best = min(verified, key=lambda m: (m.effective_grade, m.reported_at or timezone.now(), m.pk))
    return best.effective_grade, best


def first_refusal(first: HazardReport) -> str:
    """Why the first finder cannot be rewarded, or "" (then no exception may be named)."""
    if first.status == R.REJECTED:
        return f"核实未通过：{first.rejection_reason}"
    return payout_refusal(grade=first.effective_grade or 4, is_safety_manager=first.is_safety_manager,
                          rectification=first.rectification) if (
        first.is_safety_manager or not first.rectification) else ""


def paid_in_other_schemes(report: HazardReport, members: Iterable[HazardReport]) -> list[HazardReport]:
    """HAZ-SCHEME: the members of the report's group already paid by another scheme (the city's, a district's)."""
    return [m for m in members if m.status == R.PAID and m.pk != report.pk and m.scheme_id != report.scheme_id]


def decide(report: HazardReport) -> RewardDecision:
    """The reward of a verified report under its scheme (HAZ-SCHEME): the scheme's amounts; the first-finder
    rule (H§10) among the group's reports of the same scheme; a hazard another scheme already paid is paid
    again only if this scheme says so (default: yes, docs/decisions/hazards.md)."""
    scheme = scheme_of(report)
    if not report.rectification:  # HAZ-RECTIFIED holds at payout too
        refusal = payout_refusal(grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
                                 rectification=report.rectification)
        return RewardDecision(Decimal("0.00"), refusal)
    group = report.duplicate_group if report.duplicate_group_id else None
    if group is None or not group.is_active:
        return reward_decision(grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
                               rewards=scheme.rewards)
    everyone = list(group.reports.select_related("paid_round", "scheme__union"))
    elsewhere = paid_in_other_schemes(report, everyone)
    if elsewhere and not scheme.pays_if_rewarded_elsewhere:
        return reward_decision(grade=report.effective_grade, is_safety_manager=report.is_safety_manager,
                               rewarded_elsewhere=f"{elsewhere[0].scheme_or_city.payer}{elsewhere[0].paid_round.year}年度")
    members = [m for m in everyone if m.scheme_id == report.scheme_id]
    paid = [m for m in members if m.status == R.PAID and m.pk != report.pk]
    first = first_of(members)
    named = group.exception_report_id if group.exception_report_id in {m.pk for m in members} else None
    rewarded = named or first.pk
    grade, _ = group_grade(members)
    if rewarded != report.pk and not paid:
        why = first_refusal(first) if rewarded == first.pk else ""
        if why:
            return RewardDecision(Decimal("0.00"), f"同一隐患只奖励第一发现人（{cite('H§10')}）：第一发现人为"
                                                   f"{first.finder_display}，其不能获奖（{why}），审核人尚未指定例外")
        if rewarded != first.pk:
            return RewardDecision(
                Decimal("0.00"), f"同一隐患只奖励一次（{cite('H§10')}）：审核人指定例外获奖人为#{rewarded}")
    return reward_decision(
        grade=grade or report.effective_grade, is_safety_manager=report.is_safety_manager,
        first_finder=rewarded == report.pk, first_finder_name=first.finder_display,
        rewarded_before_year=paid[0].paid_round.year if paid else None, rewards=scheme.rewards,
    )


def refresh_with_exception(group, ctx):
    """The group as the move leaves it (its exception not saved yet) decides its members' rewards."""
    reports = list(group.reports.all())
    for report in reports:
        report.duplicate_group = group
    refresh_rewards(reports)


def exception_holds(group, ctx):
    """HAZ-FIRST (原则上): another member may be named only when the first finder cannot be rewarded, and only
    a verified member of the group, before anyone in it is paid."""
    members = list(group.reports.select_for_update(of=("self",)).select_related("paid_round"))
    named = ctx.fields.get("exception_report")
    first = first_of(members)
    if any(m.status == R.PAID for m in members):
        return "组内已有报告发放奖励，不能再指定例外。"
    if named is None or named.pk not in {m.pk for m in members} or named.pk == first.pk:
        return DomainError("请选择组内第一发现人以外的一份报告。", field="exception_report")
    if not first_refusal(first):
        return f"第一发现人{first.finder_display}可以获奖，原则上只奖励第一发现人（{cite('H§10')}）。"
    if named.status != R.VERIFIED:
        return DomainError("只能指定已核实的报告。", field="exception_report")
    return None


def refresh_rewards(reports: Iterable[HazardReport]) -> None:
    """Recompute the reward of verified, unpaid reports (after a verification, a merge, an undo, a payout)."""
    for report in reports:
        if report.status != R.VERIFIED:
            continue
        decision = decide(report)
        if (decision.amount, decision.reason) != (report.reward_amount, report.reward_note):
            report.reward_amount, report.reward_note = decision.amount, decision.reason
            report.save(update_fields=["reward_amount", "reward_note", "updated_at"])


def carried_to_next_round(report, ctx):
    """H§9: only a report of a round not yet paid is carried, and only to the next year's open round."""
    current, target = report.round, ctx.fields.get("carried_to")
    if current is None or current.status != RoundState.OPEN:
        return "只有尚未结算年度中的报告才能转入下一年度。"
    if clock.now() <= current.deadline:
        return f"{current}报送截止后、结算前，才能将未核实的报告转入下一年度。"
    if target is None or target.year != current.year + 1 or target.status != RoundState.OPEN:
        return "只能转入下一年度。"
    return None


# --- payments (HAZ-PAYEE) ------------------------------------------------------------------------------

def has_bank_reference(payment, ctx):
    if not (ctx.fields.get("bank_reference") or "").strip():
        return DomainError("请填写银行流水号。", field="bank_reference")
    return None


def issue_again(payment, ctx):
    """A failed payment is paid by a new attempt (a new record); the failed one stays as it was."""
    Payment.objects.create(
        round=payment.round, report=payment.report, payee=payment.payee, attempt=payment.attempt + 1,
        previous=payment, amount=payment.amount, created_by=ctx.by,
    )


# --- SYS-IMPORT: rewards paid before the system -------------------------------------------------------------

def past_round_unused(round_, ctx):
    """A round recorded from the archive: a past year, with nothing of the system's own in it."""
    if round_.year >= clock.now().year:
        return f"{round_}不是往年，不能补录结算。"
    if round_.applications.exists() or round_.carried_reports.exists() or round_.payments.exists():
        return f"{round_}已在系统中受理申报，不能补录结算。"
    return None


def archived_payment(report, ctx):
    """A report recorded from the archive as paid: no application of the system, paid in a past round that was
    itself recorded as settled."""
    paid_round = ctx.fields.get("paid_round")
    if report.application_id is not None:
        return "已随申报报送的隐患报告不能补录为往年已发放。"
    if paid_round is None or paid_round.status != RoundState.PAID or paid_round.year >= clock.now().year:
        return "补录的奖励须属于往年已结算的评选年度。"
    if not report.reward_amount or report.reward_amount <= 0:
        return "补录的奖励须有奖励金额。"
    return None


# --- the tables ------------------------------------------------------------------------------------------

REPORT = register(Workflow(HazardReport, "status", {
    "complete": Move("填报完成", (R.DRAFT,), R.READY, may.can_complete_report, (complete_enough,)),
    "edit_again": Move("退回草稿修改", (R.READY,), R.DRAFT, may.can_edit_report),
    "submit": Move("随申报报送", (R.READY,), R.SUBMITTED, may.can_submit_report, (complete_enough,),
                   confirm="报送后该隐患报告交市总工会核实，本单位不能再修改或撤回。"),
    "verify": Move("核实通过", (R.SUBMITTED,), R.VERIFIED, may.can_verify),
    "reject": Move("核实未通过", (R.SUBMITTED,), R.REJECTED, may.can_reject, needs_comment=True,
                   comment_label="未通过的原因", confirm="核实未通过后该报告不予奖励，申报工会将收到您填写的原因。"),
    "reopen": Move("撤销核实", (R.VERIFIED, R.REJECTED), R.SUBMITTED, may.can_reopen_verification,
                   (round_still_open,)),
    "carry_over": Move("转入下一年度核实", (R.SUBMITTED,), R.SUBMITTED, may.can_carry_over, (carried_to_next_round,),
                       needs_comment=True, comment_label="转入下一年度的原因",
                       confirm="转入后该报告不参加本年度结算，待下一年度核实后再定奖励。"),
    "pay": Move("奖励发放", (R.VERIFIED,), R.PAID, may.can_pay, (payable,),
                confirm="发放后该报告的奖励即记为已发放，不能撤回。"),
    # SYS-IMPORT: a reward paid before the system, so that HAZ-FIRST sees it across the years.
    "import_paid": Move("补录往年已发放奖励", (R.DRAFT,), R.PAID, may.can_import_rewards, (archived_payment,)),
}))

APPLICATION = register(Workflow(Application, "status", {
    "submit": Move("报送申报", (A.DRAFT,), A.SUBMITTED, may.can_submit_application, (application_ready,),
                   submit_reports,
                   confirm="报送后本年度本单位的隐患申报轮次即告结束，不能再加入、移出或修改隐患报告。"),
}))

ROUND = register(Workflow(Round, "status", {
    "close": Move("结算发放", (RoundState.OPEN,), RoundState.PAID, may.can_close_round, (round_closable,),
                  pay_round, confirm="结算后本年度的奖励按发放表发放，本年度的报告不能再核实或更改。"),
    # SYS-IMPORT: a past year's round recorded from the archive as settled, with its total.
    "import_closed": Move("补录往年结算", (RoundState.OPEN,), RoundState.PAID, may.can_import_rewards,
                          (past_round_unused,)),
}))

GROUP = register(Workflow(DuplicateGroup, "status", {
    "merge": Move("确认重复隐患", (G.MERGED,), G.MERGED, may.can_merge, (merge_holds,), refresh_group,
                  confirm="确认后这些报告视为同一隐患，只奖励第一发现人，其余报告不予奖励。"),
    "absorb": Move("并入其他重复组", (G.MERGED,), G.DISSOLVED, may.can_merge, (), dissolved_now,
                   confirm="并入后本组解散，其报告归入另一重复组，不能恢复。"),
    "name_exception": Move("指定例外获奖人", (G.MERGED,), G.MERGED, may.can_merge, (exception_holds,),
                           refresh_with_exception, needs_comment=True, comment_label="例外理由",
                           confirm="指定后由该报告代替第一发现人获得本组奖励。"),
    "undo": Move("撤销合并", (G.MERGED,), G.DISSOLVED, may.can_undo_merge, (no_paid_member,), detach_members,
                 confirm="撤销后组内各报告分别计奖，本组不能恢复。"),
}))

PAYMENT = register(Workflow(Payment, "status", {
    "confirm": Move("确认到账", (PaymentState.ISSUED,), PaymentState.PAID, may.can_settle_payment,
                    (has_bank_reference,), confirm="确认到账后该笔奖励记为已发放，不能撤回。"),
    "fail": Move("发放失败", (PaymentState.ISSUED,), PaymentState.FAILED, may.can_settle_payment,
                 needs_comment=True, comment_label="失败原因", confirm="标记失败后本笔发放作废，须重新发放。"),
    "reissue": Move("重新发放", (PaymentState.FAILED,), PaymentState.REISSUED, may.can_settle_payment, (),
                    issue_again, confirm="重新发放将生成新的一笔发放交银行，原发放记录保留。"),
}))
