"""SYS-SCOPE: the one place that answers "which records may this user see".

Every selector of every app narrows its query through `scope_by_org`, naming the field that holds the
owning organisation. Municipal users (市总工会 and its departments) see everything; everybody else sees
records of their own organisation and of the organisations below it (a system union sees its
grassroots unions). A user without an organisation sees nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Organisation, User


def sees_everything(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id and user.is_municipal)


def _subtree(user: User) -> str | None:
    """The path prefix of the organisations `user` sees: "" for all of them, None for none."""
    if sees_everything(user):
        return ""
    if not (user.is_authenticated and user.is_active and user.organisation_id):
        return None
    return user.organisation.path


def org_filter(user: User, org_field: str) -> Q:
    """A Q that keeps rows whose `org_field` (a FK to Organisation) lies in the user's subtree."""
    path = _subtree(user)
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{org_field}__path__startswith": path}) if path else Q()


def in_scope(user: User, org: Organisation) -> bool:
    """`org_filter` asked of one organisation already loaded (a page that holds the rows needs no query to know
    which it may link to). tests/core/test_scope.py keeps the two equal for every user and organisation."""
    path = _subtree(user)
    return path is not None and org.path.startswith(path)


def orgs_visible_to(user: User) -> QuerySet[Organisation]:
    """The organisations `user` sees, for `field__in=` subqueries: a record owned through two paths (a studio by
    its system union or its unit's grassroots union) is then found on its own table's indexes, not by an OR over
    joined tables that reads every row (issue 10). The same subtree as `org_filter`."""
    path = _subtree(user)
    if path is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(path__startswith=path) if path else Organisation.objects.all()


def scope_by_org(queryset: QuerySet, user: User, org_field: str) -> QuerySet:
    return queryset.filter(org_filter(user, org_field))


def get_visible_or_404(queryset: QuerySet, **lookup):
    """Outsiders get 404, never 403, so that the existence of another union's record is not told."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404("记录不存在或无权查看") from None
