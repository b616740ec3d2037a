"""The report list export reads values, not model instances (issue 10): its cells must still be what the report's
own properties show — finder (集体), the experts', computed and effective grade labels, the state's label, the
amount — for every kind of report, and in the list's order and scope (SYS-SCOPE)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hazards import services
from hazards.enums import ReportState
from hazards.exports import ReportsExport
from hazards.selectors import report_list_for
from jinan_union.paging import ordered

from .factories import report, submit
from .payee_factories import collective, individual

pytestmark = pytest.mark.rule("SYS-SCOPE")


def expected(r, n):
    return [
        r.pk, str(r.union), r.finder_display, str(r.finder_unit or ""), str(r.hazard_unit or ""), r.location,
        r.get_expert_grade_display() or "", r.computed_grade_label, r.effective_grade_label,
        ReportState(r.status).label, r.reward_amount, r.reward_note,
    ]


@pytest.mark.django_db
def test_rows_are_the_reports_as_their_properties_show_them(world):
    items = [individual(world, location="甲处", deaths=3, state="ready"),
             individual(world, "李四", location="丁处", deaths=1, state="ready"),
             collective(world, location="乙处", deaths=10, state="ready")]
    submit(world, items)
    reviewer = world.users["reviewer"]
    services.report_verify(report=items[0], by=reviewer)
    services.report_verify(report=items[1], by=reviewer, reassessed_grade=1, note="复核为一级")
    report(world, union="市中区总工会", unit="济南二七机车配件厂", location="丙处", state="draft", deaths=None,
           expert_grade=2)
    report(world, location="=HYPERLINK(1)", finder_unit=None)
    for username in ("reviewer", "lixia"):
        user = world.users[username]
        exporter = ReportsExport(user, {})
        with CaptureQueriesContext(connection) as queries:
            rows = list(exporter.rows())
        shown = list(ordered(ReportsExport.filterset_class(None, queryset=report_list_for(user))))
        assert rows == [expected(r, n) for n, r in enumerate(shown, 1)]
        assert len(queries) <= 2  # one query for every row (SQLite reads in one; PostgreSQL a cursor)
    assert any("（集体）" in row[2] for row in ReportsExport(world.users["reviewer"], {}).rows())
