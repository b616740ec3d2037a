"""The admin lists every model, and workflow moves go through the services."""

import pytest
from django.urls import reverse

from jinan_union.workflow import move
from studios.enums import ApplicationState
from studios.models import Application

from .factories import ready_application

MODELS = ["studio", "application", "namingbatch", "quotayear", "inspection", "criticismnotice", "ledgerentry",
          "assessment", "spotcheck", "honour", "checklistmark", "studiodecision"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_opens(client_for, world, model):
    ready_application(world)
    assert client_for("admin").get(reverse(f"admin:studios_{model}_changelist")).status_code == 200


def test_admin_action_calls_the_service_and_its_role_check(client_for, world):
    app = ready_application(world)
    response = client_for("admin").post(reverse("admin:studios_application_changelist"), {
        "action": "fire_recommend", "_selected_action": [app.pk],
    }, follow=True)
    assert "您的角色不能执行此操作。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == ApplicationState.DRAFT


def test_state_is_read_only_in_the_admin(client_for, world):
    app = ready_application(world)
    page = client_for("admin").get(reverse("admin:studios_application_change", args=[app.pk])).content.decode()
    assert 'name="state"' not in page


def _staff_reviewer(world):
    reviewer = world.users["reviewer"]
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save(update_fields=["is_staff", "is_superuser"])
    return reviewer


def _submitted(world):
    return move(ready_application(world), "submit", by=world.users["lixia"])


@pytest.mark.rule("STU-FLOW")
def test_admin_return_asks_for_the_reason_then_returns_through_the_service(client_for, world):
    from jinan_union.audit import history_of

    reviewer = _staff_reviewer(world)
    app = _submitted(world)
    url = reverse("admin:studios_application_changelist")
    client = client_for("reviewer")
    page = client.post(url, {"action": "fire_return", "_selected_action": [app.pk]})
    assert page.status_code == 200
    assert page.templates[0].name == "studios/admin/reason.html"
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED
    response = client.post(url, {"action": "fire_return", "_selected_action": [app.pk], "apply": "1",
                                 "reason": "（五）成果证书扫描不清，请重新上传。"}, follow=True)
    app.refresh_from_db()
    assert (app.state, app.last_reason) == (ApplicationState.RETURNED, "（五）成果证书扫描不清，请重新上传。")
    last = list(history_of(app))[-1]
    assert (last.action, last.actor, last.comment) == ("退回修改", reviewer, "（五）成果证书扫描不清，请重新上传。")
    assert "已退回修改1份。" in response.content.decode()


@pytest.mark.rule("STU-FLOW")
def test_admin_reject_without_a_reason_stays_on_the_reason_page(client_for, world):
    _staff_reviewer(world)
    app = _submitted(world)
    response = client_for("reviewer").post(reverse("admin:studios_application_changelist"), {
        "action": "fire_reject", "_selected_action": [app.pk], "apply": "1", "reason": "  ",
    })
    assert response.status_code == 200
    assert "请填写原因。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED


@pytest.mark.rule("STU-FLOW")
def test_admin_reject_with_a_reason_rejects(client_for, world):
    _staff_reviewer(world)
    app = _submitted(world)
    client_for("reviewer").post(reverse("admin:studios_application_changelist"), {
        "action": "fire_reject", "_selected_action": [app.pk], "apply": "1", "reason": "不符合S§7(一)",
    })
    app.refresh_from_db()
    assert (app.state, app.last_reason) == (ApplicationState.REJECTED, "不符合S§7(一)")


def test_admin_reject_by_a_user_without_the_reviewer_role_is_refused_by_the_service(client_for, world):
    app = _submitted(world)
    response = client_for("admin").post(reverse("admin:studios_application_changelist"), {
        "action": "fire_reject", "_selected_action": [app.pk], "apply": "1", "reason": "不符合",
    }, follow=True)
    assert "您的角色不能执行此操作。" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == ApplicationState.SUBMITTED
