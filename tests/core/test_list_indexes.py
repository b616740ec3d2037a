"""Each list page's main query (its rows, in its default order, as its role sees it) can be served by an index:
EXPLAIN on PostgreSQL with sequential scans and sorts priced out (the test tables are tiny, so without that the
planner would rightly scan and sort them; a plan that still sorts means no index serves the order). Skipped on
SQLite. The indexes are in the apps' `list_indexes` migrations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding import services as funding_services
from tests.funding import factories as funding
from tests.hazards.factories import report
from tests.studios.factories import make_studio, ready_application

pytestmark = [
    pytest.mark.rule("SYS-SCOPE"),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="EXPLAIN plans are checked on PostgreSQL only"),
]

CASES = [
    # url, user, query string, the list's table, the index its plan must use
    ("hazards:report-list", "reviewer", {}, "hazards_hazardreport", "hazard_list_order_idx"),
    ("hazards:report-list", "reviewer", {"sort": "-created"}, "hazards_hazardreport", "hazard_list_order_idx"),
    ("hazards:report-list", "lixia", {}, "hazards_hazardreport", "hazard_"),
    ("hazards:report-list", "reviewer", {"status": "ready"}, "hazards_hazardreport", "hazard_status_list_idx"),
    ("studios:studio-list", "reviewer", {"sort": "name"}, "studios_studio", "studio_name_idx"),
    # By system union then name: on the tiny test tables the planner reaches the studios through one of several
    # indexes (studio_union_name_idx on the province data); what is checked is that the rows come presorted from
    # this table's own column (below), never sorted after a join to the unions' paths.
    ("studios:studio-list", "reviewer", {}, "studios_studio", ""),
    ("studios:studio-list", "reviewer", {"sort": "-union", "page": "2"}, "studios_studio", ""),
    # A system union's studios: its own or its units' (scope.orgs_visible_to), still in the index's order.
    ("studios:studio-list", "lixia", {}, "studios_studio", ""),
    ("studios:application-list", "reviewer", {}, "studios_application", "studio_app_list_order_idx"),
    ("funding:grant-list", "finance", {}, "funding_grant", "grant_list_order_idx"),
    ("funding:finding-list", "auditor", {}, "funding_finding", "finding_list_order_idx"),
]


@pytest.fixture
def rows(world):
    report(world)
    ready_application(world, make_studio(world, name="索引测试创新工作室"))
    grant = funding.fund_fully(world, funding.make_grant(world, name="资助索引创新工作室"))
    spending = funding.spend_with_invoice(world, grant, "100.00")
    funding_services.finding_raise(grant=grant, spending=spending, text="请补充验收单", by=world.users["auditor"])


def _rows_query(captured, table):
    for query in captured:
        sql = query["sql"]
        if sql.startswith(f'SELECT "{table}"."id"') and "ORDER BY" in sql and "LIMIT" in sql:
            return sql
    raise AssertionError(f"no page query on {table}")


@pytest.mark.parametrize(("url_name", "username", "params", "table", "index"), CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CASES])
def test_the_list_query_plan_uses_an_index(world, client_for, rows, url_name, username, params, table, index):
    client = client_for(username)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(url_name), params).status_code == 200
    sql = _rows_query(ctx.captured_queries, table)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The list's own index exists on its table; on the tiny test tables the planner may reach the rows through it or
    # through another index of the same leading column (studio_app_list_order_idx or the year's own index: equal
    # costs on seven rows). Either way the rows come from an index of this table, in the list's order (below); the
    # province data's plans (docs/performance.md) use the named ones.
    if index:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s", [table, index + "%"])
            assert cursor.fetchone(), f"no index {index}… on {table}"
    # The index gives the order itself: at most a small incremental sort on the pk tie-breaker, over rows that
    # come presorted from this table's index (not from a joined table's order).
    if "Sort Key" in plan:
        assert f"Presorted Key: {table}." in plan, plan
    assert "Index Scan" in plan and table in plan, plan


BOOK_CASES = [
    # the journal of a union for a period (this month by default, or the whole life), paged
    ("funding:journal", {"date_from": "2026-05-01", "date_to": "2026-05-31"}, "funding_journalentry",
     "journal_union_date_idx"),
    ("funding:journal", {"date_from": "", "date_to": "", "page": "2"}, "funding_journalentry",
     "journal_union_date_idx"),
]


@pytest.mark.parametrize(("url_name", "params", "table", "index"), BOOK_CASES, ids=[str(c[1]) for c in BOOK_CASES])
def test_the_book_query_plan_uses_an_index(world, client_for, rows, url_name, params, table, index):
    union = world.units["山东浪潮通用软件有限公司"].grassroots_union
    with CaptureQueriesContext(connection) as ctx:
        assert client_for("auditor").get(reverse(url_name, args=[union.pk]), params).status_code == 200
    sql = _rows_query(ctx.captured_queries, table)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def _plan(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.rule("HAZ-ROUND")
def test_a_rounds_reports_are_found_through_the_reports_own_indexes(world, rows):
    """The round page and the round's close read the round's reports (`in_round`): the reports carried into it
    OR those of its submitted applications, both conditions on the report's own indexed columns (the
    applications' ids read first), never an OR across the application join, which read all 200,000 reports of
    a province. The plan of the tiny test table says nothing, so the query's shape is checked."""
    from hazards.models import HazardReport, in_round
    from tests.hazards.factories import submit

    application = submit(world, [report(world)])[0]
    query = HazardReport.objects.filter(in_round(application.round)).order_by().values("pk").query
    sql, params = query.sql_with_params()
    assert "hazards_application" not in sql, sql
    assert '"hazards_hazardreport"."application_id" IN' in sql, sql
    assert "Seq Scan" not in _plan(sql, params)


