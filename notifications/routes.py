"""SYS-NOTIFY: who must act next after a move, computed from the object as it is after the move.

One line per (model, move) that hands work to someone. A pair that is not in the table notifies nobody, so
an app may add or rename moves without breaking anything here; adjust the table when it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jinan_union.enums import OrgKind, Role
from jinan_union.models import Organisation, User

Recipients = Callable[[object], Iterable[User]]


@dataclass(frozen=True)
class Route:
    who: Recipients
    ask: str | Callable[[object], str] = ""

    def ask_for(self, obj) -> str:
        return self.ask(obj) if callable(self.ask) else self.ask


# --- who: each returns the active users holding a role, where the object says ---------------------------------


def holders(role: str, orgs: Iterable[Organisation | None]) -> list[User]:
    ids = [org.pk for org in orgs if org is not None]
    users = User.objects.filter(is_active=True, organisation_id__in=ids).order_by("pk")
    return [u for u in users if role in u.roles]


def municipal(role: str) -> list[User]:
    users = User.objects.filter(is_active=True, organisation__kind__in=(OrgKind.MUNICIPAL, OrgKind.DEPARTMENT))
    return [u for u in users.order_by("pk") if role in u.roles]


def reviewers(obj) -> list[User]:
    return municipal(Role.REVIEWER)


def secretaries(obj) -> list[User]:
    return municipal(Role.SECRETARY)


def municipal_finance(obj) -> list[User]:
    return municipal(Role.FINANCE)


def applying_clerks(application) -> list[User]:
    """The clerks of the system union that applied (studios.Application)."""
    return holders(Role.SYSTEM_CLERK, [application.studio.system_union])


def unit_clerks(studio) -> list[User]:
    """The grassroots clerks of the studio's unit (studios.Studio)."""
    return holders(Role.GRASSROOTS_CLERK, [studio.work_unit.grassroots_union])


def _next_step(grant):
    from funding.enums import TRANSFER_ORDER, GrantStage

    index = list(GrantStage.values).index(grant.stage)  # 待拨付 → the first step, …, 基层工会已收到 → none
    return TRANSFER_ORDER[index] if index < len(TRANSFER_ORDER) else None


def book_finance(grant, step) -> list[User]:
    """The finance users of the union whose books take `step` of the grant's money (S§13, FUN-FREEZE)."""
    from funding.permissions import book_of

    if step is None:
        return []
    book = book_of(grant, step)
    # The municipal union's books are kept by its finance department (财务部).
    return municipal(Role.FINANCE) if book.kind == OrgKind.MUNICIPAL else holders(Role.FINANCE, [book])


def next_book_finance(grant) -> list[User]:
    """The finance users of the union whose books take the grant's next step (S§13)."""
    return book_finance(grant, _next_step(grant))


def _next_recovery(obj):
    """FUN-FREEZE: a frozen grant (of a de-listed or revoked studio, or of a recovery step just recorded) and
    the next step of its way back."""
    from funding.selectors import next_recovery

    grant = getattr(obj, "grant", None)
    return grant, next_recovery(grant) if grant is not None else None


def recovery_finance(obj) -> list[User]:
    grant, following = _next_recovery(obj)
    return book_finance(grant, following[0]) if following else []


def recovery_ask(obj) -> str:
    from funding.enums import RecoveryStep
    from jinan_union.money import format_yuan

    step, amount = _next_recovery(obj)[1] or ("", None)
    if not step:
        return ""
    return f"请在本工会账簿中记录结余资金追回的下一环节：“{RecoveryStep(step).label}”，{format_yuan(amount)}。"


def frozen(ask: str) -> Route:
    """A de-listed or revoked studio: its unit's clerks read the decision; the finance users whose books take
    the first step of the frozen grant's way back are asked to record it."""
    return Route(lambda studio: unit_clerks(studio) + recovery_finance(studio),
                 lambda studio: " ".join(filter(None, (ask, recovery_ask(studio)))))


def next_step_ask(grant) -> str:
    step = _next_step(grant)
    return f"请在本工会账簿中记录下一环节：“{step.label}”。" if step else ""


def answering_finance(finding) -> list[User]:
    """A finding is answered by the finance of the grassroots union that holds the custody funds; where that
    union has no finance user yet, by its system union's."""
    grant = finding.grant
    return holders(Role.FINANCE, [grant.grassroots_union]) or holders(Role.FINANCE, [grant.system_union])


def raiser(finding) -> list[User]:
    return [finding.raised_by] if finding.raised_by.is_active else []


def report_union_clerks(report) -> list[User]:
    return holders(Role.SYSTEM_CLERK, [report.union])


def hazard_verifiers(application) -> list[User]:
    """HAZ-SCHEME: an application to the city's round goes to the municipal reviewers; to a union's own
    scheme's round, to whoever that scheme says verifies (the union's own reviewers, or the municipal ones)."""
    from hazards.permissions import scheme_for

    scheme = scheme_for(application)
    if scheme is None or scheme.verified_by_municipal:
        return municipal(Role.REVIEWER)
    return holders(Role.REVIEWER, [scheme.union])


def paying_finance(payment) -> list[User]:
    """HAZ-PAYEE: the finance of the union that pays the round (the municipal one for the city's rounds)."""
    from hazards.permissions import scheme_for

    scheme = scheme_for(payment)
    return municipal(Role.FINANCE) if scheme is None else holders(Role.FINANCE, [scheme.union])


