"""Every write of the hazard workflow: reports, the unions' applications, duplicate groups and the round.

Keyword-only and atomic. States change only through `move()` and the tables in workflows.py; the other
writes ask the same predicates (permissions.py) through `require()`. Refusals are DomainErrors.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import transaction

from jinan_union.audit import record_change
from jinan_union.confirm import ask
from jinan_union.errors import DomainError
from jinan_union.files import attach_staged
from jinan_union.models import Organisation, User
from jinan_union.money import format_yuan
from jinan_union.permissions import require
from jinan_union.workflow import REPEATED, move

from . import clock
from . import payees as pay
from . import permissions as may
from .enums import EXPERT_SCAN, LIVE_PAYMENTS, PHOTO, ApplicationState, FinderKind, ReportState, RoundState  # noqa: F401  (services.PHOTO)
from .grading import GRADE_LABELS
from .models import (
    Application,
    DuplicateDismissal,
    DuplicateGroup,
    FinderMember,
    HazardReport,
    Payee,
    Payment,
    RewardSplit,
    Round,
    Scheme,
    SplitPart,
    scheme_of,
)
from .rules import deadline_for, deadline_refusal, late_message, round_year_for
from .workflows import refresh_rewards

# What the clerk types; the workflow's own fields (state, application, group, reward…) are never saved from it.
REPORT_FIELDS = [
    "finder_kind", "finder_name", "finder_unit", "is_safety_manager", "hazard_unit", "hazard_address",
    "location", "description", "deaths", "serious_injuries", "direct_loss", "found_on", "reported_at",
    "rectification", "rectified_on", "experts", "expert_grade",
]


def _locked(report: HazardReport) -> HazardReport:
    return HazardReport.objects.select_for_update().get(pk=report.pk)


# --- HAZ-REPORT: the clerk's entry ----------------------------------------------------------------

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
    if creating:
        report.created_by = by
        if not report.union_id:
            report.union = by.organisation.system_union or by.organisation
        require(may.can_edit_report(by, report))
        report.save()
    else:
        locked = _locked(report)
        require(may.can_edit_report(by, locked))
        report.save(update_fields=[*REPORT_FIELDS, "updated_at"])
    if members is not None:
        report.members.all().delete()
        FinderMember.objects.bulk_create(
            [FinderMember(report=report, name=name, position=pos) for name, pos in members if name]
        )
    attach_staged(list(photo_ids), owner=report, by=by)
    attach_staged(list(scan_ids), owner=report, by=by)
    if creating:
        record_change(report, actor=by, action="新建隐患报告", to_state=ReportState.DRAFT.label)
    elif locked.status == ReportState.READY:
        move(report, "edit_again", by=by, comment="填报完成后再次修改")
    return report


def report_complete(*, report: HazardReport, by: User) -> HazardReport:
    """Draft → ready for the application, when nothing required is missing (HAZ-REPORT, -EXCLUDE, -RECTIFIED)."""
    return move(report, "complete", by=by)


# --- HAZ-SCHEME: a union's own scheme, and the scheme a report is entered into -------------------------

SCHEME_FIELDS = ("name", "amount_1", "amount_2", "amount_3", "deadline_month", "deadline_day", "fund_source",
                 "fund_note", "verifier", "pays_if_rewarded_elsewhere")


def _shown(scheme: Scheme, name: str) -> str:
    value = getattr(scheme, name)
    if name.startswith("amount_"):
        return format_yuan(value)
    if name in ("fund_source", "verifier"):
        return getattr(scheme, f"get_{name}_display")()
    if name == "pays_if_rewarded_elsewhere":
        return "可以" if value else "不再奖励"
    return str(value)


def _scheme_problems(scheme: Scheme) -> dict[str, str]:
    problems = {}
    if not (scheme.name or "").strip():
        problems["name"] = "请填写奖励办法名称。"
    for grade, label in ((1, "一级"), (2, "二级"), (3, "三级")):
        amount = getattr(scheme, f"amount_{grade}")
        if amount is None or not isinstance(amount, Decimal) or amount <= 0:
            problems[f"amount_{grade}"] = f"请填写{label}事故隐患的奖励金额（大于零的金额，单位：元）。"
        elif amount != amount.quantize(Decimal("0.01")):
            problems[f"amount_{grade}"] = "金额最多保留两位小数（到分）。"
    refusal = deadline_refusal(scheme.deadline_month, scheme.deadline_day)
    if refusal:
        problems["deadline_day"] = refusal
    return problems


@transaction.atomic
def scheme_save(*, scheme: Scheme, by: User) -> Scheme:
    """HAZ-SCHEME (《奖励办法》第十一条): set up or change a union's own scheme (or the city's amounts). Every
    change is recorded in the scheme's history with the values before and after; rewards already paid keep
    their amounts, unpaid ones follow the scheme when they are settled."""
    creating = scheme.pk is None
    if creating:
        require(may.can_create_scheme(by))
        scheme.union = by.organisation
        scheme.is_city = False
    else:
        before = Scheme.objects.select_for_update().get(pk=scheme.pk)
        require(may.can_change_scheme(by, before))
    problems = _scheme_problems(scheme)
    if problems:
        raise DomainError("奖励办法还不能保存，请按提示修改。", fields=problems)
    if creating:
        scheme.save()
        record_change(scheme, actor=by, action="设立奖励办法", comment="；".join(
            f"{Scheme._meta.get_field(n).verbose_name}：{_shown(scheme, n)}" for n in SCHEME_FIELDS))
        return scheme
    changed = [n for n in SCHEME_FIELDS if getattr(before, n) != getattr(scheme, n)]
    if not changed:
        return scheme
    scheme.save(update_fields=changed)
    record_change(scheme, actor=by, action="修改奖励办法", comment="；".join(
        f"{Scheme._meta.get_field(n).verbose_name}：{_shown(before, n)} → {_shown(scheme, n)}" for n in changed))
    unpaid = HazardReport.objects.filter(status=ReportState.VERIFIED, scheme=_own(scheme)).select_related(
        "duplicate_group")
    refresh_rewards(unpaid)
    return scheme


def schemes_open_to(union: Organisation | None) -> list[Scheme]:
    """The schemes a report of `union` may be entered into: the city's, and the union's own if it has one."""
    schemes = [Scheme.city()]
    own = Scheme.objects.filter(union=union).first() if union is not None else None
    return [*schemes, own] if own else schemes


@transaction.atomic
def report_set_scheme(*, report: HazardReport, by: User, scheme: Scheme) -> HazardReport:
    """HAZ-SCHEME: enter a report into the city's scheme (the default) or its union's own."""
    report = _locked(report)
    require(may.can_choose_scheme(by, report))
    if scheme.pk not in {s.pk for s in schemes_open_to(report.union)} and not scheme.is_city:
        raise DomainError("只能选择市总工会奖励办法或本工会的奖励办法。", field="scheme")
    own = _own(scheme)
    if report.scheme_id == (own.pk if own else None):
        return report
    before = report.scheme_or_city
    report.scheme = own
    report.save(update_fields=["scheme", "updated_at"])
    record_change(report, actor=by, action="选择奖励办法", from_state=str(before), to_state=str(scheme))
    return report


# --- HAZ-ROUND: the union's application ------------------------------------------------------------

def _own(scheme: Scheme | None) -> Scheme | None:
    """What a round or report stores for a scheme: nothing for the city's (see Round.scheme)."""
    return None if scheme is None or scheme.is_city else scheme


