"""SYS-NOTIFY: deadlines are reminded 30, 7 and 1 days ahead (not on other days), once, by the daily command."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hazards import services as hazard_services
from notifications import reminders
from notifications.models import Notification
from studios.enums import StudioStatus
from studios.models import Assessment, Studio
from tests.hazards.factories import IN_TIME, report

pytestmark = pytest.mark.rule("SYS-NOTIFY")


def received() -> list[tuple[str, str]]:
    return sorted(Notification.objects.values_list("recipient__username", "reason"))


def named_studio(world, *, status=StudioStatus.MUNICIPAL_NAMED, named_on=date(2024, 6, 1), name="浪潮提醒创新工作室",
                 **extra) -> Studio:
    unit = world.units["山东浪潮通用软件有限公司"]
    return Studio.objects.create(
        name=name, system_union=unit.system_union, work_unit=unit, category="tech", leader_name="张明",
        system_named_on=date(2021, 3, 1), status=status, municipal_named_on=named_on, naming_year=named_on.year,
        **extra)


@pytest.mark.parametrize("days", [30, 7, 1])
def test_a_rectification_deadline_is_reminded_to_the_units_clerks_and_the_reviewers(mailboxes, days):
    today = date(2026, 3, 1)
    studio = named_studio(mailboxes, status=StudioStatus.RECTIFYING,
                          rectification_deadline=today + timedelta(days=days))
    reminders.send(today)
    assert received() == [("langchao", "reminder:rectification"), ("reviewer", "reminder:rectification")]
    note = Notification.objects.get(recipient__username="langchao")
    assert note.title == f"整改期限提醒：{studio}（还有{days}天）"
    assert note.link == reverse("studios:studio-detail", kwargs={"pk": studio.pk})
    assert "《管理办法》第十七条" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["langchao@example.cn", "reviewer@example.cn"]


@pytest.mark.parametrize("days", [29, 31, 8, 2, 0])
def test_no_reminder_on_the_other_days(world, days):
    today = date(2026, 3, 1)
    named_studio(world, status=StudioStatus.RECTIFYING, rectification_deadline=today + timedelta(days=days))
    assert reminders.send(today) == []


def test_running_twice_on_a_day_sends_nothing_new_but_each_threshold_sends_once(mailboxes):
    deadline = date(2026, 4, 30)
    named_studio(mailboxes, status=StudioStatus.RECTIFYING, rectification_deadline=deadline)
    assert len(reminders.send(deadline - timedelta(days=30))) == 2
    assert reminders.send(deadline - timedelta(days=30)) == []
    assert len(mail.outbox) == 2
    assert len(reminders.send(deadline - timedelta(days=7))) == 2
    assert len(reminders.send(deadline - timedelta(days=1))) == 2
    assert Notification.objects.count() == 6


def test_a_new_rectification_deadline_is_a_new_deadline(world):
    studio = named_studio(world, status=StudioStatus.RECTIFYING, rectification_deadline=date(2026, 4, 30))
    reminders.send(date(2026, 4, 23))
    Studio.objects.filter(pk=studio.pk).update(rectification_deadline=date(2026, 9, 30))
    assert len(reminders.send(date(2026, 9, 23))) == 2


def test_a_studio_no_longer_in_rectification_is_not_reminded(world):
    named_studio(world, rectification_deadline=date(2026, 4, 30))  # re-checked: back to 市级命名
    assert reminders.send(date(2026, 4, 29)) == []


@pytest.mark.parametrize(("today", "days"), [(date(2026, 1, 1), 30), (date(2026, 1, 24), 7), (date(2026, 1, 30), 1)])
def test_the_annual_assessment_is_reminded_before_31_january_to_the_units_clerks(mailboxes, today, days):
    studio = named_studio(mailboxes, named_on=date(2025, 5, 20))
    reminders.send(today)
    assert received() == [("langchao", "reminder:assessment")]
    note = Notification.objects.get()
    assert note.title == f"年度考核提醒：{studio}2025年度考核（还有{days}天）"
    assert note.link == reverse("studios:assessment-new", kwargs={"pk": studio.pk})
    assert [m.to for m in mail.outbox] == [["langchao@example.cn"]]


def test_no_assessment_reminder_29_days_before_nor_once_assessed_nor_for_a_studio_named_after_the_year(world):
    studio = named_studio(world, named_on=date(2025, 5, 20))
    assert reminders.send(date(2026, 1, 2)) == []  # 29 days before
    Assessment.objects.create(studio=studio, year=2025, score=90, conclusion="excellent",
                              assessed_by=world.users["langchao"])
    assert reminders.send(date(2026, 1, 1)) == []
    named_studio(world, named_on=date(2026, 1, 1), name="今年命名的创新工作室")
    assert reminders.send(date(2026, 1, 1)) == []


def test_the_hazards_deadline_is_reminded_to_unions_with_ready_reports_not_yet_sent(mailboxes):
    world = mailboxes
    report(world)                                   # 历下区总工会: a ready report, not sent
    report(world, union="市中区总工会", unit="济南二七机车配件厂", state="submitted")  # sent with its application
    report(world, union="济南市建筑业产业工会", unit="中建八局济南分公司", state="draft")  # not ready
    for today, days in [(date(2026, 8, 31), 30), (date(2026, 9, 23), 7), (date(2026, 9, 29), 1)]:
        Notification.objects.all().delete()
        reminders.send(today)
        assert received() == [("lixia", "reminder:hazards")]
        note = Notification.objects.get()
        assert note.title == f"隐患奖励申报截止提醒：2026年度申报还有{days}天截止"
        assert note.link == reverse("hazards:application-current")
        assert "《奖励办法》第九条" in note.body
    assert reminders.send(date(2026, 9, 1)) == []  # 29 days before
    assert reminders.send(date(2026, 9, 30)) == []  # the day itself


def test_no_hazards_reminder_once_the_unions_application_is_sent(world):
    ready = report(world)
    round_ = hazard_services.round_for_year(2026)
    application = hazard_services.application_for(union=ready.union, round_=round_, by=world.users["lixia"])
    hazard_services.application_add_report(application=application, report=ready, by=world.users["lixia"])
    assert [n.recipient.username for n in reminders.send(date(2026, 8, 31))] == ["lixia"]  # in a draft: not sent
    hazard_services.application_submit(application=application, by=world.users["lixia"], now=IN_TIME)
    Notification.objects.all().delete()
    report(world, location="另一处隐患")  # ready, for next year's round now
    assert reminders.send(date(2026, 8, 31)) == []


def test_the_daily_command_flags_overdue_then_reminds_and_is_idempotent(mailboxes):
    today = timezone.localdate()
    named_studio(mailboxes, status=StudioStatus.RECTIFYING, rectification_deadline=today + timedelta(days=7))
    overdue = named_studio(mailboxes, status=StudioStatus.RECTIFYING, name="逾期创新工作室",
                           rectification_deadline=today - timedelta(days=1))
    call_command("daily", stdout=open("/dev/null", "w"))
    call_command("daily", stdout=open("/dev/null", "w"))
    overdue.refresh_from_db()
    assert overdue.status == StudioStatus.DELIST_PENDING
    assert received() == [("langchao", "reminder:rectification"), ("reviewer", "reminder:rectification")]
    assert len(mail.outbox) == 2


def test_send_reminders_takes_a_day_and_refuses_a_bad_one(world):
    from django.core.management.base import CommandError

    named_studio(world, status=StudioStatus.RECTIFYING, rectification_deadline=date(2026, 4, 30))
    call_command("send_reminders", "--today", "2026-04-29", stdout=open("/dev/null", "w"))
    assert Notification.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("send_reminders", "--today", "29.4.2026")
