"""Exports: each yields the rows of whatever the page's filters show."""

from collections.abc import Iterable

from django.utils import timezone

from jinan_union.documents import chinese_date

from .models import Application, Studio

APPLICATION_HEADERS = ["序号", "申报年度", "工作室", "系统工会", "所在单位", "类别", "领衔人", "状态", "提交日期",
                       "提交轮次", "命名批次"]
STUDIO_HEADERS = ["序号", "工作室", "系统工会", "所在单位", "类别", "领衔人", "状态", "命名年度", "命名文号",
                  "市级命名日期", "牌匾"]


def application_rows(applications: Iterable[Application]):
    for n, a in enumerate(applications, 1):
        yield [n, a.year, a.studio.name, a.studio.system_union.name, a.studio.work_unit.name,
               a.get_category_display(), a.leader_name, a.get_state_display(), a.submitted_on, a.round,
               a.naming_batch.title if a.naming_batch else ""]


def studio_rows(studios: Iterable[Studio]):
    for n, s in enumerate(studios, 1):
        yield [n, s.name, s.system_union.name, s.work_unit.name, s.get_category_display(), s.leader_name,
               s.status_text, s.naming_year, s.naming_document_number, s.municipal_named_on, s.plaque_title]


def export_title(what: str) -> str:
    return f"{what}（导出于{chinese_date(timezone.localdate())}）"
