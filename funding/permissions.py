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
    """In whose books a transfer or recovery step is posted (S§13): the system union's or the grassroots
    union's."""
    side = (rules.POSTINGS.get(step) or rules.RECOVERY_POSTINGS[step])[0]
    return {"municipal": grant.system_union.parent, "system": grant.system_union}.get(side, grant.grassroots_union)


# --- the money's way (S§13) and its way back (FUN-FREEZE) --------------------------------------------


def _book_keeper(user: User, book: Organisation, verb: str, what: str = "该环节") -> Decision:
    """Finance of the union whose books take the voucher (or of a union above it)."""
    if not user.has_role(Role.FINANCE):
        return False, f"只有财务人员可以{verb}。"
    if not _covers(user, book):
        return False, f"{what}记在{book}的账簿，您无权{verb}。"
    return True, ""


def can_record_transfer(user: User, grant: Grant, step: str) -> Decision:
    return _book_keeper(user, book_of(grant, step), "记录拨付")


def can_reverse_transfer(user: User, grant: Grant, step: str) -> Decision:
    """Undoing a step (the grant's stage goes back) is reversing its voucher, in that step's books."""
    return _book_keeper(user, book_of(grant, step), "冲销凭证")


def can_record_recovery(user: User, grant: Grant, step: str) -> Decision:
    return _book_keeper(user, book_of(grant, step), "记录资金追回")


def can_keep_chart(user: User, union: Organisation) -> Decision:
    """A union's chart of accounts is kept by finance of that union (or of a union above it)."""
    return _book_keeper(user, union, "修改会计科目", what="该科目表")


def can_reverse_entry(user: User, entry: JournalEntry) -> Decision:
    """A posted voucher is corrected by finance of the union whose books hold it (or a union above it)."""
    return _book_keeper(user, entry.union, "冲销", what="该凭证")


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
