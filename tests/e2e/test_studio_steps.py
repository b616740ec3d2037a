"""The clerk's application steps in the browser (issue 11): the pre-submit check lists each problem with a link
to its step and field; fixing it there marks the step complete."""

import pytest
from playwright.sync_api import expect

from studios import services
from studios.enums import BasicCondition
from tests.studios.factories import make_studio, open_call

pytestmark = [pytest.mark.e2e, pytest.mark.rule("SYS-ERR")]


def test_a_problem_of_the_pre_submit_check_leads_to_its_field(login, page, live_server, world):
    open_call(world)
    clerk = world.users["lixia"]
    app = services.application_start(studio=make_studio(world), by=clerk)
    services.application_save(application=app, by=clerk, changes={
        f"basic_{c.value}": "已具备" for c in BasicCondition if c != BasicCondition.FUNDS})

    login("lixia")
    page.goto(f"{live_server.url}/studios/applications/{app.pk}/check/")
    expect(page.get_by_test_id("submit-blocked")).to_be_visible()
    expect(page.get_by_test_id("step-basic")).to_contain_text("未完成 1项")
    page.get_by_test_id("problems").locator('[data-testid="fix-basic"]').click()

    expect(page).to_have_url(f"{live_server.url}/studios/applications/{app.pk}/edit/basic/#id_basic_funds")
    field = page.locator("#id_basic_funds")
    expect(field).to_be_in_viewport()
    field.fill("年度经费12万元，单独列支")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("step-basic")).to_have_attribute("data-complete", "1")
    expect(page.get_by_test_id("step-basic")).not_to_contain_text("未完成")
    expect(page.get_by_test_id("step-materials")).to_contain_text("未完成")
