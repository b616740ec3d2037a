"""Exports: each yields the rows of whatever the page's filters show.

The list pages export in the background (jinan_union.exports): `studios_export` and `applications_export`
are registered in apps.py and receive the list's query string as `params` (a dict of lists). They apply
the same visibility query and the same filterset as the page, so the workbook holds exactly the rows the
page shows that user (SYS-SCOPE)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from jinan_union.documents import chinese_date
from jinan_union.enums import Role
from jinan_union.exports import ExportSpec, params_query
from jinan_union.models import User

from . import selectors, services
from .filters import ApplicationFilter, StudioFilter
from .models import Application, Studio

APPLICATION_HEADERS = ["序号", "申报年度", "工作室", "系统工会", "所在单位", "类别", "领衔人", "状态", "提交日期",
                       "提交轮次", "命名批次"]
STUDIO_HEADERS = ["序号", "工作室", "系统工会", "所在单位", "类别", "领衔人", "状态", "命名年度", "命名文号",
                  "市级命名日期", "牌匾"]
# Who may export the application list: the roles of its page (views.APP_ROLES).
APPLICATION_ROLES = (Role.SYSTEM_CLERK, Role.GRASSROOTS_CLERK, Role.REVIEWER, Role.SECRETARY, Role.ADMIN)
STUDIOS_EXPORT, APPLICATIONS_EXPORT = "studios-studios", "studios-applications"


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


def studios_export(user: User, params: dict) -> ExportSpec:
    if not user.roles:
        raise PermissionDenied("您的角色无权导出创新工作室名单")
    services.delist_overdue()  # the status column tells the truth, as the page does
    studios = StudioFilter(params_query(params), queryset=selectors.studios_visible_to(user)).qs
    return ExportSpec(title=export_title("创新工作室名单"), headers=STUDIO_HEADERS,
                      rows=studio_rows(studios.iterator()), total=studios.count())


def applications_export(user: User, params: dict) -> ExportSpec:
    if not user.has_role(*APPLICATION_ROLES):
        raise PermissionDenied("您的角色无权导出市级命名申报列表")
    applications = ApplicationFilter(params_query(params), queryset=selectors.applications_visible_to(user)).qs
    return ExportSpec(title=export_title("创新工作室申报列表"), headers=APPLICATION_HEADERS,
                      rows=application_rows(applications.iterator()), total=applications.count())
