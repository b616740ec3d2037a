"""The shared pages: Chinese, our own static files (no CDN), navigation by role, phone-sized layout."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_no_template_loads_anything_from_the_internet():
    external = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.IGNORECASE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "templates").rglob("*.html")
                 if external.search(p.read_text(encoding="utf-8"))]
    offenders += [str(p.relative_to(ROOT)) for app in ("studios", "funding", "hazards", "jinan_union")
                  for p in (ROOT / app).rglob("templates/**/*.html") if external.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_bootstrap_and_icons_come_from_our_static_files():
    assert finders.find("vendor/bootstrap/css/bootstrap.min.css")
    assert finders.find("vendor/bootstrap/js/bootstrap.bundle.min.js")
    assert finders.find("vendor/bootstrap-icons/bootstrap-icons.min.css")
    assert finders.find("vendor/bootstrap-icons/fonts/bootstrap-icons.woff2")


@pytest.mark.rule("SYS-LANG")
def test_base_layout_is_chinese_and_fits_a_phone(client_for):
    html = client_for("lixia").get(reverse("home")).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "退出登录" in html and "修改密码" in html


def test_only_administrators_see_the_management_menu(client_for):
    assert "系统管理" in client_for("admin").get(reverse("home")).content.decode()
    assert "系统管理" not in client_for("lixia").get(reverse("home")).content.decode()


def test_user_without_roles_is_told_to_ask_the_administrator(client, world):
    from jinan_union.models import User

    user = User.objects.create(username="newcomer", organisation=world.municipal)
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert "您的账号尚未分配角色，请联系系统管理员。" in html


def test_missing_or_foreign_record_shows_the_chinese_404_page(client_for):
    response = client_for("shizhong").get("/studios/applications/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "您要找的记录不存在，或您无权查看。" in html


def test_permission_denied_is_explained_in_chinese(client_for):
    response = client_for("lixia").get(reverse("manage-users"))
    assert response.status_code == 403
    assert "您的角色无权使用此功能。" in response.content.decode()