def round_deadline(year: int, scheme: Scheme | None = None) -> datetime:
    """HAZ-ROUND, HAZ-SCHEME: the end of the scheme's deadline day of `year` (the city's: 30 September)."""
    scheme = scheme or Scheme.city()
    return deadline_for(year, scheme.deadline_month, scheme.deadline_day)


def round_as_of(year: int, scheme: Scheme | None = None) -> Round:
    """The round of `year` (of the city's scheme, or a union's own) as it stands, or as it will be (unsaved)
    if nobody has applied to it yet: reading a page never creates it."""
    own = _own(scheme)
    return Round.objects.filter(year=year, scheme=own).first() or Round(
        year=year, scheme=own, deadline=round_deadline(year, scheme))


def current_year(now: datetime | None = None, scheme: Scheme | None = None) -> int:
    """The year of the round a submission now belongs to (of the city's scheme, or a union's own)."""
    scheme = scheme or Scheme.city()
    return round_year_for(now or clock.now(), scheme.deadline_month, scheme.deadline_day)


def current_round(now: datetime | None = None, scheme: Scheme | None = None) -> Round:
    """For reading: the round a submission now belongs to, saved or not."""
    scheme = scheme or Scheme.city()
    return round_as_of(current_year(now, scheme), scheme)


def round_for_year(year: int, scheme: Scheme | None = None) -> Round:
    """The round of `year`, created if needed: a write, for the POST that first needs it."""
    round_, _ = Round.objects.get_or_create(
        year=year, scheme=_own(scheme), defaults={"deadline": round_deadline(year, scheme)})
    return round_


