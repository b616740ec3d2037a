"""On a phone (390px) the studio lists scroll sideways inside their frame instead of squeezing every column
to one character per line."""

import pytest

from tests.studios.factories import make_studio, ready_application

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# How many lines a cell's text takes: the distinct tops of the text's line boxes.
LINES = "el => { const r = document.createRange(); r.selectNodeContents(el); " \
        "return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }"


@pytest.mark.parametrize(("path", "table"), [
    ("/studios/", "studio-table"), ("/studios/applications/", "application-table"),
])
def test_list_columns_keep_their_words_on_one_line_on_a_phone(login, page, live_server, world, path, table):
    ready_application(world, make_studio(world))
    page.set_viewport_size(PHONE)
    login("lixia")
    page.goto(f"{live_server.url}{path}")
    rows = page.get_by_test_id(table).locator("tbody tr")
    union = rows.first.get_by_text("历下区总工会", exact=True)
    category = rows.first.get_by_text("技术创新型", exact=True)
    name = rows.first.get_by_role("link", name="浪潮张明技能大师创新工作室")
    assert (union.evaluate(LINES), category.evaluate(LINES)) == (1, 1)
    assert name.bounding_box()["width"] >= 150
    # The page itself does not scroll sideways: only the table's frame does.
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
