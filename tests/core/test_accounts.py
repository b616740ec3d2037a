import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.rule("SYS-LANG")
def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "用户名" in html and "密码" in html


def test_every_page_but_login_needs_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/"


@pytest.mark.rule("SYS-ERR")
def test_wrong_password_shows_chinese_error_and_keeps_username(client, world):
    response = client.post(reverse("login"), {"username": "lixia", "password": "wrong-password"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in html
    assert 'value="lixia"' in html


def test_right_password_signs_in_and_shows_home(client, world):
    response = client.post(reverse("login"), {"username": "lixia", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "孙经办（历下区总工会）" in response.content.decode()


def test_repeated_failed_logins_are_locked(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "lixia", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "lixia", "password": PASSWORD})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_session_ends_after_idle_time_and_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE == 7200
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_password_change_in_chinese(client_for):
    response = client_for("lixia").get(reverse("password_change"))
    assert response.status_code == 200
    assert "旧密码" in response.content.decode()


def test_logout(client_for):
    c = client_for("lixia")
    response = c.post(reverse("logout"))
    assert response.status_code == 302
    assert c.get(reverse("home")).status_code == 302
