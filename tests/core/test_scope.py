"""SYS-SCOPE: the one visibility rule, on organisations' own records and their subtrees."""

import pytest

from jinan_union.models import Organisation, User, WorkUnit
from jinan_union.scope import in_scope, orgs_visible_to, scope_by_org, sees_everything

pytestmark = pytest.mark.rule("SYS-SCOPE")


def visible_units(user):
    return set(scope_by_org(WorkUnit.objects.all(), user, "system_union").values_list("name", flat=True))


def test_system_clerk_sees_only_own_unions_units(world):
    assert visible_units(world.users["lixia"]) == {"山东浪潮通用软件有限公司", "济南历下控股集团有限公司"}
    assert visible_units(world.users["shizhong"]) == {"济南市中区热力有限公司", "济南二七机车配件厂"}


def test_municipal_roles_see_all(world):
    for username in ("reviewer", "secretary", "finance", "auditor", "admin"):
        assert sees_everything(world.users[username])
        assert len(visible_units(world.users[username])) == WorkUnit.objects.count()


def test_grassroots_clerk_sees_only_its_own_union(world):
    user = world.users["langchao"]
    visible = scope_by_org(Organisation.objects.all(), user, "parent")
    assert list(visible) == []  # no organisation is below a grassroots union
    own = scope_by_org(WorkUnit.objects.all(), user, "grassroots_union")
    assert [u.name for u in own] == ["山东浪潮通用软件有限公司"]


def test_user_without_organisation_or_inactive_sees_nothing(world):
    user = world.users["lixia"]
    user.is_active = False
    assert visible_units(user) == set()
    user.is_active = True
    user.organisation = None
    user.organisation_id = None
    assert visible_units(user) == set()


def test_moving_a_system_union_moves_its_subtree(world):
    union = world.system_unions["历下区总工会"]
    grassroots = Organisation.objects.get(name="山东浪潮通用软件有限公司工会")
    assert grassroots.path.startswith(union.path)
    assert grassroots.path == f"{union.path}{grassroots.pk}/"


def test_in_scope_answers_as_the_query_does_for_every_user_and_organisation(world):
    """A page that holds loaded rows asks `in_scope` instead of a query: it must say what `org_filter` says, for
    every demo user against every user's organisation (municipal, system, grassroots)."""
    everyone = list(User.objects.filter(organisation__isnull=False).select_related("organisation"))
    for user in world.users.values():
        by_query = set(scope_by_org(User.objects.all(), user, "organisation").values_list("pk", flat=True))
        assert {u.pk for u in everyone if in_scope(user, u.organisation)} == by_query, user.username
        assert by_query  # every demo user sees at least its own organisation's people


def test_orgs_visible_to_is_the_same_subtree(world):
    """The subquery form of the scope names exactly the organisations `in_scope` (and so `org_filter`) allows."""
    everything = list(Organisation.objects.all())
    for user in world.users.values():
        assert set(orgs_visible_to(user)) == {o for o in everything if in_scope(user, o)}, user.username
