"""Who may do what in the hazard workflow: one predicate per action, `(user, obj) -> (allowed, reason)`.

The move tables (`may=`), the services (`require(...)`), the views, the templates and the admin actions
all ask these, so no path asks less than the page does. They say who may act on which record; whether the
record's state allows it is the move's business (hazards/workflows.py).
"""

from jinan_union.enums import Role
from jinan_union.scope import sees_everything

from .enums import EDITABLE_STATES

Decision = tuple[bool, str]
OK: Decision = (True, "")

CLERKS_ONLY = "只有系统工会经办人可以修改和报送申报。"
REVIEWER_ONLY = "只有市总工会生产保护部审核人可以核实隐患报告、处理重复隐患。"
FINANCE_ONLY = "只有市总工会财务可以结算发放。"


def _clerk_of(user, union, reason: str = "只有系统工会经办人可以填报隐患报告和申报。") -> Decision:
    """A system union's clerk acting on that union's records."""
    if not (getattr(user, "is_authenticated", False) and user.has_role(Role.SYSTEM_CLERK)):
        return False, reason
    own = user.organisation.system_union if user.organisation_id else None
    if own is None or union is None or own.pk != union.pk:
        return False, "只能办理本工会的隐患报告和申报。"
    return OK


def _municipal(user, role: str, reason: str) -> Decision:
    if getattr(user, "is_authenticated", False) and user.has_role(role) and sees_everything(user):
        return OK
    return False, reason


# --- HAZ-SCHEME: whose staff acts on a record depends on the scheme it belongs to ------------------------

def scheme_for(obj):
    """The scheme of a report, round, application or payment; None for the city's (or no object)."""
    if obj is None:
        return None
    if hasattr(obj, "scheme_id"):  # a report or a round
        if obj.scheme_id:
            return obj.scheme
        return None
    round_ = getattr(obj, "round", None)  # an application or a payment
    return scheme_for(round_) if round_ is not None else None


def _union_staff(user, scheme, role: str, reason: str) -> Decision:
    """The scheme's own union's staff holding `role` (SYS-SCOPE: that union, not its units, not other unions)."""
    if (getattr(user, "is_authenticated", False) and user.has_role(role)
            and user.organisation_id and user.organisation_id == scheme.union_id):
        return OK
    return False, reason


def _payer(user, obj, role: str, reason: str) -> Decision:
    """The city's rounds are run by the municipal union; a union's own scheme by that union (H§11)."""
    scheme = scheme_for(obj)
    if scheme is None:
        return _municipal(user, role, reason)
    return _union_staff(user, scheme, role, f"只有{scheme.union}的{Role(role).label}可以办理本级奖励办法的此项工作。")


def _verifier(user, obj, reason: str) -> Decision:
    """Who verifies: the municipal reviewer for the city's scheme and for a scheme that asks it to, else the
    union's own reviewer (HAZ-SCHEME)."""
    scheme = scheme_for(obj)
    if scheme is None or scheme.verified_by_municipal:
        return _municipal(user, Role.REVIEWER, reason)
    return _union_staff(user, scheme, Role.REVIEWER, f"本级奖励办法的隐患报告由{scheme.union}的审核人核实。")


# --- the clerk: reports and the union's application ------------------------------------------------

def can_create_report(user, report=None) -> Decision:
    union = user.organisation.system_union if getattr(user, "organisation_id", None) else None
    return _clerk_of(user, union)


def can_edit_report(user, report) -> Decision:
    if report.pk is None:
        return can_create_report(user, report)
    ok, why = _clerk_of(user, report.union)
    if not ok:
        return ok, why
    if report.status not in EDITABLE_STATES:
        return False, "已报送的隐患报告不能再修改。"
    return OK


def can_complete_report(user, report) -> Decision:
    return _clerk_of(user, report.union)


def can_change_application(user, application) -> Decision:
    """Add reports to, or remove them from, the union's application (its state is checked by the service)."""
    return _clerk_of(user, application.union, CLERKS_ONLY)


can_add_to_application = can_change_application
can_remove_from_application = can_change_application


def can_submit_application(user, application) -> Decision:
    return can_change_application(user, application)


def can_submit_report(user, report) -> Decision:
    """A report goes to the round with its union's application."""
    return _clerk_of(user, report.union)


# --- the reviewer (生产保护部): verification and duplicates --------------------------------------------

def can_verify(user, report=None) -> Decision:
    return _verifier(user, report, "只有市总工会生产保护部审核人可以核实隐患报告。")


