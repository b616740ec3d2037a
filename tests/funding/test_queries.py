"""N+1 guards: every list-like page makes the same number of queries for 1 row and for 5 (STYLE.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services
from jinan_union.enums import OrgKind
from jinan_union.models import Organisation
from tests.core.test_list_queries import MAX_QUERIES
from tests.core.test_list_queries import queries as page_queries

from .factories import DAY, clerk_of, fund_fully, make_grant, spend_with_invoice


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def spending_rows(world, grant, n):
    """n spendings, each with its invoice, an audit finding on it and a matching fund beside it."""
    for _ in range(n):
        spending = spend_with_invoice(world, grant, "100.00")
        services.finding_raise(grant=grant, spending=spending, text="请补充验收单", by=world.users["auditor"])
        services.matching_record(grant=grant, on=DAY, amount="500.00", source="单位自筹", by=world.users["langchao"])


@pytest.fixture
def grant(world):
    return fund_fully(world, make_grant(world))


@pytest.mark.parametrize("username", ["langchao", "auditor", "lixia", "finance"])
def test_grant_detail_with_1_and_5_spendings(world, client_for, grant, username):
    """Issue 10: the grant page reads each of its lists once, at most 12 queries whoever looks (a system union's
    clerk one more: the menu asks whether its hazard scheme is on)."""
    client, url = client_for(username), reverse("funding:grant-detail", args=[grant.pk])
    spending_rows(world, grant, 1)
    one = queries(client, url)
    spending_rows(world, grant, 4)
    assert queries(client, url) == one
    assert page_queries(client, url) <= MAX_QUERIES + (1 if username == "lixia" else 0)


def test_a_revoked_studios_grant_page_with_its_recovery_steps_stays_within_12_queries(world, client_for, grant):
    from .test_freeze import _revoke
    from .test_recovery import G, S, recover

    spending_rows(world, grant, 2)
    _revoke(world, grant.studio)
    client, url = client_for("finance"), reverse("funding:grant-detail", args=[grant.pk])
    before = page_queries(client, url)
    recover(world, grant, G, user="lixia_finance")
    recover(world, grant, S, user="lixia_finance")
    response = client.get(url)
    assert "追回" in response.content.decode()
    assert page_queries(client, url) == before <= MAX_QUERIES


@pytest.mark.parametrize("username", ["auditor", "lixia_finance"])
def test_finding_list_with_1_and_5_findings_on_spendings(world, client_for, grant, username):
    client, url = client_for(username), reverse("funding:finding-list")
    spending_rows(world, grant, 1)
    one = queries(client, url)
    spending_rows(world, grant, 4)
    assert queries(client, url) == one


@pytest.mark.parametrize("url_name", ["funding:journal", "funding:ledger", "funding:trial-balance"])
def test_grassroots_books_with_1_and_5_spendings(world, client_for, grant, url_name):
    client = client_for("auditor")
    url = reverse(url_name, args=[grant.grassroots_union_id]) + "?date_from="  # the whole life, not this month
    spending_rows(world, grant, 1)
    one = queries(client, url)
    spending_rows(world, grant, 4)
    assert queries(client, url) == one <= 12
    assert queries(client, url + "&page=2") == one


def test_book_list_with_1_and_5_more_unions(world, client_for):
    client, url = client_for("auditor"), reverse("funding:book-list")
    parent = world.system_unions["历下区总工会"]

    def add(n, start):
        for i in range(start, start + n):
            Organisation.objects.create(name=f"新单位{i}工会", kind=OrgKind.GRASSROOTS, parent=parent)

    add(1, 0)
    one = queries(client, url)
    add(4, 1)
    assert queries(client, url) == one


@pytest.mark.parametrize("username", ["finance", "lixia", "langchao"])
def test_grant_list_with_1_and_5_grants_with_spendings(world, client_for, username):
    client, url = client_for(username), reverse("funding:grant-list")
    units = ["山东浪潮通用软件有限公司", "济南历下控股集团有限公司"]

    def add(n, start):
        for i in range(start, start + n):
            g = fund_fully(world, make_grant(world, unit=units[i % 2], name=f"工作室{i}"))
            services.spending_record(
                grant=g, category="training", on=DAY, amount="10.00", payee="培训中心", by=clerk_of(world, g)
            )

    add(1, 0)
    one = queries(client, url)
    add(4, 1)
    assert queries(client, url) == one