def _open_round(round_: Round) -> Round:
    return round_ if round_.pk is not None else round_for_year(round_.year, round_.scheme if round_.scheme_id else None)


def application_of(union: Organisation, round_: Round) -> Application:
    """The union's application to the round, or the one it would start (unsaved) — for reading."""
    if round_.pk is not None:
        existing = Application.objects.filter(union=union, round=round_).first()
        if existing is not None:
            return existing
    return Application(union=union, round=round_)


@transaction.atomic
def application_for(*, union: Organisation, round_: Round, by: User) -> Application:
    """The union's application to the round, started now if it has none (a write: call it from a POST)."""
    require(may.can_change_application(by, Application(union=union)))
    application, created = Application.objects.get_or_create(union=union, round=_open_round(round_))
    if created:
        record_change(application, actor=by, action="新建申报", to_state=ApplicationState.DRAFT.label)
    return application


@transaction.atomic
def application_add_report(*, application: Application, report: HazardReport, by: User) -> None:
    require(may.can_add_to_application(by, application))
    report = _locked(report)
    if application.status != ApplicationState.DRAFT:
        raise DomainError("申报已报送，不能再加入隐患报告。")
    if report.union_id != application.union_id:
        raise DomainError("只能加入本工会填报的隐患报告。")
    if report.status != ReportState.READY:
        raise DomainError("只有填报完成（待申报）的隐患报告才能加入申报。")
    if report.application_id:
        raise DomainError("该隐患报告已在一份申报中。")
    if report.scheme_id != application.round.scheme_id:
        raise DomainError(f"该隐患报告申请的是{report.scheme_or_city}的奖励，不能加入{application.round}申报。")
    report.application = application
    report.save(update_fields=["application", "updated_at"])
    record_change(report, actor=by, action="加入申报", comment=str(application))


@transaction.atomic
def application_remove_report(*, application: Application, report: HazardReport, by: User) -> None:
    require(may.can_remove_from_application(by, application))
    report = _locked(report)
    if application.status != ApplicationState.DRAFT or report.application_id != application.pk:
        raise DomainError("只能从未报送的申报中移出隐患报告。")
    report.application = None
    report.save(update_fields=["application", "updated_at"])
    record_change(report, actor=by, action="移出申报", comment=str(application))


@transaction.atomic
def application_submit(*, application: Application, by: User, now: datetime | None = None) -> tuple[Application, str]:
    """Submit the application with its reports (H§9). After 30 September it goes to next year's round.

    Returns the application as submitted and a notice (empty when it went to its own round).
    """
    now = now or clock.now()
    require(may.can_submit_application(by, application))
    application = Application.objects.select_for_update().select_related("round").get(pk=application.pk)
    if application.status != ApplicationState.DRAFT:
        raise DomainError(f"{REPEATED}（该申报已报送）")
    notice = ""
    round_ = Round.objects.select_for_update().get(pk=application.round_id)
    if now > round_.deadline or round_.status != RoundState.OPEN:
        scheme = scheme_of(round_)
        target = _open_round(current_round(now, scheme))
        if target.pk == round_.pk or target.status != RoundState.OPEN:
            raise DomainError(f"{round_}已截止，不再受理报送。")
        notice = late_message(round_.year, scheme.deadline_month, scheme.deadline_day)
        existing = Application.objects.select_for_update().filter(union=application.union, round=target).first()
        if existing is not None and existing.status != ApplicationState.DRAFT:
            raise DomainError(f"{notice}但本工会{target}申报已经报送，请联系市总工会生产保护部。")
        if existing is not None:
            application.reports.update(application=existing)
            record_change(application, actor=by, action="报送逾期，隐患报告转入下一年度", comment=notice)
            application = existing
        else:
            old = str(round_)
            application.round = target
            application.save(update_fields=["round"])
            record_change(application, actor=by, action="报送逾期，转入下一年度", from_state=old,
                          to_state=str(target), comment=notice)
    application = move(application, "submit", by=by, submitted_at=now, submitted_by=by)
    return application, notice


# --- Verification (核实) ---------------------------------------------------------------------------

def _group_mates(report: HazardReport) -> list[HazardReport]:
    if report.duplicate_group_id and report.duplicate_group.is_active:
        return list(report.duplicate_group.reports.all())
    return [report]


