"""The admin lists every model, and workflow moves go through the services."""

import pytest
from django.urls import reverse

from studios.enums import ApplicationState
from studios.models import Application

from .factories import ready_application

MODELS = ["studio", "application", "namingbatch", "quotayear", "inspection", "criticismnotice", "ledgerentry",
          "assessment", "spotcheck", "honour", "checklistmark"]


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
