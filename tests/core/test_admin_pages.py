"""Administrators manage organisations, units and users through pages in Chinese."""

import pytest
from django.urls import reverse

from jinan_union.models import Organisation, User


def test_admin_creates_a_user_with_roles(client_for, world):
    org = world.system_unions["章丘区总工会"]
    response = client_for("admin").post(reverse("manage-user-new"), {
        "username": "zhangqiu", "full_name": "章丘经办", "organisation": org.pk,
        "roles": ["system_clerk", "finance"], "password": "Zq-2026-strong!", "is_active": "on",
    })
    assert response.status_code == 302
    user = User.objects.get(username="zhangqiu")
    assert (user.organisation, user.roles, user.check_password("Zq-2026-strong!")) == (
        org, ["system_clerk", "finance"], True)


@pytest.mark.rule("SYS-ERR")
def test_new_user_without_password_keeps_what_was_typed(client_for, world):
    response = client_for("admin").post(reverse("manage-user-new"), {
        "username": "zhangqiu", "full_name": "章丘经办", "organisation": world.system_unions["章丘区总工会"].pk,
        "roles": ["system_clerk"],
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "新建用户必须设置初始密码。" in html
    assert 'value="zhangqiu"' in html and 'value="章丘经办"' in html
    assert not User.objects.filter(username="zhangqiu").exists()


@pytest.mark.rule("SYS-ERR")
def test_grassroots_union_must_sit_under_a_system_union(client_for, world):
    response = client_for("admin").post(reverse("manage-org-new"), {
        "name": "某基层工会", "kind": "grassroots", "parent": world.municipal.pk, "is_active": "on",
    })
    assert response.status_code == 200
    assert "基层工会的上级必须是系统工会。" in response.content.decode()
    assert not Organisation.objects.filter(name="某基层工会").exists()


def test_user_list_has_constant_queries(client_for, world, django_assert_max_num_queries):
    admin = client_for("admin")
    with django_assert_max_num_queries(12):
        response = admin.get(reverse("manage-users"))
    assert response.status_code == 200
    for index in range(5):
        User.objects.create(username=f"extra{index}", organisation=world.municipal, roles=["auditor"])
    with django_assert_max_num_queries(12):
        assert admin.get(reverse("manage-users")).status_code == 200


def test_home_page_lists_role_and_organisation(client_for):
    html = client_for("lixia").get(reverse("home")).content.decode()
    assert "历下区总工会 · 系统工会经办人" in html
