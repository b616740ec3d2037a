"""The one pagination and sorting mechanism (jinan_union/paging.py) on the hazard report list, the deepest list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from hazards.exports import ReportsExport
from jinan_union import paging
from tests.hazards.factories import report

pytestmark = pytest.mark.rule("SYS-SCOPE")


@pytest.fixture
def reports(world):
    # Three of 历下, two of 市中: distinct rewards are not needed, the primary key breaks ties.
    return [report(world, location=f"部位{n}") for n in range(3)] + [
        report(world, union="市中区总工会", unit="济南城建集团有限公司",
               location=f"市中部位{n}") for n in range(2)
    ]


def test_page_links_keep_the_filters_and_the_sort(world, client_for, reports, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    lixia = world.system_unions["历下区总工会"].pk
    response = client_for("reviewer").get(reverse("hazards:report-list"), {"union": lixia, "sort": "created"})
    page = response.context["page"]
    assert page.total_label == "共3条" and page.num_pages == 2
    assert [r.location for r in page] == ["部位0", "部位1"]
    query = parse_qs(urlsplit(page.next_url).query)
    assert query == {"union": [str(lixia)], "sort": ["created"], "page": ["2"]}
    second = client_for("reviewer").get(reverse("hazards:report-list") + page.next_url).context["page"]
    assert [r.location for r in second] == ["部位2"]
    assert "共3条" in response.content.decode()


def test_the_count_is_capped_and_deep_pages_are_clamped(world, client_for, reports, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    page = client_for("reviewer").get(reverse("hazards:report-list"), {"page": "999"}).context["page"]
    assert page.capped and page.total_label == "共超过3条"
    assert page.num_pages == 2 and page.number == 2  # never an OFFSET past the cap
    assert len(page.rows) == 1


@pytest.mark.parametrize("sort", ["", "union", "-union", "status", "-created"])
def test_a_deep_page_reads_its_ids_first_and_shows_the_same_rows_in_the_same_order(
        world, client_for, reports, monkeypatch, sort):
    """Past DEFERRED_FROM a page finds its rows' ids on the order's index, then reads those rows (issue 10): the
    same rows in the same order as the plain OFFSET gives, whatever the sort, with the row's annotations."""
    monkeypatch.setattr(paging, "PER_PAGE", 2)
    url, client = reverse("hazards:report-list"), client_for("reviewer")
    shallow = [[r.pk for r in client.get(url, {"sort": sort, "page": n}).context["page"]] for n in (1, 2, 3)]
    monkeypatch.setattr(paging, "DEFERRED_FROM", 1)
    deep = [client.get(url, {"sort": sort, "page": n}).context["page"] for n in (1, 2, 3)]
    assert [[r.pk for r in page] for page in deep] == shallow
    assert sum(shallow, []) and sorted(sum(shallow, [])) == sorted(r.pk for r in reports)
    assert "部位" in client.get(url, {"sort": sort, "page": 3}).content.decode()


def test_an_unknown_sort_key_falls_back_to_the_default_order(world, client_for, reports):
    page = client_for("reviewer").get(reverse("hazards:report-list"), {"sort": "finder_id_card"}).context["page"]
    assert [r.pk for r in page] == sorted((r.pk for r in reports), reverse=True)


def test_sorting_by_a_header_toggles_the_direction(world, client_for, reports):
    page = client_for("reviewer").get(reverse("hazards:report-list"), {"sort": "union", "page": "1"}).context["page"]
    assert parse_qs(urlsplit(page.sort_url("union")).query) == {"sort": ["-union"]}
    assert parse_qs(urlsplit(page.sort_url("status")).query) == {"sort": ["status"]}
    assert page.sort_state("union") == "asc"


def test_the_export_has_exactly_the_filtered_and_sorted_rows_of_the_list(world, client_for, reports):
    params = {"sort": "-union"}
    listed = [r.pk for r in client_for("reviewer").get(reverse("hazards:report-list"), params).context["page"]]
    exported = [row[0] for row in ReportsExport(world.users["reviewer"], params).rows()]
    assert exported == listed
    lixia = {"union": str(world.system_unions["历下区总工会"].pk), "sort": "created"}
    exported = [row[0] for row in ReportsExport(world.users["reviewer"], lixia).rows()]
    assert exported == [r.pk for r in reports[:3]]


def test_the_export_of_an_unfiltered_list_keeps_the_default_order(world, reports):
    exported = [row[0] for row in ReportsExport(world.users["reviewer"], {}).rows()]
    assert exported == sorted((r.pk for r in reports), reverse=True)
