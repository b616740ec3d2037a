"""SYS-STATS: the statistics page's numbers equal the lists they come from, scoped like them; the tables'
exports and the annual summary (.xlsx and PDF)."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from funding.selectors import grants_visible_to, spendings_visible_to
from hazards.enums import ReportState
from hazards.selectors import report_list_for
from jinan_union.hooks import seed_demo
from jinan_union.models import ExportJob
from stats import selectors
from studios.enums import StudioCategory
from studios.filters import StudioFilter
from studios.selectors import studios_visible_to
from tests import sheets

pytestmark = pytest.mark.rule("SYS-STATS")
ZERO = Decimal("0.00")
COUNTED = {ReportState.SUBMITTED, ReportState.VERIFIED, ReportState.REJECTED, ReportState.PAID}


@pytest.fixture
def demo(world):
    seed_demo(world)
    return world


def listed_studios(user, **query) -> int:
    """A count as the studio list shows it, through its own selector and filters."""
    return StudioFilter({k: str(v) for k, v in query.items()}, queryset=studios_visible_to(user)).qs.count()


def listed_reports(user, year):
    """The report list's rows of a year (the round each is verified and paid in), row by row."""
    return [r for r in report_list_for(user).select_related("carried_to", "paid_round")
            if r.status in COUNTED and r.round and r.round.year == year]


def by_key(table):
    return {row[0]: row[1:] for row in table.rows}


def check_year(user, year):
    tables = {t.key: t for t in selectors.tables_for(user, year)}
    # Studios: named that year, by category, as the list filtered by category and naming year counts them.
    category = by_key(tables["studios-category"])
    for value, label in StudioCategory.choices:
        assert category[label][0] == listed_studios(user, naming_year=year, category=value)
    named = sum(row[0] for row in category.values())
    assert named == listed_studios(user, naming_year=year)
    assert sum(row[0] for row in by_key(tables["studios-union"]).values()) == named
    ended = [s for s in studios_visible_to(user) if s.status in ("delisted", "revoked") and s.delisted_on
             and s.delisted_on.year == year]
    assert sum(row[1] for row in category.values()) == len(ended)
    # Hazard reports: by grade, union, outcome and finder, against the list's rows.
    reports = listed_reports(user, year)
    assert sum(r[0] for r in by_key(tables["hazards-grade"]).values()) == len(reports)
    grades = Counter(r.effective_grade_label if r.effective_grade else "未评定" for r in reports)
    assert {k: v[0] for k, v in by_key(tables["hazards-grade"]).items()} == dict(grades)
    assert {k: v[0] for k, v in by_key(tables["hazards-union"]).items()} == dict(Counter(r.union.name for r in reports))
    assert {k: v[0] for k, v in by_key(tables["hazards-outcome"]).items()} == dict(
        Counter(r.get_status_display() for r in reports))
    assert {k: v[0] for k, v in by_key(tables["finders"]).items()} == dict(
        Counter(r.get_finder_kind_display() for r in reports))
    paid = [r for r in report_list_for(user).select_related("paid_round")
            if r.status == ReportState.PAID and r.paid_round.year == year]
    rewards = tables["rewards"]
    assert sum(r[2] for r in rewards.rows) == sum((r.reward_amount for r in paid), ZERO)
    assert sum(r[1] for r in rewards.rows) == len(paid)
    # Money, where the user reads the funding lists.
    if "money" in tables:
        money = by_key(tables["money"])
        grants = [g for g in grants_visible_to(user) if g.studio.naming_year == year]
        assert money["资助资金（当年命名的工作室）"] == [len(grants), sum((g.amount for g in grants), ZERO)]
        spent = [s for s in spendings_visible_to(user) if not s.is_reversed and s.date.year == year]
        assert money["基层工会支出"] == [len(spent), sum((s.amount for s in spent), ZERO)]
    # The trend's row of the year equals the year's own tables.
    trend = by_key(tables["trend"])[f"{year}年"]
    assert trend == [named, len(ended), len(reports), len(paid)]
    return tables


def test_the_pages_numbers_equal_the_lists_for_the_municipal_union(demo):
    this_year = timezone.localdate().year
    reviewer = demo.users["reviewer"]
    for year in (this_year - 1, this_year):
        check_year(reviewer, year)
    assert selectors.hazards_by_union(reviewer, this_year).rows and selectors.rewards_paid(reviewer, this_year).rows
    last = check_year(demo.users["finance"], this_year - 1)
    assert by_key(last["money"])["资助资金（当年命名的工作室）"][0] > 0  # the demo named studios last year


