"""One predicate per action of this app: `can_xxx(user, obj, …) -> (allowed, reason)`.

The same predicate is asked by the move tables (funding/workflows.py, `may=`), by the services (`require()`,
so that no caller can skip it), by the views (403 with the reason), by the templates (a button only when it
holds) and by the admin actions (the refusal reported in Chinese).
"""

from jinan_union.enums import Role
from jinan_union.models import Organisation, User
from jinan_union.scope import sees_everything

from . import rules
from .models import Finding, Grant, JournalEntry

Decision = tuple[bool, str]


def _covers(user: User, org: Organisation | None) -> bool:
    """The user's organisation is `org` or lies above it (the municipal union covers every union)."""
    if org is None or not (user.is_authenticated and user.is_active):
        return False
    return sees_everything(user) or (bool(user.organisation_id) and org.path.startswith(user.organisation.path))


def book_of(grant: Grant, step: str) -> Organisation:
    """In whose books a transfer step is posted (S§13): the system union's or the grassroots union's."""
    return grant.system_union if rules.POSTINGS[step][0] == "system" else grant.grassroots_union


# --- the money's way (S§13) -------------------------------------------------------------------------


def can_record_transfer(user: User, grant: Grant, step: str) -> Decision:
    if not user.has_role(Role.FINANCE):
        return False, "只有财务人员可以记录拨付。"
    book = book_of(grant, step)
    if not _covers(user, book):
        return False, f"该环节记入{book}的账簿，您无权记账。"
    return True, ""


def can_reverse_entry(user: User, entry: JournalEntry) -> Decision:
    """A posted voucher is corrected by finance of the union whose books hold it (or a union above it)."""
    if not user.has_role(Role.FINANCE):
        return False, "只有财务人员可以冲销凭证。"
    if not _covers(user, entry.union):
        return False, f"该凭证记在{entry.union}的账簿，您无权冲销。"
    return True, ""


def can_reverse_transfer(user: User, grant: Grant, step: str) -> Decision:
    """Undoing a step (the grant's stage goes back) is reversing its voucher, in that step's books."""
    if not user.has_role(Role.FINANCE):
        return False, "只有财务人员可以冲销凭证。"
    book = book_of(grant, step)
    if not _covers(user, book):
        return False, f"该环节记在{book}的账簿，您无权冲销。"
    return True, ""


# --- FUN-USE / FUN-MATCH ----------------------------------------------------------------------------


def can_record_spending(user: User, grant: Grant) -> Decision:
    if not user.has_role(Role.GRASSROOTS_CLERK):
        return False, "只有基层工会经办人可以登记支出。"
    if user.organisation_id != grant.grassroots_union_id:
        return False, "只有工作室所在单位的基层工会可以登记支出。"
    return True, ""


def can_record_matching(user: User, grant: Grant) -> Decision:
    if not user.has_role(Role.GRASSROOTS_CLERK):
        return False, "只有基层工会经办人可以登记配套资金。"
    if user.organisation_id != grant.grassroots_union_id:
        return False, "只有工作室所在单位的基层工会可以登记配套资金。"
    return True, ""


# --- FUN-AUDIT --------------------------------------------------------------------------------------


def can_raise_finding(user: User, grant: Grant | None = None) -> Decision:
    if not user.has_role(Role.AUDITOR):
        return False, "只有经费审查人员可以提出审查意见。"
    if grant is not None and not _covers(user, grant.grassroots_union):
        return False, "该资助不在您的审查范围内。"
    return True, ""


def can_answer_finding(user: User, finding: Finding) -> Decision:
    if not user.has_role(Role.FINANCE):
        return False, "只有财务人员可以答复审查意见。"
    if not _covers(user, finding.grant.grassroots_union):
        return False, "该审查意见不在您的范围内。"
    return True, ""


def can_conclude_finding(user: User, finding: Finding) -> Decision:
    """Close an answered finding, or send it back for a better answer: the auditors' call."""
    if not user.has_role(Role.AUDITOR):
        return False, "只有经费审查人员可以关闭或退回审查意见。"
    if not _covers(user, finding.grant.grassroots_union):
        return False, "该审查意见不在您的范围内。"
    return True, ""
