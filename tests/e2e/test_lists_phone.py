"""Lists on a phone (issue 11): at 390 px every main list is a stack of cards with the state and the amount first,
and the filters fold behind a 筛选 button; at 1280 px the same markup is still a table with its filters open.
One mechanism: table.table-cards in static/css/app.css, labels from static/js/table-cards.js."""

import pytest
from playwright.sync_api import expect

from tests.hazards.factories import report
from tests.studios.factories import make_studio, ready_application

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The cells of the first row in the order the eye meets them: by their top edge on the screen.
CELLS_AS_SEEN = """t => [...t.querySelector('tbody tr').cells]
  .map(c => [c.getBoundingClientRect().top, c.getAttribute('data-label') || '', c.innerText.trim()])
  .sort((a, b) => a[0] - b[0]).map(c => [c[1], c[2]])"""


def test_a_hazard_list_on_a_phone_shows_state_and_amount_first_and_folds_its_filters(login, page, live_server, world):
    report(world, deaths=30, state="ready")
    page.set_viewport_size(PHONE)
    login("lixia")
    page.goto(f"{live_server.url}/hazards/")
    page.wait_for_load_state("load")
    table = page.get_by_test_id("report-table")
    cells = table.evaluate(CELLS_AS_SEEN)
    assert [label for label, _ in cells[:3]] == ["状态", "奖励", "编号"], cells
    assert cells[0][1] == "待申报", cells
    expect(table.locator("thead")).to_be_hidden()
    # Filters fold: hidden until 筛选 is pressed.
    filters = page.get_by_test_id("filters")
    expect(filters).to_be_hidden()
    page.get_by_test_id("filters-toggle").click()
    expect(filters).to_be_visible()
    expect(filters.get_by_label("状态")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/hazards/")
    expect(table.locator("thead")).to_be_visible()
    expect(page.get_by_test_id("filters")).to_be_visible()
    expect(page.get_by_test_id("filters-toggle")).to_be_hidden()
    assert table.locator("tbody tr").first.evaluate("r => getComputedStyle(r).display") == "table-row"


@pytest.mark.parametrize(("path", "table", "state"), [
    ("/studios/", "studio-table", "状态"), ("/studios/applications/", "application-table", "状态"),
])
def test_studio_lists_on_a_phone_are_cards_with_the_state_first(login, page, live_server, world, path, table, state):
    ready_application(world, make_studio(world))
    page.set_viewport_size(PHONE)
    login("lixia")
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("load")
    cells = page.get_by_test_id(table).evaluate(CELLS_AS_SEEN)
    assert cells[0][0] == state, cells
    expect(page.get_by_test_id("filters")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
