"""The statistics page in the browser (charts drawn by Chart.js from our own static files, each beside its
table, under the Content-Security-Policy) and the public showcase of a chosen studio, without login."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jinan_union.hooks import seed_demo
from tests.e2e.test_csp_pages import LISTEN
from tests.studios.factories import showcased_studio

pytestmark = pytest.mark.e2e


@pytest.mark.rule("SYS-STATS")
def test_the_statistics_page_draws_each_chart_beside_its_table(login, page, live_server, world):
    seed_demo(world)
    page.add_init_script(LISTEN)
    login("finance")
    year = timezone.localdate().year
    page.goto(f"{live_server.url}/stats/?year={year}")
    for key in ("studios-category", "money", "hazards-grade", "rewards", "finders", "trend"):
        section = page.get_by_test_id(f"stats-{key}")
        canvas = section.locator(f'canvas[data-chart="chart-{key}"]')
        expect(canvas).to_have_attribute("data-drawn", re.compile(r"^[1-9]"))  # Chart.js drew its datasets
        box = canvas.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, key
        expect(section.get_by_test_id(f"table-{key}")).to_be_visible()
    # The numbers beside the chart: the rewards paid this year, with their total.
    expect(page.get_by_test_id("table-rewards")).to_contain_text("合计")
    expect(page.get_by_test_id("table-rewards")).to_contain_text("¥11,000.00")
    # Another year through the form; a phone-width screen keeps chart and table one above the other.
    page.get_by_test_id("year-form").get_by_label("年度").select_option(str(year - 1))
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{year - 1}年度统计")
    expect(page.locator('canvas[data-chart="chart-money"]')).to_have_attribute("data-drawn", "1")
    page.set_viewport_size({"width": 390, "height": 800})
    # Chart.js resizes on its ResizeObserver, a frame or more after the viewport changes.
    page.wait_for_function(
        "() => document.querySelector('canvas[data-chart=\"chart-money\"]').getBoundingClientRect().width <= 390")
    chart = page.locator('canvas[data-chart="chart-money"]').bounding_box()
    table = page.get_by_test_id("table-money").bounding_box()
    assert chart["width"] <= 390 and table["y"] > chart["y"]
    assert page.evaluate("window.__csp") == []


@pytest.mark.rule("STU-PUBLIC")
def test_the_public_showcase_of_a_chosen_studio_without_login(page, live_server, world):
    showcase = showcased_studio(world)
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/studios/public/")
    expect(page.get_by_test_id("alliance")).to_contain_text("技术创新型创新工作室联盟")
    page.get_by_role("link", name=showcase.studio.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(showcase.studio.name)
    expect(page.get_by_test_id("showcase-intro")).to_contain_text("工作室围绕关键工序开展技术攻关。")
    expect(page.get_by_test_id("showcase-results")).to_contain_text("智能巡检工具")
    image = page.get_by_test_id("showcase-photos").locator("img")
    expect(image).to_have_count(1)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") > 0
    assert "未公开的成果" not in page.content()
    assert page.evaluate("window.__csp") == []
