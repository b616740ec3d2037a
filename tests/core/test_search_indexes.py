"""Issue 10, PostgreSQL plans of the lists' remaining slow paths (the pattern of test_list_indexes.py: EXPLAIN with
sequential scans and sorts priced out, since the test tables are tiny):

- the hazard report list's keyword search uses the pg_trgm GIN index of migration hazards 0014 (a keyword of three
  characters or more: pg_trgm has no trigram in a shorter one) — the hazard units matched first, so that every
  condition is on the report's own columns;
- the studio list's default order (the system union's place in the tree, then the name) is read through the
  organisations' path index and the studios' union index, then sorted only within each union (an incremental
  sort), instead of sorting every studio.

The keyword search itself (what it finds) is checked on both databases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.hazards.factories import report
from tests.studios.factories import make_studio

from .test_list_indexes import _rows_query

pytestmark = pytest.mark.rule("SYS-SCOPE")
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="EXPLAIN plans: PostgreSQL only")


def plan_of(client, url, params, table, settings=("enable_seqscan = off", "enable_sort = off")) -> str:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    sql = _rows_query(ctx.captured_queries, table)
    with connection.cursor() as cursor:
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def reports(world):
    return [report(world, location="三号塔吊基础", description="塔吊基础螺栓松动"),
            report(world, location="二号锅炉房", description="锅炉安全阀失效", finder="李安全"),
            report(world, union="市中区总工会", unit="济南二七机车配件厂", location="行车轨道", description="轨道变形")]


@pytest.mark.parametrize(("keyword", "found"), [("塔吊基础", [0]), ("安全阀", [1]), ("李安全", [1]),
                                                ("二七机车", [2]), ("螺栓", [0]), ("不存在的词语", [])])
def test_the_keyword_finds_reports_by_location_description_finder_or_unit(world, client_for, reports, keyword,
                                                                          found):
    page = client_for("reviewer").get(reverse("hazards:report-list"), {"q": keyword})
    assert sorted(r.pk for r in page.context["page"]) == sorted(reports[i].pk for i in found)


@postgresql_only
def test_the_keyword_search_uses_the_trigram_index(world, client_for, reports):
    # Plain index scans priced out instead of the sort: on a table this small, walking the list's order index and
    # filtering every row is cheapest (on 200,000 reports the planner picks the trigram index by itself, a bitmap
    # scan then a top-N sort of the matches: docs/performance.md).
    plan = plan_of(client_for("reviewer"), reverse("hazards:report-list"), {"q": "塔吊基础"}, "hazards_hazardreport",
                   ("enable_seqscan = off", "enable_indexscan = off"))
    assert "hazard_keyword_trgm_idx" in plan, plan


@postgresql_only
@pytest.mark.parametrize("params", [{}, {"page": "2"}])
def test_the_studio_list_default_order_reads_the_studios_own_union_index(world, client_for, params):
    """The default order is (system union id, name) since session 5: the rows come presorted from an index of the
    studio table itself, not from the unions' path after a join."""
    for n in range(3):
        make_studio(world, name=f"排序{n}号创新工作室")
    plan = plan_of(client_for("reviewer"), reverse("studios:studio-list"), params, "studios_studio")
    assert "studios_studio" in plan and "Index Scan" in plan, plan
    assert "Sort" not in plan or "Presorted Key: studios_studio." in plan, plan  # never a sort of every studio
