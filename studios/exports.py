"""The studios' exports (jinan_union.exporter): the studio list and the application list, each exactly the rows
its page shows the user with the same filters (SYS-SCOPE)."""

from django.utils import timezone

from jinan_union import exporter as ex
from jinan_union.documents import chinese_date
from jinan_union.enums import Role
from jinan_union.scope import get_visible_or_404

from . import selectors
from .enums import ApplicationState
from .filters import ApplicationFilter, LedgerFilter, MemberFilter, StudioFilter
from .models import PLAQUE_TITLE

# Who may export the application list: the roles of its page (views.APP_ROLES).
APPLICATION_ROLES = (Role.SYSTEM_CLERK, Role.GRASSROOTS_CLERK, Role.REVIEWER, Role.SECRETARY, Role.ADMIN)
STUDIOS_EXPORT, APPLICATIONS_EXPORT = "studios-studios", "studios-applications"


class _Dated(ex.ListExporter):
    bind_empty = True  # the pages bind their filtersets to the query string, even an empty one

    def heading(self) -> str:
        return f"{self.title}（导出于{chinese_date(timezone.localdate())}）"


@ex.register
class StudiosExport(_Dated):
    identifier = STUDIOS_EXPORT
    title = "创新工作室名单"
    denied = "您的角色无权导出创新工作室名单"
    filterset_class = StudioFilter
    columns = [
        ex.number("序号"), ex.text("工作室", 30), ex.text("系统工会"), ex.text("所在单位", 30), ex.text("类别"),
        ex.text("领衔人"), ex.text("状态"), ex.number("命名年度"), ex.text("命名文号"), ex.day("市级命名日期"),
        ex.text("牌匾", 30),
    ]

    def visible(self):
        return selectors.studios_visible_to(self.user)

    def row(self, s, n):
        return [n, s.name, s.system_union.name, s.work_unit.name, s.get_category_display(), s.leader_name,
                s.status_text, s.naming_year, s.naming_document_number, s.municipal_named_on, s.plaque_title]


@ex.register
class ApplicationsExport(_Dated):
    identifier = APPLICATIONS_EXPORT
    title = "创新工作室申报列表"
    roles = APPLICATION_ROLES
    denied = "您的角色无权导出市级命名申报列表"
    filterset_class = ApplicationFilter
    columns = [
        ex.number("序号"), ex.number("申报年度"), ex.text("工作室", 30), ex.text("系统工会"), ex.text("所在单位", 30),
        ex.text("类别"), ex.text("领衔人"), ex.text("状态"), ex.day("提交日期"), ex.number("提交轮次"),
        ex.text("命名批次", 30),
    ]

    def visible(self):
        return selectors.applications_visible_to(self.user)

    def row(self, a, n):
        return [n, a.year, a.studio.name, a.studio.system_union.name, a.studio.work_unit.name,
                a.get_category_display(), a.leader_name, a.get_state_display(), a.submitted_on, a.round,
                a.naming_batch.title if a.naming_batch else ""]


@ex.register
class NamingListExport(ex.ListExporter):
    """A batch's naming list, the annex of the naming document (命名文件附件): its approved and named studios."""

    identifier = "studios-naming-list"
    title = f"“{PLAQUE_TITLE}”名单"
    roles = (Role.SECRETARY, Role.REVIEWER)
    pdf_template = "studios/pdf/naming_annex.html"
    columns = [ex.number("序号"), ex.text("工作室名称", 30), ex.text("所在单位", 30), ex.text("推荐单位"),
               ex.text("类别"), ex.text("领衔人")]

    def setup(self):
        self.batch = get_visible_or_404(selectors.batches_visible_to(self.user), pk=self.object_id())

    def queryset(self):
        return self.batch.applications.filter(state__in=[ApplicationState.APPROVED, ApplicationState.NAMED]) \
            .select_related("studio__system_union", "studio__work_unit").order_by("pk")

    def row(self, a, n):
        return [n, a.studio.name, str(a.studio.work_unit), str(a.studio.system_union), a.get_category_display(),
                a.leader_name]

    def heading(self):
        return f"{self.batch.year}年度{self.title}"

    def scope_items(self):
        return [("单位", "济南市总工会"), ("年度", f"{self.batch.year}年"),
                ("文号", self.batch.document_number or "（待发文）")]

    def filename(self):
        return f"{self.batch.year}年度创新工作室命名名单"

    def context(self):
        return {"batch": self.batch, "named_on": chinese_date(self.batch.named_on) or "（待发文）"}


MEMBERS_EXPORT = "studios-members"


@ex.register
class MembersExport(_Dated):
    """STU-MEMBERS (S§21): the members list with its filters, for the unions' training and 疗休养 lists."""

    identifier = MEMBERS_EXPORT
    title = "创新工作室成员名单"
    denied = "您的角色无权导出创新工作室成员名单"
    filterset_class = MemberFilter
    columns = [
        ex.number("序号"), ex.text("姓名"), ex.text("岗位/职务", 24), ex.text("职业技能等级"), ex.text("荣誉称号", 40),
        ex.text("领衔人"), ex.text("工作室", 30), ex.text("系统工会"), ex.text("所在单位", 30), ex.text("加入日期"),
        ex.text("在册"),
    ]

    def visible(self):
        return selectors.members_visible_to(self.user)

    def row(self, m, n):
        return [n, m.name, m.position, m.get_skill_level_display() if m.skill_level else "", m.honours,
                "是" if m.is_leader else "", m.studio.name, m.studio.system_union.name, m.studio.work_unit.name,
                f"{m.joined_on:%Y-%m-%d}" if m.joined_on else "",
                f"已离开（{m.left_on:%Y-%m-%d}）" if m.left else "在册"]


LEDGER_EXPORT = "studios-ledger"


@ex.register
class LedgerExport(_Dated):
    """STU-LEDGER (S§16): a studio's work ledger as its page shows it (year and kind filters), corrections included:
    a corrected entry is listed as 已更正 beside the entry that corrects it."""

    identifier = LEDGER_EXPORT
    title = "创新工作室工作台帐"
    denied = "您无权导出该工作室的工作台帐"
    filterset_class = LedgerFilter
    columns = [
        ex.number("序号"), ex.day("日期"), ex.text("类别"), ex.text("名称", 30), ex.text("内容", 40),
        ex.number("参加人数"), ex.text("推广应用"), ex.text("更正情况", 24), ex.text("记录人"),
    ]

    def setup(self):
        self.studio = get_visible_or_404(selectors.studios_visible_to(self.user), pk=self.object_id())

    def visible(self):
        return selectors.ledger_visible_to(self.user).filter(studio=self.studio) \
            .select_related("recorded_by", "corrects", "corrected_by")

    def row(self, e, n):
        return [n, e.happened_on, e.get_kind_display(), e.title, e.description, e.participants,
                ("是" if e.result_applied else "否") if e.kind == "result" else "", correction_note(e),
                e.recorded_by.display_name]

    def heading(self):
        return f"{self.studio.name}工作台帐（导出于{chinese_date(timezone.localdate())}）"

    def scope_items(self):
        return [("工作室", self.studio.name), ("所在单位", str(self.studio.work_unit))]

    def filename(self):
        return f"{self.studio.name}工作台帐"


def correction_note(entry) -> str:
    corrected_by = getattr(entry, "corrected_by", None)
    if corrected_by is not None:
        return f"已更正（见#{corrected_by.pk}）"
    if entry.corrects_id:
        return f"更正#{entry.corrects_id}"
    return ""
