"""The hazard pages on a phone (390 px wide): tables scroll sideways instead of breaking words apart."""

import pytest

from hazards import services
from tests.hazards.factories import AFTER_DEADLINE, report

pytestmark = [pytest.mark.e2e]

# A header cell of a small table on one line is about 33 px high; a wrapped one is 57 px or more.
ONE_LINE = 40


def tallest_cells(page, test_id: str) -> list[tuple[str, float]]:
    table = page.get_by_test_id(test_id)
    table.wait_for()
    return table.evaluate(
        """t => [...t.querySelectorAll('th')].map(c => [c.innerText, c.getBoundingClientRect().height])"""
    )


def test_hazard_tables_keep_headers_on_one_line_on_a_phone(login, page, live_server, world):
    paid = report(world, deaths=30, finder="锅炉班组", location="二号锅炉房", state="verified")
    services.round_close(round_=paid.application.round, by=world.users["finance"], now=AFTER_DEADLINE)
    page.set_viewport_size({"width": 390, "height": 844})
    pages = {
        "lixia": [("/hazards/", "report-table"), (f"/hazards/applications/{paid.application_id}/",
                                                   "application-reports"), ("/hazards/applications/",
                                                                            "application-table")],
        "finance": [(f"/hazards/rounds/{paid.application.round_id}/", "payment-table"),
                    (f"/hazards/rounds/{paid.application.round_id}/", "round-reports"),
                    ("/hazards/rounds/", "round-table")],
    }
    for username, targets in pages.items():
        login(username)
        for path, test_id in targets:
            page.goto(f"{live_server.url}{path}")
            wrapped = [(text, h) for text, h in tallest_cells(page, test_id) if h > ONE_LINE]
            assert (path, test_id, wrapped) == (path, test_id, [])
            assert page.evaluate("document.documentElement.scrollWidth") == 390