@pytest.mark.rule("FUN-POSTING")
def test_the_trial_balance_sums_lines_without_joining_their_entries(world, rows):
    """The trial balance groups a union's lines by account: no join to the entries (their default order would
    bring one in, and a whole-life trial balance of a province's municipal union paid 85 ms for it)."""
    from funding.selectors import trial_balance

    union = world.units["山东浪潮通用软件有限公司"].grassroots_union
    with CaptureQueriesContext(connection) as ctx:
        trial_balance(union)
    grouped = [q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "funding_journalline" in q["sql"]]
    assert grouped and all("funding_journalentry" not in sql for sql in grouped), grouped


@pytest.mark.parametrize(("url_name", "username"), [("studios:studio-list", "reviewer"),
                                                    ("hazards:report-list", "reviewer"),
                                                    ("studios:application-list", "reviewer"),
                                                    ("hazards:report-new", "lixia"),
                                                    ("hazards:unit-new", "lixia"),
                                                    ("manage-user-new", "admin"),
                                                    ("manage-unit-new", "admin"),
                                                    ("manage-org-new", "admin")])
def test_a_list_page_reads_its_filter_choices_in_one_plain_fetch(world, client_for, rows, url_name, username):
    """The record choices of the filters (the unions, the rounds) and of the forms that choose among every unit or
    union (the hazard report's units, a user's union) come from one plain SELECT, drawn by PlainSelect: Django's
    choice iterator reads through a server-side cursor (DECLARE … WITH HOLD) and draws each option through two
    templates (the report form took 390 ms for the 5,000 units of a province; 87 ms now)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client_for(username).get(reverse(url_name)).status_code == 200
    declared = [q["sql"][:120] for q in ctx.captured_queries if q["sql"].startswith("DECLARE")]
    assert declared == []


def test_a_system_unions_studio_list_reads_only_its_studios_on_their_indexes(world, client_for, rows):
    """A system union sees its studios and its units' (two paths): every query of its studio list (the page, the
    count, the charts, the union filter's choices) reaches them through the indexes of the studio's union and unit.
    As an OR of two subqueries PostgreSQL could only scan the whole table, three times a page (9 ms each on the
    province data)."""
    with CaptureQueriesContext(connection) as ctx:
        assert client_for("lixia").get(reverse("studios:studio-list")).status_code == 200
    on_studios = [q["sql"] for q in ctx.captured_queries if '"studios_studio"' in q["sql"] and
                  q["sql"].startswith("SELECT")]
    assert len(on_studios) >= 4
    for sql in on_studios:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "Seq Scan on studios_studio" not in plan, plan
