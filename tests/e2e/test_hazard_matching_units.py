"""Issue 15 in the browser: a clerk adds a project department under its group, then types a report about it and
sees, while typing, the group's earlier report of the same hazard, named as a report of the same enterprise."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import pick_unit
from tests.hazards.factories import report

pytestmark = [pytest.mark.e2e, pytest.mark.rule("HAZ-FIRST")]


def test_clerk_sees_the_groups_report_while_typing_about_its_branch(login, page, live_server, world):
    report(world, state="submitted", union="历下区总工会", location="3号塔吊",
           description="塔吊基础积水，存在倾覆风险")
    login("jianzhu")
    page.goto(f"{live_server.url}/hazards/units/new/")
    form = page.get_by_test_id("unit-form")
    form.locator("#id_name").fill("济南城建集团第三项目部")
    form.locator("#id_address").fill("济南市历城区工业北路9号")
    expect(form).to_contain_text("所属企业（集团）")
    form.locator("#id_enterprise").select_option(label="济南城建集团有限公司")
    page.get_by_role("button", name="新增单位").click()
    expect(page.get_by_test_id("report-form")).to_have_attribute("data-aids-ready", "1")

    pick_unit(page, "济南城建集团第三项目部")
    page.get_by_label("隐患部位", exact=True).fill("三号塔吊")
    page.get_by_label("隐患描述", exact=True).fill("塔吊基础泡水")
    similar = page.get_by_test_id("similar-item").first
    expect(similar).to_contain_text("很可能是同一隐患")
    expect(similar.get_by_test_id("similar-unit")).to_have_text("隐患单位：济南城建集团有限公司（同一企业）")
