"""SYS-NOTIFY, FUN-FREEZE: when a studio is revoked or de-listed and its grant frozen, and after each step of the
unspent money's way back, the finance users of the union whose books take the next step are told (in the
application and by e-mail), once."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from funding import services
from funding.enums import RecoveryStep, TransferStep
from funding.models import Recovery
from notifications import receivers
from notifications.models import Notification
from studios import services as studio_services
from studios.enums import StudioStatus
from studios.models import Studio

from .factories import DAY, fund_fully, make_grant, spend
from .test_freeze import _revoke

pytestmark = [pytest.mark.rule("SYS-NOTIFY"), pytest.mark.rule("FUN-FREEZE")]


@pytest.fixture
def mailboxes(world):
    for user in world.users.values():
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    return world


def told() -> list[tuple[str, str]]:
    return list(Notification.objects.order_by("pk").values_list("recipient__username", "reason"))


def fresh():
    Notification.objects.all().delete()
    mail.outbox.clear()


@pytest.mark.rule("STU-REVOKE")
def test_each_step_back_tells_the_finance_of_the_next_books_once(mailboxes, django_capture_on_commit_callbacks):
    world = mailboxes
    grant = fund_fully(world, make_grant(world))
    spend(world, grant, "1000.00")
    fresh()
    with django_capture_on_commit_callbacks(execute=True):
        _revoke(world, grant.studio)
    # The grassroots union's finance (浪潮, also its clerk) returns the custody balance first.
    assert told() == [("langchao", "revoke")]
    note = Notification.objects.get()
    assert "资助资金将追回" in note.body
    assert note.body.endswith("请在本工会账簿中记录结余资金追回的下一环节：“基层工会退回结余资金”，¥49,000.00。")
    assert [m.to for m in mail.outbox] == [["langchao@example.cn"]]

    steps = [
        (RecoveryStep.GRASSROOTS_RETURNS, "langchao", [("lixia_finance", "record")], "系统工会收回资助资金"),
        # The same union's finance records the next step: the one who moved is not told of their own step.
        (RecoveryStep.SYSTEM_GETS_BACK, "lixia_finance", [], ""),
        (RecoveryStep.SYSTEM_RETURNS, "lixia_finance", [("finance", "record")], "市总工会收回资助资金"),
        (RecoveryStep.MUNICIPAL_GETS_BACK, "finance", [], ""),  # the money is back: nobody is asked anything
    ]
    for step, by, expected, following in steps:
        fresh()
        with django_capture_on_commit_callbacks(execute=True):
            recovery = services.recovery_record(grant=grant, step=step, on=DAY, by=world.users[by])
        assert told() == expected, step
        assert len(mail.outbox) == len(expected)
        if expected:
            note = Notification.objects.get()
            assert note.title == f"追回记账：{recovery}"
            assert f"“{following}”，¥49,000.00。" in note.body
            assert note.link == reverse("funding:grant-detail", kwargs={"pk": grant.pk})


def test_a_step_heard_twice_is_sent_once(mailboxes, django_capture_on_commit_callbacks):
    world = mailboxes
    grant = fund_fully(world, make_grant(world))
    _revoke(world, grant.studio)
    fresh()
    with django_capture_on_commit_callbacks(execute=True):
        services.recovery_record(grant=grant, step=RecoveryStep.GRASSROOTS_RETURNS, on=DAY, by=world.users["langchao"])
    assert told() == [("lixia_finance", "record")]
    receivers._created(Recovery, Recovery.objects.get(), "record", "追回记账")  # the same creation, again
    assert told() == [("lixia_finance", "record")] and len(mail.outbox) == 1


@pytest.mark.rule("STU-SPOTCHECK")
def test_a_delisted_studios_frozen_grant_asks_the_system_union_to_return_it(
    mailboxes, django_capture_on_commit_callbacks
):
    """The money had got as far as the system union: its finance is asked to return it to the municipal union."""
    world = mailboxes
    grant = make_grant(world, status=StudioStatus.RECTIFYING)
    services.transfer_record(grant=grant, step=TransferStep.SYSTEM_RECEIVES, on=DAY, by=world.users["finance"])
    Studio.objects.filter(pk=grant.studio_id).update(rectification_deadline=DAY)  # the deadline has passed
    studio = Studio.objects.get(pk=grant.studio_id)
    fresh()
    with django_capture_on_commit_callbacks(execute=True):
        studio_services.studio_decide(studio=studio, by=world.users["secretary"], data=dict(
            reason="overdue", findings="整改期满未复查", meeting_type="party_group",
            meeting_date=timezone.localdate(), minutes_number="党组会纪要〔2026〕13号",
            document_number="济工发〔2026〕33号", decided_on=timezone.localdate()))
    assert sorted(told()) == [("langchao", "delist"), ("lixia_finance", "delist")]
    body = Notification.objects.get(recipient=world.users["lixia_finance"]).body
    assert "资助资金已冻结" in body and "“系统工会上缴市总工会”，¥50,000.00。" in body
    assert sorted(m.to[0] for m in mail.outbox) == ["langchao@example.cn", "lixia_finance@example.cn"]


def test_a_studio_without_a_grant_is_only_told_to_its_unit(world):
    from tests.funding.factories import make_studio

    studio = make_studio(world)
    assert receivers.routes.recovery_finance(studio) == [] and receivers.routes.recovery_ask(studio) == ""