@transaction.atomic
def report_verify(
    *, report: HazardReport, by: User, reassessed_grade: int | None = None, note: str = ""
) -> HazardReport:
    """Accept a submitted report (核实), optionally with the grade re-assessed by the municipal experts (H§6)."""
    require(may.can_verify(by, report))
    report = _locked(report)
    if report.status != ReportState.SUBMITTED:
        raise DomainError("只有已报送的隐患报告才能核实。")
    if reassessed_grade is not None:
        if int(reassessed_grade) not in GRADE_LABELS:
            raise DomainError("请选择复核等级。", field="reassessed_grade")
        if not note.strip():
            raise DomainError("复核定级请填写专家意见或说明。", field="note", article="H§6")
        before = GRADE_LABELS.get(report.effective_grade, "—")
        report.reassessed_grade = int(reassessed_grade)
        report.reassessment_note = note
        report.save(update_fields=["reassessed_grade", "reassessment_note", "updated_at"])
        record_change(report, actor=by, action="复核定级", from_state=before,
                      to_state=GRADE_LABELS[report.reassessed_grade], comment=note)
    move(report, "verify", by=by, comment=note if reassessed_grade is None else "")
    refresh_rewards(_group_mates(report))
    report.refresh_from_db()
    return report


@transaction.atomic
def report_reject(*, report: HazardReport, by: User, reason: str) -> HazardReport:
    require(may.can_reject(by, report))
    if not reason.strip():
        raise DomainError("请填写未通过的原因。", field="reason")
    report = move(report, "reject", by=by, comment=reason, rejection_reason=reason,
                  reward_amount=Decimal("0.00"), reward_note=reason)
    refresh_rewards(_group_mates(report))
    return report


@transaction.atomic
def report_reopen_verification(*, report: HazardReport, by: User, comment: str = "") -> HazardReport:
    report = move(report, "reopen", by=by, comment=comment, reward_amount=None, reward_note="",
                  rejection_reason="")
    refresh_rewards(_group_mates(report))
    return report


def report_carry_over(*, report: HazardReport, by: User, reason: str) -> HazardReport:
    """HAZ-ROUND (H§9): a report still unverified goes to next year's round, with the reviewer's reason, so
    that this round can be closed and paid. Its union's application stays as it was submitted."""
    require(may.can_carry_over(by, report))
    if not (reason or "").strip():
        raise DomainError("请填写转入下一年度的原因。", field="reason")
    current = report.round
    if current is None:
        raise DomainError("该报告尚未随申报报送。")
    with transaction.atomic():
        target = round_for_year(current.year + 1, current.scheme if current.scheme_id else None)
        return move(report, "carry_over", by=by, comment=f"由{current}转入{target}：{reason.strip()}",
                    carried_to=target)


# --- HAZ-FIRST: duplicate groups -------------------------------------------------------------------

@transaction.atomic
def group_confirm(*, reports: Iterable[HazardReport], by: User, comment: str = "") -> DuplicateGroup:
    """Merge reports of one hazard: the group pays at most one reward, to the earliest finder (H§10)."""
    require(may.can_merge(by))
    reports = list(
        HazardReport.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).order_by("pk")
    )
    if len(reports) < 2:
        raise DomainError("请至少选择两份隐患报告合并。")
    existing = sorted({r.duplicate_group for r in reports if r.duplicate_group_id and r.duplicate_group.is_active},
                      key=lambda g: g.pk)
    group = existing[0] if existing else DuplicateGroup.objects.create(created_by=by, comment=comment)
    ids = sorted({r.pk for r in reports} | {m.pk for g in existing for m in g.reports.all()})
    HazardReport.objects.filter(pk__in=ids).update(duplicate_group=group)
    for other in existing[1:]:  # two groups joined by this merge become one
        move(other, "absorb", by=by, comment=f"并入 {group}")
    move(group, "merge", by=by,
         comment=(comment + "\n" if comment else "") + "合并报告：" + "、".join(f"#{i}" for i in ids))
    for report in HazardReport.objects.filter(pk__in=ids):
        record_change(report, actor=by, action="合并为同一隐患", to_state=str(group), comment=comment)
    return group


