"""A round's page at province scale (issue 10): a city round holds tens of thousands of reports. The page lists
them a page at a time with the one pager (jinan_union/paging.py); its counts, charts, the payment table's union
subtotals and its 合计 come from GROUP BY queries over the round, so they are the whole round's on every page;
the payment table lists its rows only when they fit one page (the sheet has them all). The same few queries
on every page (never one per report)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hazards import services
from hazards.models import HazardReport
from tests.core.test_list_queries import MAX_QUERIES, queries

from .factories import AFTER_DEADLINE, report, submit

pytestmark = [pytest.mark.rule("HAZ-ROUND"), pytest.mark.rule("SYS-SCOPE")]


@pytest.fixture
def paid_round(world, settings):
    items = [report(world, deaths=30, location="甲"), report(world, deaths=3, location="乙"),
             report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=3, location="丙"),
             report(world, union="市中区总工会", unit="济南二七机车配件厂", deaths=0, location="丁")]
    submit(world, items)
    for item in items:
        services.report_verify(report=item, by=world.users["reviewer"])
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    return services.round_close(round_=items[0].application.round, by=world.users["finance"])


def test_the_paid_round_page_is_paged_and_its_sums_are_the_whole_rounds(world, client_for, paid_round,
                                                                        monkeypatch):
    import hazards.views
    import jinan_union.paging

    monkeypatch.setattr(jinan_union.paging, "PER_PAGE", 2)
    monkeypatch.setattr(hazards.views, "PER_PAGE", 2)
    client, url = client_for("finance"), reverse("hazards:round-detail", args=[paid_round.pk])
    first, second = client.get(url), client.get(url, {"page": "2"})
    shown = [[r.pk for r in response.context["page"]] for response in (first, second)]
    everything = list(HazardReport.objects.filter(application__round=paid_round)
                      .order_by("union__path", "reported_at", "pk").values_list("pk", flat=True))
    assert [*shown[0], *shown[1]] == everything and len(shown[0]) == 2  # two pages, in the sheet's order
    for response in (first, second):  # the figures are the round's, whatever the page
        context = response.context
        assert (context["report_count"], context["waiting"], context["paid_count"]) == (4, 0, 3)
        assert context["total"] == Decimal("14000.00") and context["total_capitals"] == "壹万肆仟元整"
        assert [(row[1], row[7]) for row in context["subtotals"]] == [
            ("历下区总工会 小计", Decimal("11000.00")), ("市中区总工会 小计", Decimal("3000.00"))]
        assert [(b.label, b.value) for b in context["reward_chart"]] == [
            ("历下区总工会", Decimal("11000.00")), ("市中区总工会", Decimal("3000.00"))]
        assert [(b.label, b.value) for b in context["grade_chart"]] == [
            ("一级", 1), ("二级", 0), ("三级", 2), ("四级", 1)]
        assert context["rows"] == []  # three paid rows do not fit a page of two: the sheet has them
        page = response.content.decode()
        assert 'data-testid="payment-rows-note"' in page and "共发放 3 项" in page and 'data-testid="pager"' in page
    assert queries(client, url) == queries(client, url, {"page": "2"}) <= MAX_QUERIES


def test_a_small_paid_round_lists_its_payment_rows(world, client_for, paid_round):
    client, url = client_for("finance"), reverse("hazards:round-detail", args=[paid_round.pk])
    response = client.get(url)
    assert [row[7] for row in response.context["rows"]] == [Decimal("8000.00"), Decimal("3000.00"),
                                                             Decimal("3000.00")]
    assert len(response.context["page"]) == 4
    assert queries(client, url) <= MAX_QUERIES


def test_a_small_round_with_collectives_lists_their_members_in_the_same_few_queries(world, client_for, settings):
    from .payee_factories import collective

    items = [collective(world, location="戊", deaths=3, state="ready"),
             collective(world, ("周一", "吴二"), location="己", deaths=30, state="ready"), report(world, deaths=3)]
    submit(world, items)
    for item in items:
        services.report_verify(report=item, by=world.users["reviewer"])
    settings.HAZARDS_NOW = AFTER_DEADLINE.isoformat()
    round_ = services.round_close(round_=items[0].application.round, by=world.users["finance"])
    client, url = client_for("finance"), reverse("hazards:round-detail", args=[round_.pk])
    rows = client.get(url).context["rows"]
    assert [row[2] for row in rows if str(row[2]).startswith("其中：")] == [
        "其中：王强", "其中：李娜", "其中：赵磊", "其中：周一", "其中：吴二"]
    assert sum(row[7] for row in rows if str(row[2]).startswith("其中：")) == sum(
        row[7] for row in rows if row[0]) - Decimal("3000.00")  # the members' parts add up to their rewards
    assert queries(client, url) <= MAX_QUERIES
