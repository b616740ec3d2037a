"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server."""

import pytest

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def login(page, live_server, world):
    """login("lixia") signs the page in through the login form and lands on the home page."""

    def sign_in(username: str, password: str = PASSWORD):
        # A response still on its way (the previous user's last POST) may set its session cookie after the clear,
        # and the login page then sends the still signed-in user home: clear and open it again until it shows.
        for _ in range(5):
            page.context.clear_cookies()
            page.goto(f"{live_server.url}/accounts/login/")
            if page.get_by_label("用户名").count():
                break
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        return page

    return sign_in


def pick_unit(page, name: str, label: str = "存在隐患单位"):
    """Choose a unit in the report form's picker as a clerk does: type part of its name, click it in the results
    (each shown with its system union)."""
    box = page.get_by_label(label, exact=True)
    box.fill(name[:4])
    page.get_by_role("option", name=f"{name}（").first.click()
    return box