can_reject = can_verify
can_reopen_verification = can_verify
can_carry_over = can_verify  # HAZ-ROUND: an unverified report goes to the next round, with a reason


def can_merge(user, reports=None) -> Decision:
    return _municipal(user, Role.REVIEWER, "只有生产保护部审核人可以合并重复隐患。")


def can_undo_merge(user, group=None) -> Decision:
    return _municipal(user, Role.REVIEWER, "只有生产保护部审核人可以撤销合并。")


def can_dismiss_proposal(user, report=None) -> Decision:
    return _municipal(user, Role.REVIEWER, "只有生产保护部审核人可以排除重复建议。")


# --- finance: the round's payout ------------------------------------------------------------------------

def can_close_round(user, round_=None) -> Decision:
    return _payer(user, round_, Role.FINANCE, FINANCE_ONLY)


def can_pay(user, report=None) -> Decision:
    """A report is paid only as part of its round's close, by the finance user who closes it."""
    return can_close_round(user, report.round if report is not None else None)


# --- HAZ-PAYEE: payees' personal data and the payments --------------------------------------------------

PAYING_FINANCE_ONLY = "只有发放奖励的市总工会财务可以查看完整的收款人信息和办理发放。"


def can_see_payees(user, report=None) -> Decision:
    """Unmasked ID and account numbers: only the paying union's finance (the municipal finance for the city's
    rounds, the union's own finance for its scheme's); every such view is recorded (services.payees_revealed,
    the bank file)."""
    return _payer(user, report, Role.FINANCE, PAYING_FINANCE_ONLY)


def can_split_reward(user, report=None) -> Decision:
    """The paying finance adjusts a collective's split (the parts still add up to the reward)."""
    return _payer(user, report, Role.FINANCE, PAYING_FINANCE_ONLY)


def can_issue_payments(user, round_=None) -> Decision:
    return _payer(user, round_, Role.FINANCE, PAYING_FINANCE_ONLY)


def can_settle_payment(user, payment=None) -> Decision:
    return _payer(user, payment, Role.FINANCE, PAYING_FINANCE_ONLY)


# --- HAZ-SCHEME: setting up a union's own scheme ------------------------------------------------------------

SCHEME_ADMINS_ONLY = "只有本工会的系统管理员（或负责人）可以设立和修改本级奖励办法。"


def can_create_scheme(user, scheme=None) -> Decision:
    """A system union (区县总工会 must, H§11; 局(委)、大企业、产业工会 where they choose) sets up its own, once."""
    if not (getattr(user, "is_authenticated", False) and user.has_role(Role.ADMIN) and user.organisation_id):
        return False, SCHEME_ADMINS_ONLY
    org = user.organisation
    if org.kind != "system":
        return False, "只有区县总工会和局（委）、大企业、产业工会可以设立本级奖励办法（《奖励办法》第十一条）。"
    from .models import Scheme  # the table, not the organisation's cached relation: it may be stale

    if Scheme.objects.filter(union=org).exists():
        return False, "本工会已设立奖励办法，请修改原办法。"
    return OK


def can_change_scheme(user, scheme) -> Decision:
    """The city's scheme by the municipal administrator; a union's own by that union's administrator."""
    if scheme.is_city:
        return _municipal(user, Role.ADMIN, "只有市总工会系统管理员可以修改市总工会奖励办法。")
    return _union_staff(user, scheme, Role.ADMIN, SCHEME_ADMINS_ONLY)


def can_choose_scheme(user, report) -> Decision:
    """The clerk enters a report into the city's scheme or the union's own, before it joins an application."""
    ok, why = can_edit_report(user, report)
    if not ok:
        return ok, why
    if report.application_id:
        return False, "已加入申报的隐患报告不能再改奖励办法，请先移出申报。"
    return OK


# --- SYS-IMPORT: rewards paid before the system ------------------------------------------------------------------

def can_import_rewards(user, obj=None) -> Decision:
    """Past rewards are recorded from the archive by the production-protection department, whose duplicate
    search (HAZ-FIRST) needs them."""
    return _municipal(user, Role.REVIEWER, "只有市总工会生产保护部审核人可以补录往年已发放的隐患奖励。")


def can_add_unit(user, unit=None) -> Decision:
    """Issue 11: a clerk adds a hazard unit missing from the list, under the clerk's own system union."""
    union = user.organisation.system_union if getattr(user, "organisation_id", None) else None
    if unit is not None and union is not None and unit.system_union_id != union.pk:
        return False, "只能为本工会所属单位新增记录。"
    return _clerk_of(user, union, "只有系统工会经办人可以新增隐患单位。")