def group_name_exception(*, group: DuplicateGroup, report: HazardReport, by: User, reason: str) -> DuplicateGroup:
    """HAZ-FIRST: the first finder cannot be rewarded; the reviewer names another member with a written reason."""
    if not (reason or "").strip():
        raise DomainError("请填写例外理由。", field="reason")
    comment = f"指定 #{report.pk}（{report.finder_display}）：{reason.strip()}"
    return move(group, "name_exception", by=by, comment=comment, exception_report=report,
                exception_reason=reason.strip())


def group_undo(*, group: DuplicateGroup, by: User, comment: str = "") -> DuplicateGroup:
    return move(group, "undo", by=by, comment=comment)


@transaction.atomic
def proposal_dismiss(*, report: HazardReport, other: HazardReport, by: User) -> DuplicateDismissal:
    require(may.can_dismiss_proposal(by, report))
    first, second = sorted((report, other), key=lambda r: r.pk)
    dismissal = DuplicateDismissal.objects.create(first=first, second=second, dismissed_by=by)
    record_change(first, actor=by, action="排除重复建议", comment=f"与 #{second.pk} 不是同一隐患")
    record_change(second, actor=by, action="排除重复建议", comment=f"与 #{first.pk} 不是同一隐患")
    return dismissal


# --- Round close and payout (H§9) ------------------------------------------------------------------

@transaction.atomic
def round_close(*, round_: Round, by: User, now: datetime | None = None) -> Round:
    """Close a verified round and pay it, once: the round row is locked, a second close is refused.
    Each report's payment is a move of its own that checks H§3 and H§7 again at that moment."""
    require(may.can_close_round(by, round_))
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status == RoundState.PAID:
        raise DomainError(f"{locked}奖励已结算发放，不能重复发放。")
    return move(locked, "close", by=by, closed_at=now or clock.now(), closed_by=by)


# --- HAZ-PAYEE: payees, a collective's split, payments -------------------------------------------------

PAYEE_FIELDS = ("name", "id_number", "bank", "branch", "account")
REVEALED = "查看收款人信息"


def payee_problems(rows: list[dict]) -> dict[str, str]:
    """Problems by form field (payee-<n>-<field>), in Chinese, for the fields beside which they are shown."""
    problems: dict[str, str] = {}
    for n, row in enumerate(rows):
        for name in PAYEE_FIELDS:
            if not (row.get(name) or "").strip():
                problems[f"payee-{n}-{name}"] = "请填写。"
        if (row.get("id_number") or "").strip():
            refusal = pay.id_number_refusal(row["id_number"], today=clock.now().date())
            if refusal:
                problems[f"payee-{n}-id_number"] = refusal
        if (row.get("account") or "").strip():
            refusal = pay.account_refusal(row["account"])
            if refusal:
                problems[f"payee-{n}-account"] = refusal
    return problems


@transaction.atomic
def payees_set(*, report: HazardReport, by: User, rows: list[dict]) -> list[Payee]:
    """The people the reward is paid to, as the clerk types them while the report is editable: one for an
    individual finder, one per member for a collective. Refused as a whole, with a message per field."""
    report = _locked(report)
    require(may.can_edit_report(by, report))
    problems = payee_problems(rows)
    if report.finder_kind == FinderKind.INDIVIDUAL and len(rows) > 1:
        problems[""] = "个人发现的隐患只有一位收款人。"
    if problems:
        raise DomainError("收款人信息有误，请按提示修改。", fields=problems)
    report.payees.all().delete()
    payees = Payee.objects.bulk_create([
        Payee(report=report, order=n, name=row["name"].strip(), id_number=pay.normalise_id(row["id_number"]),
              bank=row["bank"].strip(), branch=row["branch"].strip(), account=pay.normalise_account(row["account"]))
        for n, row in enumerate(rows)
    ])
    record_change(report, actor=by, action="填写收款人信息", comment="、".join(p.name for p in payees))
    return payees


@transaction.atomic
def payees_revealed(*, report: HazardReport, by: User) -> list[Payee]:
    """The unmasked payees for the paying finance; the view is recorded in the report's history (HAZ-PAYEE).
    Called from a POST: reading a page never writes."""
    require(may.can_see_payees(by, report))
    payees = list(report.payees.all())
    record_change(report, actor=by, action=REVEALED, comment="、".join(p.name for p in payees))
    return payees


