"""SYS-NOBYPASS: no path around the moves, their guards and their history — a later move re-checks what an
earlier one checked, dates of the past are not in the future, and the admin is a window, not a back door."""

from datetime import date, timedelta

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from jinan_union.audit import history_of
from jinan_union.errors import DomainError
from jinan_union.models import WorkUnit
from jinan_union.workflow import move
from studios import services
from studios.enums import ApplicationState, StudioStatus
from studios.models import Application, NamingBatch, Studio

from .factories import batch_with_meeting, make_studio, ready_application, recommended_application

pytestmark = pytest.mark.rule("SYS-NOBYPASS")
TODAY = timezone.localdate


def _in_batch(world):
    secretary = world.users["secretary"]
    app = recommended_application(world)
    batch = batch_with_meeting(world)
    services.batch_add(batch=batch, applications=[app], by=secretary)
    return Application.objects.get(pk=app.pk), batch


def _actions(obj):
    return [e.action for e in history_of(obj)]


# --- guards hold at the later moves -------------------------------------------------------------------------


@pytest.mark.rule("STU-UNIT")
def test_approval_is_refused_when_the_unit_union_is_no_longer_sound(world):
    app, _ = _in_batch(world)
    WorkUnit.objects.filter(pk=app.studio.work_unit_id).update(union_sound=False)
    with pytest.raises(DomainError) as refused:
        move(app, "approve", by=world.users["secretary"])
    assert "《管理办法》第六条第（三）项：创新工作室所在单位必须是工会组织健全的企事业单位。" in refused.value.message
    assert Application.objects.get(pk=app.pk).state == ApplicationState.RECOMMENDED
    assert "会议审定通过" not in _actions(app)


@pytest.mark.rule("STU-RECOMMEND")
def test_approval_is_refused_when_the_studio_is_no_longer_system_named(world):
    app, _ = _in_batch(world)
    Studio.objects.filter(pk=app.studio_id).update(status=StudioStatus.DELISTED)
    with pytest.raises(DomainError) as refused:
        move(app, "approve", by=world.users["secretary"])
    assert "不是系统工会命名的工作室" in refused.value.text
    assert "《管理办法》第六条第（一）项" in refused.value.text
    assert Application.objects.get(pk=app.pk).state == ApplicationState.RECOMMENDED


@pytest.mark.rule("STU-UNIT")
def test_naming_is_refused_and_undone_when_the_unit_became_a_dedicated_rnd_institution(world):
    secretary = world.users["secretary"]
    app, batch = _in_batch(world)
    move(app, "approve", by=secretary)
    WorkUnit.objects.filter(pk=app.studio.work_unit_id).update(is_dedicated_rnd=True)
    with pytest.raises(DomainError) as refused:
        services.batch_name(batch=batch, by=secretary, document_number="济工发〔2026〕40号", named_on=TODAY())
    assert "《管理办法》第六条第（四）项" in refused.value.message
    assert Application.objects.get(pk=app.pk).state == ApplicationState.APPROVED
    studio = Studio.objects.get(pk=app.studio_id)
    assert (studio.status, studio.plaque_title) == (StudioStatus.SYSTEM_NAMED, "")
    assert NamingBatch.objects.get(pk=batch.pk).document_number == ""  # the whole naming is undone


@pytest.mark.rule("STU-RECOMMEND")
def test_naming_is_refused_when_the_studio_lost_its_standing_after_approval(world):
    secretary = world.users["secretary"]
    app, batch = _in_batch(world)
    move(app, "approve", by=secretary)
    Studio.objects.filter(pk=app.studio_id).update(status=StudioStatus.DELISTED)
    with pytest.raises(DomainError) as refused:
        services.batch_name(batch=batch, by=secretary, document_number="济工发〔2026〕41号", named_on=TODAY())
    assert "不是系统工会命名的工作室" in refused.value.message
    assert Application.objects.get(pk=app.pk).state == ApplicationState.APPROVED


def test_a_move_by_the_wrong_role_is_a_forbidden_error_and_leaves_no_trace(world):
    app, _ = _in_batch(world)
    with pytest.raises(DomainError) as refused:
        move(app, "approve", by=world.users["reviewer"])
    assert (refused.value.forbidden, refused.value.message) == (True, "您的角色不能执行此操作。")
    assert "会议审定通过" not in _actions(app)


