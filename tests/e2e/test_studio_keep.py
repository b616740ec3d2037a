"""The 保留 journey in the browser: a studio whose rectification is overdue is flagged 待摘牌; the secretary
records the meeting's decision to keep it (the dialog states the consequence); the studio is named again and the
decision stands in its decisions list."""

import pytest
from playwright.sync_api import expect

from tests.studios.test_keep_decision import _pending

pytestmark = pytest.mark.e2e


@pytest.mark.rule("STU-SPOTCHECK")
def test_the_secretary_keeps_an_overdue_studio(login, page, live_server, world):
    studio = _pending(world)
    login("secretary")
    page.goto(f"{live_server.url}/studios/{studio.pk}/")
    page.get_by_test_id("studio-keep").click()
    page.get_by_label("待摘牌的原因").select_option(label="整改逾期未复查")
    page.get_by_label("查实的情况与保留理由").fill("整改已于期满后三日完成，会议研究决定保留")
    page.get_by_label("会议类型").select_option(label="主席办公会")
    page.get_by_label("会议日期").fill(str(studio.rectification_deadline))
    page.get_by_label("会议纪要编号").fill("主席办公会纪要〔2026〕9号")
    page.get_by_label("发文文号").fill("济工发〔2026〕40号")
    page.get_by_label("发文日期").fill(str(studio.rectification_deadline))
    page.get_by_role("button", name="保存").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the move's sentence
    expect(page.get_by_text("已记录保留决定（济工发〔2026〕40号）。")).to_be_visible()
    expect(page.get_by_test_id("studio-decisions")).to_contain_text("保留")
    expect(page.get_by_test_id("studio-decisions")).to_contain_text("济工发〔2026〕40号")
    expect(page.get_by_test_id("studio-keep")).to_have_count(0)