def exception_clerks(group) -> list[User]:
    """HAZ-FIRST: the clerks of the union whose report the reviewer named as the exception."""
    named = group.exception_report
    return holders(Role.SYSTEM_CLERK, [named.union]) if named is not None else []



def showcase_proposer(showcase) -> list[User]:
    """The clerk who proposed a studio's public showcase (studios.Showcase)."""
    return [showcase.created_by] if showcase.created_by.is_active else []


GRANT_STEPS = ("municipal_pays", "system_receives", "system_passes_on", "grassroots_receives")
TO_CLERK = "请查看原因；如需修改，请按意见修改后再次提交。"

# fmt: off
ROUTES: dict[tuple[str, str], Route] = {
    # (model label, move)                       who must act next     what they are asked to do
    ("studios.application", "submit"):     Route(reviewers,          "请审核该申报。"),
    ("studios.application", "return"):     Route(applying_clerks,    "请按退回意见修改后再次提交。"),
    ("studios.application", "reject"):     Route(applying_clerks,    "申报未通过审核，请查看原因。"),
    ("studios.application", "decline"):    Route(applying_clerks,    "会议未审定通过，请查看原因。"),
    ("studios.application", "disqualify"): Route(applying_clerks,    "申报被取消资格，请查看原因。"),
    ("studios.application", "recommend"):  Route(secretaries,        "请列入命名批次，提交党组会/主席办公会审定。"),
    ("studios.studio", "name"):            Route(municipal_finance,  "工作室已市级命名，请办理一次性资助资金的拨付。"),
    ("studios.studio", "rectify"):         Route(unit_clerks,        "抽查未达到要求，请在整改期限前完成整改。"),
    ("studios.studio", "recheck_failed"):  Route(secretaries,        "整改复查不达标，请提交会议审定摘牌并发文。"),
    ("studios.studio", "overdue"):         Route(secretaries,        "整改期限已过未复查，请提交会议审定摘牌并发文。"),
    ("studios.studio", "delist"):          frozen("工作室已摘牌，资助资金已冻结，请查看决定。"),
    ("studios.studio", "revoke"):          frozen("工作室已撤销命名并通报批评，资助资金将追回。"),
    ("studios.studio", "keep"):            Route(unit_clerks,        "会议决定保留该工作室，请查看决定。"),
    ("studios.studio", "assessment_failed"): Route(reviewers,        "年度考核不合格、已限期整改，请到期前复查。"),
    ("studios.showcase", "submit"):        Route(reviewers,          "请审核工作室的公开展示内容。"),
    ("studios.showcase", "return"):        Route(showcase_proposer,  "公开展示内容被退回，请按意见修改后重新提交。"),
    ("studios.showcase", "withdraw"):      Route(showcase_proposer,  "公开展示内容已撤下，请查看原因。"),
    **{("funding.grant", step): Route(next_book_finance, next_step_ask) for step in GRANT_STEPS},
    **{("funding.grant", f"undo_{step}"): Route(next_book_finance, next_step_ask) for step in GRANT_STEPS},
    ("funding.recovery", "record"):        Route(recovery_finance,   recovery_ask),
    ("funding.finding", "raise"):          Route(answering_finance,  "请答复审查意见。"),
    ("funding.finding", "send_back"):      Route(answering_finance,  "答复被退回，请重新答复审查意见。"),
    ("funding.finding", "answer"):         Route(raiser,             "财务已答复，请审阅后关闭或退回。"),
    ("hazards.application", "submit"):     Route(hazard_verifiers,   "请核实本申报的隐患报告。"),
    ("hazards.hazardreport", "reject"):    Route(report_union_clerks, TO_CLERK),
    ("hazards.hazardreport", "carry_over"): Route(report_union_clerks,
                                                "该隐患报告转入下一年度核实，核实通过后随下一年度奖励发放。"),
    ("hazards.payment", "fail"):           Route(paying_finance,
                                                "该笔奖励发放失败，请核对收款人的开户银行和账号后重新发放。"),
    ("hazards.duplicategroup", "name_exception"): Route(exception_clerks,
                                                "审核人指定本工会报告的发现人为该隐患的获奖人，请核对收款人信息。"),
}
# fmt: on

# The page each model's notifications link to.
LINKS = {
    "studios.application": "studios:application-detail",
    "studios.studio": "studios:studio-detail",
    "studios.showcase": "studios:showcase-detail",
    "funding.grant": "funding:grant-detail",
    "funding.finding": "funding:finding-detail",
    "funding.recovery": ("funding:grant-detail", lambda recovery: recovery.grant_id),
    "hazards.application": "hazards:application-detail",
    "hazards.hazardreport": "hazards:report-detail",
    "hazards.round": "hazards:round-detail",
    # Not the object's own page: a payment is handled on its round's payments page, and the clerk told of an
    # exception reads the named report (the group page is the reviewer's).
    "hazards.payment": ("hazards:round-payments", lambda payment: payment.round_id),
    "hazards.duplicategroup": ("hazards:report-detail", lambda group: group.exception_report_id),
}


def route_for(model, name: str) -> Route | None:
    return ROUTES.get((model._meta.label_lower, name))


def link_for(obj) -> str:
    from django.urls import NoReverseMatch, reverse

    url_name, pk = LINKS.get(obj._meta.label_lower), obj.pk
    if isinstance(url_name, tuple):
        url_name, pk = url_name[0], url_name[1](obj)
    if url_name:
        try:
            return reverse(url_name, kwargs={"pk": pk})
        except NoReverseMatch:
            pass
    return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
