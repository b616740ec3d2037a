"""Every paginated list page issues the same number of queries for 1 row and for 5, and at most 12 (SYS-SCOPE:
each list is the scoped selector of its role; jinan_union/paging.py adds a bounded count and one page query)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.funding import factories as funding
from tests.hazards.factories import report
from tests.studios.factories import make_studio, ready_application

pytestmark = pytest.mark.rule("SYS-SCOPE")
MAX_QUERIES = 12


def _reports(world, first, n):
    for i in range(first, first + n):
        report(world, location=f"部位{i}")


def _studios(world, first, n):
    for i in range(first, first + n):
        make_studio(world, name=f"第{i}号技能大师创新工作室")


def _applications(world, first, n):
    for i in range(first, first + n):
        ready_application(world, make_studio(world, name=f"申报{i}号创新工作室"))


def _grants(world, first, n):
    for i in range(first, first + n):
        funding.make_grant(world, name=f"资助{i}号创新工作室")


LISTS = [
    ("hazards:report-list", "reviewer", _reports),
    ("hazards:report-list", "lixia", _reports),
    ("studios:studio-list", "reviewer", _studios),
    ("studios:studio-list", "lixia", _studios),
    ("studios:application-list", "lixia", _applications),
    ("funding:grant-list", "finance", _grants),
    ("funding:grant-list", "langchao", _grants),
]


def _session_bookkeeping(sql: str) -> bool:
    """SESSION_SAVE_EVERY_REQUEST (the two-hour sliding login) saves the session after every request: one UPDATE
    in a savepoint, the same on every page. It is not the page's work, so it is not counted against the 12."""
    return sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) or sql.startswith('UPDATE "django_session"')


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return sum(1 for q in ctx.captured_queries if not _session_bookkeeping(q["sql"]))


@pytest.mark.parametrize(("url_name", "username", "add"), LISTS, ids=[f"{u}-{n}" for u, n, _ in LISTS])
def test_a_list_page_with_1_and_5_rows_issues_the_same_few_queries(world, client_for, url_name, username, add):
    client, url = client_for(username), reverse(url_name)
    add(world, 0, 1)
    one = queries(client, url)
    add(world, 1, 4)
    five = queries(client, url)
    assert five == one <= MAX_QUERIES
    # Sorted and on a later page it stays the same: the sort is an ORDER BY, the page an OFFSET.
    assert queries(client, url, {"sort": "-status" if "report" in url_name else "", "page": "2"}) == one


def test_the_hazard_application_list_with_1_and_3_applications(world, client_for):
    from tests.hazards.factories import submit

    client, url = client_for("reviewer"), reverse("hazards:application-list")
    submit(world, [report(world)])
    one = queries(client, url)
    submit(world, [report(world, union="市中区总工会"), report(world, union="济南市建筑业产业工会",
                                                                   unit="济南城建集团有限公司")])
    assert queries(client, url) == one <= MAX_QUERIES


@pytest.mark.rule("FUN-POSTING")
def test_the_ledgers_of_all_accounts_take_three_queries_whatever_their_number(world, django_assert_num_queries):
    import datetime

    from funding import selectors

    grant = funding.fund_fully(world, funding.make_grant(world))
    for _ in range(3):
        funding.spend_with_invoice(world, grant, "100.00")
    accounts = list(selectors.accounts_of(grant.grassroots_union).filter(parent__isnull=True))
    assert len(accounts) > 2
    whole = selectors.general_ledgers(accounts)
    assert any(ledger.rows for ledger in whole)
    later = max(row.date for ledger in whole for row in ledger.rows) + datetime.timedelta(days=1)
    # The sub-accounts' ids, the opening balances in one aggregate, the period's lines in one query.
    with django_assert_num_queries(3):
        ledgers = selectors.general_ledgers(accounts, later, None)
    for ledger, full in zip(ledgers, whole, strict=True):
        assert ledger.rows == [] and ledger.opening == ledger.closing == full.closing
        assert full.opening + sum(r.debit - r.credit if full.account.debit_normal else r.credit - r.debit
                                  for r in full.rows) == full.closing
