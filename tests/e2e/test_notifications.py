"""SYS-NOTIFY in the browser: the reviewer returns an application; the clerk sees the bell's count, reads the
message on 我的消息, opens the application from it, and has had one e-mail."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from jinan_union.workflow import move
from tests.studios.factories import ready_application

pytestmark = [pytest.mark.e2e, pytest.mark.rule("SYS-NOTIFY")]


def test_a_return_reaches_the_clerk_as_a_notification_and_an_email(login, page, live_server, world):
    lixia = world.users["lixia"]
    lixia.email = "lixia@example.cn"
    lixia.save(update_fields=["email"])
    app = move(ready_application(world), "submit", by=lixia)  # committed: the live server test is transactional
    base = live_server.url
    mail.outbox.clear()

    login("reviewer")
    page.goto(f"{base}/studios/applications/{app.pk}/")
    page.get_by_label("意见/原因").fill("请补充效益证明的盖章件")
    page.get_by_role("button", name="退回修改").click()
    page.get_by_test_id("confirm-ok").click()  # SYS-CONFIRM: the dialog states the consequence
    expect(page.get_by_test_id("app-state")).to_have_text("退回修改")
    expect(page.get_by_test_id("bell-count")).to_have_text("1")  # the submission; never told of the own return

    login("lixia")
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_test_id("bell").click()
    message = page.get_by_test_id("notification")
    expect(message).to_have_count(1)
    expect(message).to_contain_text(f"退回修改：{app}")
    expect(message).to_contain_text("说明：请补充效益证明的盖章件")
    expect(message).to_contain_text("未读")

    message.get_by_role("button", name=re.compile("退回修改")).click()
    expect(page.get_by_test_id("return-reason")).to_contain_text("请补充效益证明的盖章件")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["lixia@example.cn"], f"【工会创新工作室与隐患奖励管理系统】退回修改：{app}")]


def test_the_bell_and_the_inbox_at_phone_width(login, page, live_server, world):
    from notifications import services

    services.notify([world.users["lixia"]], key="phone", title="请审核该申报", body="正文", link="/studios/")
    page.set_viewport_size({"width": 390, "height": 844})
    login("lixia")
    # The bell stands beside the toggler, outside the folded menu (issue 11): no need to open the menu.
    toggler = page.get_by_role("button", name="展开菜单")
    expect(toggler).to_be_visible()
    expect(page.locator("#mainNav")).to_be_hidden()
    expect(page.get_by_test_id("bell")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    bell, menu = page.get_by_test_id("bell").bounding_box(), toggler.bounding_box()
    assert abs((bell["y"] + bell["height"] / 2) - (menu["y"] + menu["height"] / 2)) < 8  # the same row
    assert bell["x"] + bell["width"] <= menu["x"]  # left of the toggler
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.get_by_test_id("bell").click()
    page.get_by_role("button", name="标为已读", exact=True).click()
    expect(page.get_by_test_id("inbox-counts")).to_have_text("共1条，未读0条")
    page.get_by_label("接收邮件通知").uncheck()
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_text("已关闭邮件通知，今后只在系统内提示。")).to_be_visible()
    expect(page.get_by_label("接收邮件通知")).not_to_be_checked()
