"""The admin and the third-party apps in it (axes, the tasks backend) speak Chinese (SYS-LANG)."""

import re

import pytest
from django.urls import reverse

ENGLISH = re.compile(r"Access attempts?|Access logs?|Access failures?|Task Results?|Tasks Database|Axes\b|"
                     r"Attempt Time|IP Address|User Agent|enqueued at|queue name")


@pytest.mark.rule("SYS-LANG")
@pytest.mark.parametrize("url_name", [
    "admin:index", "admin:axes_accessattempt_changelist", "admin:axes_accesslog_changelist",
    "admin:django_tasks_database_dbtaskresult_changelist",
])
def test_admin_pages_of_third_party_apps_are_chinese(url_name, client_for):
    response = client_for("admin").get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert ENGLISH.findall(html) == []


def test_the_admin_index_names_the_third_party_apps_in_chinese(client_for):
    html = client_for("admin").get(reverse("admin:index")).content.decode()
    assert ("登录保护" in html, "后台任务" in html, "登录尝试" in html) == (True, True, True)
