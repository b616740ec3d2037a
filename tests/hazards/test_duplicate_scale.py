"""HAZ-FIRST at scale: the candidate query reads the (hazard_unit, reported_at) index, is capped per unit in
SQL, and the number of queries does not grow with the table. The timings are in
benchmarks/hazards_duplicates.py and docs/decisions/hazards.md; no test here measures time."""

import random
import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.hazards_duplicates import analyze, explain, make_reports, make_units
from hazards import matching, selectors, services
from hazards.selectors import candidate_reports, duplicate_proposals, open_duplicate_proposals

from .factories import AFTER_DEADLINE, SH, report, submit

pytestmark = pytest.mark.rule("HAZ-FIRST")


INDEX_READ = re.compile(r"(Bitmap Index Scan on|Index Scan using|Index Scan Backward using) hazard_unit_reported_idx")


def test_candidate_query_reads_the_unit_index_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN plans are PostgreSQL's; SQLite runs the query-shape tests below")
    units = make_units(200)
    make_reports(world, units, 20_000, rng=random.Random(5))
    analyze()

    one_unit = explain(candidate_reports([units[7].pk]))
    assert INDEX_READ.search(one_unit), one_unit
    assert f"Index Cond: (hazard_unit_id = {units[7].pk})" in one_unit, one_unit
    assert "Seq Scan on hazards_hazardreport" not in one_unit, one_unit

    some_units = explain(candidate_reports([u.pk for u in units[10:15]]))
    assert INDEX_READ.search(some_units), some_units
    assert "Index Cond: (hazard_unit_id = ANY (" in some_units, some_units
    assert "Seq Scan on hazards_hazardreport" not in some_units, some_units


def test_proposals_take_four_queries_whatever_the_table_holds(world):
    units = make_units(20)
    make_reports(world, units, 400, rng=random.Random(1))
    new = report(world, unit="济南城建集团有限公司")
    report(world, unit="济南城建集团有限公司", state="submitted", location="3号塔吊基础")
    matching.reset_caches()
    matching.load_vocabulary()  # the reviewer's synonyms: one query per process, not per proposal
    with CaptureQueriesContext(connection) as small:
        assert len(duplicate_proposals(new)) == 1
    make_reports(world, units + [new.hazard_unit], 2_000, rng=random.Random(2))
    with CaptureQueriesContext(connection) as large:
        duplicate_proposals(new)
    # dismissals, the unit's aliases with the units of its enterprise and address in one query (HAZ-FIRST,
    # hazards.units; none here, so no query for their reports), candidates, the proposed reports
    assert len(small.captured_queries) == len(large.captured_queries) == 4
    candidates = large.captured_queries[2]["sql"]
    assert f'"hazards_hazardreport"."hazard_unit_id" IN ({new.hazard_unit_id})' in candidates
    assert candidates.endswith(f"LIMIT {selectors.CANDIDATES_PER_UNIT}")


def test_candidates_are_capped_per_unit_in_sql_newest_first(world, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES_PER_UNIT", 3)
    units = make_units(2)
    make_reports(world, units, 40, rng=random.Random(3))
    for unit in units:
        newest = list(
            unit.hazard_reports.exclude(status="draft").order_by("-reported_at").values_list("pk", flat=True)[:3]
        )
        assert [row[0] for row in candidate_reports([unit.pk])] == newest
        assert [row[0] for row in candidate_reports([u.pk for u in units]) if row[1] == unit.pk] == newest


def test_reports_of_a_paid_round_are_no_longer_open_proposals(world, settings):
    """Verified reports that a closed round did not reward stay verified; the reviewer's page stops
    proposing them to each other, but a new report of the same hazard is still compared with them."""
    first = report(world, deaths=0, location="三号塔吊基础", state="verified")
    report(world, deaths=0, location="3号塔吊基础", union="市中区总工会", state="verified")
    assert len(open_duplicate_proposals()) == 1
    services.round_close(round_=first.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    assert open_duplicate_proposals() == []
    settings.HAZARDS_NOW = "2027-03-20T09:00:00+08:00"  # a report found in 2027 is entered in 2027 (SYS-NOBYPASS)
    later = report(world, location="三号塔吊基础", reported_at=datetime(2027, 3, 1, 9, tzinfo=SH))
    assert len(duplicate_proposals(later)) == 2


def test_reviewer_page_goes_through_hazard_units_a_page_at_a_time(world, client_for, monkeypatch):
    from hazards import views

    monkeypatch.setattr(views, "UNITS_PER_PROPOSAL_PAGE", 1)
    tower = report(world, location="三号塔吊基础")
    boiler = report(world, unit="济南二七机车配件厂", location="锅炉房安全阀", description="安全阀锈蚀")
    submit(world, [
        tower, boiler, report(world, location="3号塔吊基础", union="市中区总工会"),
        report(world, unit="济南二七机车配件厂", location="锅炉房 安全阀", description="安全阀严重锈蚀",
               union="市中区总工会"),
    ])
    reviewer = client_for("reviewer")
    pages = [reviewer.get("/hazards/duplicates/", {"page": n}).context for n in (1, 2)]
    units = sorted([tower.hazard_unit_id, boiler.hazard_unit_id])
    assert [{p.report.hazard_unit_id for p in page["proposals"]} for page in pages] == [{units[0]}, {units[1]}]
    assert pages[0]["units"].num_pages == 2