def split_of(report: HazardReport) -> list[tuple[Payee, Decimal]]:
    """Each payee's part of the reward: the latest split if it was made for this amount, else equal parts
    to the fen (payees.equal_split)."""
    payees = list(report.payees.all())
    amount = report.reward_amount or Decimal("0.00")
    # The newest split, also from splits prefetched for many reports at once (the round page, issue 10).
    latest = max(report.splits.all(), key=lambda split: (split.created_at, split.pk), default=None)
    if latest is not None and latest.amount == amount:
        parts = {part.payee_id: part.amount for part in latest.parts.all()}
        if set(parts) == {p.pk for p in payees}:
            return [(p, parts[p.pk]) for p in payees]
    return list(zip(payees, pay.equal_split(amount, len(payees)), strict=True))


@transaction.atomic
def split_set(*, report: HazardReport, by: User, parts: dict[int, Decimal], reason: str = "") -> RewardSplit:
    """A new split of a collective's reward; the parts must add up exactly to the reward (never edited in place)."""
    require(may.can_split_reward(by, report))
    report = _locked(report)
    payees = list(report.payees.all())
    if report.reward_amount is None or report.reward_amount <= 0:
        raise DomainError("该隐患没有奖励金额，无需分配。")
    if Payment.objects.filter(report=report, status__in=LIVE_PAYMENTS).exists():
        raise DomainError("奖励已发出，不能再调整分配。")
    if set(parts) != {p.pk for p in payees}:
        raise DomainError("请为每位成员填写金额。")
    problems = {f"part-{pk}": "金额应大于零。" for pk, amount in parts.items() if amount is None or amount <= 0}
    refusal = pay.split_refusal([parts[p.pk] for p in payees], report.reward_amount)
    if problems or refusal:
        raise DomainError(refusal or "请按提示修改。", fields={**problems, "": refusal} if refusal else problems)
    split = RewardSplit.objects.create(report=report, amount=report.reward_amount, reason=reason, created_by=by)
    SplitPart.objects.bulk_create([SplitPart(split=split, payee=p, amount=parts[p.pk]) for p in payees])
    record_change(report, actor=by, action="调整集体奖励分配",
                  comment="；".join(f"{p.name} {format_yuan(parts[p.pk])}" for p in payees)
                  + (f"（{reason}）" if reason else ""))
    return split


# SYS-CONFIRM: asked by payments_issue (the confirmation page without JavaScript) and by its button's dialog.
ISSUE_CONFIRM = "生成后本批奖励即交银行发放，每笔发放只能确认到账、标记失败或重新发放，不能撤回。"


@transaction.atomic
def payments_issue(*, round_: Round, by: User) -> list[Payment]:
    """Issue a payment to every payee of the round's paid reports who has none yet (the bank batch). A payee
    with a live payment (issued or paid) is skipped: nobody is paid twice."""
    require(may.can_issue_payments(by, round_))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundState.PAID:
        raise DomainError(f"{round_}结算后才能发放。")
    live = set(Payment.objects.filter(round=round_, status__in=LIVE_PAYMENTS).values_list("payee_id", flat=True))
    reports = HazardReport.objects.filter(paid_round=round_, status=ReportState.PAID).order_by("pk")
    due = [(report, payee, amount) for report in reports for payee, amount in split_of(report)
           if payee.pk not in live and amount > 0]
    if due:
        ask(ISSUE_CONFIRM, round_, "生成本批发放")  # SYS-CONFIRM: the batch goes to the bank
    issued = [Payment.objects.create(round=round_, report=report, payee=payee, amount=amount, created_by=by)
              for report, payee, amount in due]
    if issued:
        record_change(round_, actor=by, action="发出奖励（银行批量）",
                      comment=f"{len(issued)} 笔，共 {format_yuan(sum(p.amount for p in issued))}")
    return issued


def reports_without_payees(round_: Round) -> list[HazardReport]:
    return list(HazardReport.objects.filter(paid_round=round_, status=ReportState.PAID, payees__isnull=True))


def payment_confirm(*, payment: Payment, by: User, bank_reference: str) -> Payment:
    return move(payment, "confirm", by=by, comment=f"银行流水号 {bank_reference.strip()}",
                bank_reference=bank_reference.strip())


def payment_fail(*, payment: Payment, by: User, reason: str) -> Payment:
    return move(payment, "fail", by=by, comment=reason, failure_reason=reason.strip()[:300])


@transaction.atomic
def payment_reissue(*, payment: Payment, by: User, comment: str = "") -> Payment:
    """A failed payment gets a new attempt (a new record, issued); the failed one is marked reissued."""
    move(payment, "reissue", by=by, comment=comment)
    return Payment.objects.get(previous=payment)
