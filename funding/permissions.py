"""Object-level checks the interface explains: (allowed, reason), as Hypha's funds permissions do."""

from jinan_union.enums import Role
from jinan_union.models import User
from jinan_union.scope import sees_everything

from .models import Grant
from .services import book_of


def _covers(user: User, org) -> bool:
    return sees_everything(user) or (bool(user.organisation_id) and org.path.startswith(user.organisation.path))


def can_record_transfer(user: User, grant: Grant, step: str) -> tuple[bool, str]:
    if not user.has_role(Role.FINANCE):
        return False, "只有财务人员可以记录拨付。"
    book = book_of(grant, step)
    if not _covers(user, book):
        return False, f"该环节记入{book}的账簿，您无权记账。"
    return True, ""


def can_record_spending(user: User, grant: Grant) -> tuple[bool, str]:
    if not user.has_role(Role.GRASSROOTS_CLERK):
        return False, "只有基层工会经办人可以登记支出。"
    if user.organisation_id != grant.grassroots_union_id:
        return False, "只有工作室所在单位的基层工会可以登记支出。"
    return True, ""


def can_raise_finding(user: User) -> tuple[bool, str]:
    if not user.has_role(Role.AUDITOR):
        return False, "只有经费审查人员可以提出审查意见。"
    return True, ""
