"""SYS-CONFIRM in the browser: a confirmation stating its consequence stands before the year's hazard
application is sent; 取消 sends nothing, 确认 sends it; a double click sends once."""

import pytest
from playwright.sync_api import expect

from hazards.models import Application
from jinan_union.models import AuditEntry
from tests.hazards.factories import report

pytestmark = [pytest.mark.e2e, pytest.mark.rule("SYS-CONFIRM")]

CONSEQUENCE = "报送后本年度本单位的隐患申报轮次即告结束"


def test_sending_the_years_application_asks_first_and_sends_once(login, page, live_server, world, settings):
    settings.HAZARDS_NOW = "2026-09-20T10:00:00+08:00"
    item = report(world)
    requests = []
    page.on("request", lambda r: requests.append(r) if r.method == "POST" and "/applications/" in r.url else None)

    login("lixia")
    page.goto(f"{live_server.url}/hazards/applications/current/")
    page.get_by_role("button", name="加入申报").click()
    expect(page.get_by_test_id("application-status")).to_have_text("草稿")
    application = Application.objects.get(union=item.union)
    requests.clear()

    # The dialog states the consequence; 取消 sends nothing.
    send = page.get_by_test_id("send-application")
    send.click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(CONSEQUENCE)
    expect(dialog.get_by_role("heading")).to_contain_text("确认")
    page.get_by_test_id("confirm-cancel").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("application-status")).to_have_text("草稿")
    assert requests == []
    application.refresh_from_db()
    assert application.status == "draft"

    # 确认, pressed twice in a hurry: the application is sent once.
    send.click()
    expect(dialog).to_contain_text(CONSEQUENCE)
    page.get_by_test_id("confirm-ok").dblclick()
    expect(page.get_by_test_id("application-status")).to_have_text("已报送")
    expect(page.get_by_text("该操作已完成")).to_have_count(0)
    assert len(requests) == 1
    application.refresh_from_db()
    assert application.status == "submitted"
    assert AuditEntry.objects.filter(action="报送申报", object_id=application.pk).count() == 1


def test_a_double_click_on_a_plain_button_sends_once(login, page, live_server, world, settings):
    """A form without a confirmation (adding reports) disables its buttons once sent."""
    settings.HAZARDS_NOW = "2026-09-20T10:00:00+08:00"
    report(world)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    login("lixia")
    posts.clear()
    page.goto(f"{live_server.url}/hazards/applications/current/")
    page.get_by_role("button", name="加入申报").dblclick()
    expect(page.get_by_test_id("application-status")).to_have_text("草稿")
    assert len(posts) == 1
