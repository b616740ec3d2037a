"""SYS-NOTIFY: deadlines reminded ahead, 30, 7 and 1 days before (run once a day by `send_reminders`).

Each reminder's key names the deadline and the day count, so a second run on the same day, or a re-run,
sends nothing new; a deadline that moves (a new rectification period) is a new deadline and is reminded again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse

from jinan_union.enums import Role
from jinan_union.models import User

from . import routes, services
from .models import Notification

REMIND_DAYS = (30, 7, 1)
# docs/decisions.md: the annual assessment (S§17) of year Y is due by 31 January of year Y+1.
ASSESSMENT_DUE = (1, 31)


@dataclass(frozen=True)
class Reminder:
    kind: str
    about: object
    due: date
    days: int
    recipients: list[User]
    title: str
    body: str
    link: str

    @property
    def key(self) -> str:
        return f"reminder:{self.kind}:{self.about.pk}:{self.due:%Y%m%d}:{self.days}"


def _days(today: date, due: date) -> int | None:
    days = (due - today).days
    return days if days in REMIND_DAYS else None


def rectification(today: date) -> Iterator[Reminder]:
    """A studio in rectification: its unit's grassroots clerks and the reviewers (who re-check it)."""
    from studios.enums import StudioStatus
    from studios.models import Studio

    dues = [today + timedelta(days=d) for d in REMIND_DAYS]
    studios = Studio.objects.filter(status=StudioStatus.RECTIFYING, rectification_deadline__in=dues)
    for studio in studios.select_related("work_unit__grassroots_union").order_by("pk"):
        due = studio.rectification_deadline
        days = _days(today, due)
        yield Reminder(
            "rectification", studio, due, days, routes.unit_clerks(studio) + routes.reviewers(studio),
            f"整改期限提醒：{studio}（还有{days}天）",
            f"创新工作室“{studio}”的整改期限为{due:%Y年%-m月%-d日}，还有{days}天。"
            "期限内未通过整改复查的，予以摘牌（《管理办法》第十七条）。",
            reverse("studios:studio-detail", kwargs={"pk": studio.pk}),
        )


def assessment(today: date) -> Iterator[Reminder]:
    """The unit union's annual assessment (S§17) of each studio named at municipal level in or before the year,
    not yet recorded: its unit's grassroots clerks."""
    from studios.enums import MUNICIPAL_STATES
    from studios.models import Studio

    for due in (date(today.year, *ASSESSMENT_DUE), date(today.year + 1, *ASSESSMENT_DUE)):
        days = _days(today, due)
        if days is None:
            continue
        year = due.year - 1
        studios = (
            Studio.objects.filter(status__in=MUNICIPAL_STATES, municipal_named_on__year__lte=year)
            .exclude(assessments__year=year)
            .select_related("work_unit__grassroots_union")
            .order_by("pk")
        )
        for studio in studios:
            yield Reminder(
                "assessment", studio, due, days, routes.unit_clerks(studio),
                f"年度考核提醒：{studio}{year}年度考核（还有{days}天）",
                f"请于{due:%Y年%-m月%-d日}前完成创新工作室“{studio}”{year}年度的考核评估并录入系统"
                f"（《管理办法》第十七条），还有{days}天。",
                reverse("studios:assessment-new", kwargs={"pk": studio.pk}),
            )


def hazards_deadline(today: date) -> Iterator[Reminder]:
    """The round's deadline, 30 September (H§9, Asia/Shanghai): the clerks of system unions holding reports that
    are ready (待申报) while their application to this year's round is not sent."""
    from hazards.enums import ApplicationState, ReportState
    from hazards.models import Application, HazardReport
    from hazards.rules import deadline_for
    from jinan_union.models import Organisation

    due = deadline_for(today.year).date()
    days = _days(today, due)
    if days is None:
        return
    sent = Application.objects.filter(round__year=today.year, status=ApplicationState.SUBMITTED).values("union")
    unions = (
        Organisation.objects.filter(pk__in=HazardReport.objects.filter(status=ReportState.READY).values("union"))
        .exclude(pk__in=sent)
        .order_by("path")
    )
    for union in unions:
        yield Reminder(
            "hazards", union, due, days, routes.holders(Role.SYSTEM_CLERK, [union]),
            f"隐患奖励申报截止提醒：{today.year}年度申报还有{days}天截止",
            f"{today.year}年度隐患奖励申报于{due:%Y年%-m月%-d日}24时截止（《奖励办法》第九条）。"
            f"{union}有填报完成、尚未报送的隐患报告，请在截止前报送本年度申报；逾期报送的转入下一年度。",
            reverse("hazards:application-current"),
        )


KINDS = (rectification, assessment, hazards_deadline)


def due_on(today: date) -> list[Reminder]:
    return [reminder for kind in KINDS for reminder in kind(today)]


def send(today: date) -> list[Notification]:
    sent = []
    for reminder in due_on(today):
        sent += services.notify(
            reminder.recipients, key=reminder.key, title=reminder.title, body=reminder.body, link=reminder.link,
            about=reminder.about, reason=f"reminder:{reminder.kind}",
        )
    return sent
