"""SYS-CONFIRM without JavaScript: the server's confirmation page stands before the year's hazard application is
sent (jinan_union/confirm.py); 返回 sends nothing, 确认 sends it once with what the form carried."""

import pytest
from playwright.sync_api import expect

from hazards.models import Application
from jinan_union.models import AuditEntry
from tests.conftest import PASSWORD
from tests.hazards.factories import report

pytestmark = [pytest.mark.e2e, pytest.mark.rule("SYS-CONFIRM")]

CONSEQUENCE = "报送后本年度本单位的隐患申报轮次即告结束"


@pytest.fixture
def nojs(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("lixia")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    yield page
    context.close()


def test_without_javascript_the_send_asks_on_a_page_first(nojs, live_server, world, settings):
    settings.HAZARDS_NOW = "2026-09-20T10:00:00+08:00"
    item = report(world)
    page = nojs
    page.goto(f"{live_server.url}/hazards/applications/current/")
    page.get_by_role("button", name="加入申报").click()
    expect(page.get_by_test_id("application-status")).to_have_text("草稿")
    application = Application.objects.get(union=item.union)

    # No dialog can open: the button posts, and the server answers with the confirmation page.
    page.get_by_test_id("send-application").click()
    expect(page.get_by_test_id("confirm-page")).to_be_visible()
    expect(page.get_by_test_id("consequence")).to_contain_text(CONSEQUENCE)
    expect(page.get_by_role("heading", level=1)).to_contain_text("确认")
    application.refresh_from_db()
    assert application.status == "draft"

    # 返回 goes back to the application, unchanged.
    page.get_by_test_id("confirm-back").click()
    expect(page.get_by_test_id("application-status")).to_have_text("草稿")

    # Asked again, 确认 sends it.
    page.get_by_test_id("send-application").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("application-status")).to_have_text("已报送")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert AuditEntry.objects.filter(action="报送申报", object_id=application.pk).count() == 1
