"""Issue 11 and issue 15 in the browser: as the clerk types a report, the form previews its grade and reward
and shows the likely earlier report of the same hazard that another union wrote in other words."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import pick_unit
from tests.hazards.factories import report

pytestmark = [pytest.mark.e2e, pytest.mark.rule("HAZ-FIRST"), pytest.mark.rule("HAZ-GRADE")]


@pytest.mark.parametrize("width", [1280, 390])
def test_clerk_sees_grade_preview_and_a_duplicate_in_other_words(login, page, live_server, world, width):
    report(world, state="submitted", union="济南市建筑业产业工会", finder="王五", location="2#开关箱旁",
           description="开关箱外壳漏电，有人碰到麻手，箱门也关不上，已安排电工临时断电并设置警示标志")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": width, "height": 900})
    login("lixia")
    page.goto(f"{live_server.url}/hazards/new/")
    expect(page.get_by_test_id("report-form")).to_have_attribute("data-aids-ready", "1")
    expect(page.get_by_test_id("preview-missing")).to_be_visible()

    pick_unit(page, "济南城建集团有限公司")
    page.get_by_label("隐患部位", exact=True).fill("二号配电盘")
    page.get_by_label("隐患描述", exact=True).fill("配电盘外壳带电")
    similar = page.get_by_test_id("similar-item").first
    expect(similar).to_contain_text("济南市建筑业产业工会")
    expect(similar).to_contain_text("很可能是同一隐患")
    expect(similar.locator("mark", has_text="开关箱").first).to_be_visible()
    expect(similar).not_to_contain_text("王五")

    page.get_by_label("可能造成死亡人数", exact=True).fill("3")
    page.get_by_label("可能造成重伤人数（含急性工业中毒）", exact=True).fill("0")
    page.get_by_label("可能造成直接经济损失（元）", exact=True).fill("0")
    page.get_by_label("整改情况", exact=True).select_option(label="整改完成")
    expect(page.get_by_test_id("preview-computed")).to_have_text("三级")
    expect(page.get_by_test_id("preview-reward")).to_have_text("¥3,000.00")

    page.get_by_label("可能造成死亡人数", exact=True).fill("2")
    page.get_by_label("专家评定等级", exact=True).select_option(label="四级")
    expect(page.get_by_test_id("preview-reward")).to_have_text("不予奖励")
    expect(page.get_by_test_id("preview-reason")).to_contain_text("四级")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