def test_a_system_union_sees_its_own_numbers_only(demo, client_for):
    year = timezone.localdate().year - 1
    lixia = demo.users["lixia"]
    tables = check_year(lixia, year)
    check_year(lixia, year + 1)
    assert {row[0] for row in tables["studios-union"].rows} <= {"历下区总工会"}
    assert {row[0] for row in tables["hazards-union"].rows} <= {"历下区总工会"}
    everyone = sum(r[0] for r in by_key(selectors.studios_by_union(demo.users["reviewer"], year)).values())
    assert everyone > sum(r[0] for r in by_key(tables["studios-union"]).values())
    page = client_for("lixia").get(reverse("stats:index"), {"year": year}).content.decode()
    assert "（历下区总工会）" in page and "市中区总工会" not in page


def test_who_may_open_the_page(demo, client_for):
    assert client_for("langchao").get(reverse("stats:index")).status_code == 403  # a grassroots union
    assert client_for("expert").get(reverse("stats:index")).status_code == 403
    page = client_for("secretary").get(reverse("stats:index")).content.decode()
    assert "资助资金统计仅对可查看资金列表的角色显示" in page  # the secretary does not read the funding lists


def test_the_page_reads_in_a_fixed_number_of_queries_with_each_chart_beside_its_table(demo, client_for):
    client = client_for("finance")
    year = timezone.localdate().year  # the demo's hazard round is this year's, its naming last year's
    with CaptureQueriesContext(connection) as busy:
        page = client.get(reverse("stats:index"), {"year": year}).content.decode()
    with CaptureQueriesContext(connection) as quiet:
        client.get(reverse("stats:index"), {"year": 2016})
    assert len(busy) == len(quiet) <= 30  # one query per table (and per trend series), however many rows
    for key in ("studios-category", "money", "hazards-grade", "hazards-union", "hazards-outcome", "rewards",
                "finders", "trend", "trend-money"):
        assert f'data-chart="chart-{key}"' in page and f'id="chart-{key}"' in page
        assert f'data-testid="table-{key}"' in page
    assert "<script>" not in page  # data only through json_script (CSP)


def _export_rows(client, name, query):
    response = client.post(reverse("export-start", kwargs={"name": name}) + f"?{query}")
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302 and job.status == "done", job.error
    download = client.get(reverse("export-download", kwargs={"uuid": job.uuid}))
    return sheets.read(download)


def test_each_table_exports_what_it_shows(demo, client_for):
    year = timezone.localdate().year - 1
    finance = demo.users["finance"]
    for key in ("studios-category", "money", "rewards"):
        table = selectors.table_for(finance, year, key)
        read = _export_rows(client_for("finance"), "stats-table", f"table={key}&year={year}")
        assert list(read.header) == [c.label for c in table.columns]
        expected = [list(r) for r in [*table.rows, *table.footer]]
        assert [list(r) for r in read.rows[: len(expected)]] == expected
        # The office layout may add its 合计 row under a table that lists amounts (jinan_union/exporter.py).
        assert all(r[0] == "合计" for r in read.rows[len(expected):])
    # A money table is not the secretary's, and an unknown table is nobody's.
    client = client_for("secretary")
    client.post(reverse("export-start", kwargs={"name": "stats-table"}) + f"?table=money&year={year}")
    assert ExportJob.objects.latest("pk").status != "done"


def test_the_annual_summary_as_xlsx_and_pdf(demo, client_for):
    year = timezone.localdate().year - 1
    client = client_for("finance")
    response = client.get(reverse("stats:annual-xlsx"), {"year": year})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"{year}年度创新工作室与隐患奖励工作总结数据"
    tables = {t.key: t for t in selectors.tables_for(demo.users["finance"], year)}
    granted = by_key(tables["money"])["资助资金（当年命名的工作室）"]
    assert [f"{year}年度资助资金", "资助资金（当年命名的工作室）", "金额", None, granted[1]] in rows
    assert [f"{year}年度资助资金", "资助资金（当年命名的工作室）", "笔数", granted[0], None] in rows
    named = by_key(tables["studios-category"])["技术创新型"][0]
    assert [f"{year}年度创新工作室（按类别）", "技术创新型", "当年市级命名", named, None] in rows
    pdf = client.get(reverse("stats:annual-pdf"), {"year": year})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert f"{year}年度创新工作室与隐患奖励工作总结数据" in text
    assert f"{year}年度资助资金" in text and f"¥{granted[1]:,.2f}" in text
    assert f"{year}年度事故隐患报告（按等级）" in text
