"""The journal and the ledger show this month unless a period is chosen (issue 10: a municipal union's books hold
tens of thousands of entries); both dates present and empty mean the whole life of the books. The page and its
exports apply the same default."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from funding.forms import this_month_by_default

from .factories import fund_fully, make_grant

pytestmark = pytest.mark.rule("FUN-POSTING")


def test_no_date_means_this_month_and_a_chosen_period_is_kept():
    today = timezone.localdate()
    params = this_month_by_default(QueryDict("account=3"))
    assert params["date_from"] == today.replace(day=1).isoformat()
    last = datetime.date.fromisoformat(params["date_to"])
    assert (last.year, last.month) == (today.year, today.month) and (last + datetime.timedelta(days=1)).day == 1
    assert params["account"] == "3"
    assert this_month_by_default(QueryDict("date_from=")) == QueryDict("date_from=")
    assert this_month_by_default(QueryDict("date_to=2026-05-01"))["date_to"] == "2026-05-01"


@pytest.mark.parametrize("url_name", ["funding:journal", "funding:ledger"])
def test_the_books_open_on_this_month_and_the_whole_life_on_request(world, client_for, url_name):
    grant = fund_fully(world, make_grant(world))  # entries dated May 2026 (tests/funding/factories.DAY)
    client = client_for("auditor")
    url = reverse(url_name, args=[grant.grassroots_union_id])
    default = client.get(url)
    first = timezone.localdate().replace(day=1)
    assert default.context["form"]["date_from"].value() == first.isoformat()
    whole = client.get(url + "?date_from=&date_to=")
    if url_name == "funding:journal":
        in_may = [e for e in whole.context["entries"] if e.date.month == 5]
        assert in_may and not [e for e in default.context["entries"] if e.date.month == 5 and first.month != 5]
        assert "共" in whole.content.decode() and 'data-testid="pager"' in whole.content.decode()
    else:
        assert any(ledger.rows for ledger in whole.context["ledgers"])
        assert first.month == 5 or not any(ledger.rows for ledger in default.context["ledgers"])
