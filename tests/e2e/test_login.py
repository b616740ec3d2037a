"""First journey: each role signs in and sees its home page; a wrong password is explained in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from jinan_union.demo import DEMO_USERS

pytestmark = pytest.mark.e2e


@pytest.mark.rule("SYS-LANG")
@pytest.mark.parametrize("username,full_name", [(u, name) for u, name, _, _ in DEMO_USERS])
def test_each_role_signs_in_and_sees_its_home(login, page, username, full_name, world):
    login(username)
    expect(page.get_by_role("heading", name=f"您好，{full_name}")).to_be_visible()
    roles = "、".join(r.label for r in next(r for u, _, _, r in DEMO_USERS if u == username))
    expect(page.get_by_test_id("home-roles")).to_contain_text(roles)
    expect(page.get_by_test_id("home-roles")).to_contain_text(str(world.users[username].organisation))


@pytest.mark.rule("SYS-ERR")
def test_wrong_password_shows_chinese_error_and_keeps_username(login, page):
    login("lixia", "not-the-password")
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
    expect(page.get_by_label("用户名")).to_have_value("lixia")


def test_phone_sized_screen_opens_the_menu_and_signs_out(login, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login("reviewer")
    expect(page.get_by_role("heading", name="您好，王审核（生产保护部）")).to_be_visible()
    page.wait_for_load_state("load")  # Bootstrap's script is in: the menus answer clicks
    menu_button = page.get_by_role("button", name="展开菜单")
    expect(menu_button).to_be_visible()
    menu_button.click()
    # The menu unfolds with an animation: click the user's menu once it has finished (class "show", no longer
    # "collapsing"), else Bootstrap may take the click before the dropdown can open.
    expect(page.locator("#mainNav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(page.locator("#mainNav")).not_to_have_class(re.compile("collapsing"))
    user_menu = page.get_by_test_id("user-menu")
    expect(user_menu).to_be_visible()
    user_menu.click()
    expect(user_menu).to_have_attribute("aria-expanded", "true")
    sign_out = page.get_by_role("button", name="退出登录")
    expect(sign_out).to_be_visible()
    sign_out.click()
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