# --- dates of the past --------------------------------------------------------------------------------------


def _named(world):
    studio = make_studio(world)
    Studio.objects.filter(pk=studio.pk).update(status=StudioStatus.MUNICIPAL_NAMED, naming_year=2025)
    return Studio.objects.get(pk=studio.pk)


def _ledger(world, on):
    services.ledger_add(studio=_named(world), by=world.users["langchao"],
                        data=dict(kind="project", happened_on=on, title="攻关"))


def _spotcheck(world, on):
    services.spotcheck_record(studio=_named(world), by=world.users["reviewer"],
                              data=dict(checked_on=on, passed=True, findings="达标"))


def _inspection(world, on):
    app = move(ready_application(world), "submit", by=world.users["lixia"])
    services.inspection_record(application=app, by=world.users["reviewer"], inspected_on=on, people="王审核",
                               findings="良好")


def _meeting(world, on):
    secretary = world.users["secretary"]
    batch = services.batch_create(by=secretary, year=TODAY().year, title="批次")
    services.batch_record_meeting(batch=batch, by=secretary, meeting_type="party_group", meeting_date=on,
                                  minutes_number="纪要1号")


def _document(world, on):
    services.batch_name(batch=batch_with_meeting(world), by=world.users["secretary"], document_number="济工发1号",
                        named_on=on)


def _honour(world, on):
    services.honour_add(application=ready_application(world), by=world.users["lixia"], data=dict(
        kind="invention_patent", level="national", title="专利", awarded_on=on))


def _fraud(world, on):
    app = move(ready_application(world), "submit", by=world.users["lixia"])
    services.fraud_disqualify(application=app, by=world.users["reviewer"], notice_number="济工通1号", issued_on=on,
                              findings="伪造")


PAST_DATES = [
    (_ledger, "happened_on", "台帐日期"), (_spotcheck, "checked_on", "抽查日期"),
    (_inspection, "inspected_on", "考察日期"), (_meeting, "meeting_date", "会议日期"),
    (_document, "named_on", "发文日期"), (_honour, "awarded_on", "获得日期"), (_fraud, "issued_on", "通报日期"),
]


@pytest.mark.rule("SYS-ERR")
@pytest.mark.parametrize(("write", "field", "words"), PAST_DATES, ids=[f for _, f, _ in PAST_DATES])
def test_the_service_refuses_a_date_of_the_past_that_lies_in_the_future_beside_its_field(world, write, field, words):
    with pytest.raises(DomainError) as refused:
        write(world, TODAY() + timedelta(days=1))
    assert (refused.value.field, refused.value.message) == (field, f"{words}不能晚于今天。")


@pytest.mark.rule("SYS-ERR")
def test_a_date_before_the_floor_is_refused_beside_its_field(world):
    with pytest.raises(DomainError) as refused:
        _ledger(world, date(1999, 12, 31))
    assert (refused.value.field, refused.value.message) == ("happened_on", "台帐日期不能早于2000年1月1日。")


