"""The funding pages on a phone (390 px wide): tables scroll sideways instead of breaking words apart."""

import pytest

from tests.funding.factories import fund_fully, make_grant, spend_with_invoice

pytestmark = [pytest.mark.e2e]

# A header cell of a small table on one line is about 33 px high; a wrapped one is 57 px or more.
ONE_LINE = 40


def wrapped_headers(page, test_id: str) -> list[tuple[str, float]]:
    table = page.get_by_test_id(test_id)
    table.wait_for()
    cells = table.evaluate(
        """t => [...t.querySelectorAll('th')].map(c => [c.innerText, c.getBoundingClientRect().height])"""
    )
    return [(text, h) for text, h in cells if h > ONE_LINE]


def test_funding_tables_keep_headers_on_one_line_on_a_phone(login, page, live_server, world):
    grant = fund_fully(world, make_grant(world))
    spend_with_invoice(world, grant)
    union = grant.grassroots_union_id
    page.set_viewport_size({"width": 390, "height": 844})
    login("langchao")
    for path, test_id in [
        (f"/funding/grants/{grant.pk}/", "transfers"),
        (f"/funding/grants/{grant.pk}/", "spendings"),
        ("/funding/", "grant-list"),
        (f"/funding/books/{union}/journal/", "journal"),
        (f"/funding/books/{union}/ledger/", "ledger-102"),
        (f"/funding/books/{union}/trial-balance/", "trial-balance"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert (path, test_id, wrapped_headers(page, test_id)) == (path, test_id, [])
        assert (path, page.evaluate("document.documentElement.scrollWidth")) == (path, 390)