@pytest.mark.rule("SYS-ERR")
def test_the_spot_check_page_says_a_future_date_beside_the_field_and_records_nothing(client_for, world):
    studio = _named(world)
    response = client_for("reviewer").post(reverse("studios:spotcheck-new", args=[studio.pk]), {
        "checked_on": (TODAY() + timedelta(days=1)).isoformat(), "passed": "1", "findings": "达标",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["checked_on"] == ["抽查日期不能晚于今天。"]
    assert not studio.spot_checks.exists()


@pytest.mark.rule("SYS-ERR")
def test_the_ledger_page_says_a_date_before_the_floor_beside_the_field(client_for, world):
    studio = _named(world)
    response = client_for("langchao").post(reverse("studios:ledger", args=[studio.pk]), {
        "kind": "project", "happened_on": "1999-06-01", "title": "远古攻关",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["happened_on"] == ["台帐日期不能早于2000年1月1日。"]
    assert not studio.ledger.exists()


# --- the admin is a window ------------------------------------------------------------------------------------


def studios_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label == "studios"]


def test_every_studios_model_admin_refuses_add_change_and_delete_to_everyone(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]  # a superuser
    assert len(studios_admins()) == 18  # every studios model, the call, scoring, decision, member and showcase records
    allowed = [(model._meta.model_name, what) for model, model_admin in studios_admins()
               for what, may in [("add", model_admin.has_add_permission(request)),
                                 ("change", model_admin.has_change_permission(request)),
                                 ("delete", model_admin.has_delete_permission(request))] if may]
    inlines = [(inline.model._meta.model_name, what) for _, model_admin in studios_admins()
               for inline in model_admin.get_inline_instances(request)
               for what in ("add", "change", "delete") if getattr(inline, f"has_{what}_permission")(request)]
    assert (allowed, inlines) == ([], [])


def test_the_admin_pages_do_not_save_a_studio_or_an_application(client_for, world):
    app = ready_application(world)
    client = client_for("admin")
    assert client.get(reverse("admin:studios_studio_add")).status_code == 403
    response = client.post(reverse("admin:studios_studio_change", args=[app.studio_id]), {"name": "改名"})
    assert response.status_code == 403
    response = client.post(reverse("admin:studios_application_change", args=[app.pk]), {"state": "named"})
    assert response.status_code == 403
    assert client.post(reverse("admin:studios_application_delete", args=[app.pk]), {"post": "yes"}).status_code == 403
    assert Studio.objects.get(pk=app.studio_id).name == "浪潮张明技能大师创新工作室"
    assert Application.objects.get(pk=app.pk).state == ApplicationState.DRAFT
    assert client.get(reverse("admin:studios_application_change", args=[app.pk])).status_code == 200  # viewable


def _overdue(world):
    studio = _named(world)
    services.spotcheck_record(studio=studio, by=world.users["reviewer"], data=dict(
        checked_on=TODAY() - timedelta(days=40), passed=False, findings="台帐不全",
        deadline=TODAY() - timedelta(days=1)))
    return Studio.objects.get(pk=studio.pk)


@pytest.mark.rule("STU-SPOTCHECK")
def test_the_admin_overdue_action_asks_the_reviewer_role(client_for, world):
    studio = _overdue(world)
    url = reverse("admin:studios_studio_changelist")
    response = client_for("admin").post(url, {"action": "flag_overdue", "_selected_action": [studio.pk]},
                                        follow=True)
    assert "只有市总工会生产保护部可以抽查。" in response.content.decode()
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.RECTIFYING
    reviewer = world.users["reviewer"]
    reviewer.is_staff = reviewer.is_superuser = True
    reviewer.save(update_fields=["is_staff", "is_superuser"])
    response = client_for("reviewer").post(url, {"action": "flag_overdue", "_selected_action": [studio.pk]},
                                           follow=True)
    assert "1家整改逾期，已标为待摘牌。" in response.content.decode()
    assert [(e.action, e.actor) for e in history_of(studio) if "逾期" in e.action] == [("整改逾期·待摘牌", reviewer)]


@pytest.mark.rule("STU-SPOTCHECK")
def test_no_page_flags_and_the_daily_command_does_once_without_delisting(client_for, world):
    from django.core.management import call_command

    studio = _overdue(world)
    for username in ("reviewer", "lixia", "langchao"):
        client = client_for(username)
        for url in (reverse("studios:studio-detail", args=[studio.pk]), reverse("studios:studio-list"),
                    reverse("studios:ledger", args=[studio.pk]), reverse("home")):
            assert client.get(url).status_code == 200
    assert Studio.objects.get(pk=studio.pk).status == StudioStatus.RECTIFYING
    call_command("studios_flag_overdue")
    call_command("studios_flag_overdue")
    studio.refresh_from_db()
    assert (studio.status, studio.delisted_on) == (StudioStatus.DELIST_PENDING, None)
    assert [(e.action, e.actor, e.comment) for e in history_of(studio) if "逾期" in e.action] == [
        ("整改逾期·待摘牌", None, f"整改期限{TODAY() - timedelta(days=1):%Y-%m-%d}已过，未通过整改复查。")]
