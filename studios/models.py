import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from jinan_union.enums import OrgKind
from jinan_union.models import Organisation, WorkUnit

from .enums import (
    LEVEL_IN_KIND,
    ApplicationState,
    AssessmentConclusion,
    DecisionKind,
    DecisionReason,
    HonourKind,
    LeaderQualification,
    LedgerKind,
    Level,
    MeetingType,
    ShowcaseState,
    SkillLevel,
    StudioCategory,
    StudioStatus,
)

PLAQUE_TITLE = "济南市示范性劳模和工匠人才创新工作室"
USER = settings.AUTH_USER_MODEL


class Studio(models.Model):
    """An innovation studio (创新工作室), registered by the system union that named it at its own level."""

    name = models.CharField("工作室名称", max_length=200)
    system_union = models.ForeignKey(
        Organisation, verbose_name="系统工会", on_delete=models.PROTECT, related_name="studios",
        limit_choices_to={"kind": OrgKind.SYSTEM},
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="studios"
    )
    category = models.CharField("类别", max_length=20, choices=StudioCategory.choices)
    leader_name = models.CharField("领衔人", max_length=60)
    members = models.TextField("主要成员", blank=True, help_text="每行一人：姓名、岗位、技能等级")
    member_count = models.PositiveIntegerField("成员人数", default=0)
    system_named_on = models.DateField("系统工会命名日期")
    system_document_number = models.CharField("系统工会命名文号", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=StudioStatus.choices, default=StudioStatus.SYSTEM_NAMED
    )
    municipal_named_on = models.DateField("市级命名日期", null=True, blank=True)
    naming_year = models.PositiveSmallIntegerField("命名年度", null=True, blank=True)
    naming_document_number = models.CharField("命名文号", max_length=100, blank=True)
    plaque_title = models.CharField("牌匾", max_length=100, blank=True)
    rectification_deadline = models.DateField("整改期限", null=True, blank=True)
    delisted_on = models.DateField("摘牌日期", null=True, blank=True)
    delisted_reason = models.TextField("摘牌原因", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "创新工作室"
        verbose_name_plural = "创新工作室"
        ordering = ["system_union__path", "name"]
        # The studio list (jinan_union/paging.py): one system union's studios by name, and the name sort.
        indexes = [
            models.Index(fields=["system_union", "name"], name="studio_union_name_idx"),
            models.Index(fields=["name"], name="studio_name_idx"),
            # The list's two charts (selectors.studio_counts): an index-only scan of the studios' union, year and
            # status (3.7 ms for 20,000 studios, where the table's scan took 11 ms: issue 10).
            models.Index(fields=["system_union", "naming_year", "status"], name="studio_counts_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["work_unit", "name"], name="studio_unique_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def grassroots_union(self) -> Organisation | None:
        return self.work_unit.grassroots_union

    @property
    def overdue(self) -> bool:
        """整改逾期: the rectification deadline passed (Shanghai date) without a re-check. Derived on read; the
        daily command de-lists such a studio (S§17), no page does."""
        deadline = self.rectification_deadline
        return self.status == StudioStatus.RECTIFYING and deadline is not None and deadline < timezone.localdate()

    @property
    def status_text(self) -> str:
        """The status as every list shows it: 整改中 carries its deadline, 整改逾期 says it passed (STU-SPOTCHECK)."""
        if self.overdue:
            return f"整改逾期（期限{self.rectification_deadline:%Y-%m-%d}已过，待摘牌）"
        if self.status == StudioStatus.DELIST_PENDING and self.delisted_reason:
            return f"待摘牌（{self.delisted_reason}）"
        if self.status == StudioStatus.RECTIFYING and self.rectification_deadline:
            return f"整改中（限{self.rectification_deadline:%Y-%m-%d}前）"
        return self.get_status_display()


class NamingBatch(models.Model):
    """A year's naming batch: the meeting that approves it (S§11) and the published document."""

    year = models.PositiveSmallIntegerField("命名年度", db_index=True)
    title = models.CharField("批次名称", max_length=200)
    meeting_type = models.CharField("会议类型", max_length=20, choices=MeetingType.choices, blank=True)
    meeting_date = models.DateField("会议日期", null=True, blank=True)
    minutes_number = models.CharField("会议纪要编号", max_length=100, blank=True)
    document_number = models.CharField("发文文号", max_length=100, blank=True)
    named_on = models.DateField("发文日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="建立人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = "命名批次"
        verbose_name_plural = "命名批次"
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def meeting_recorded(self) -> bool:
        return bool(self.meeting_type and self.meeting_date and self.minutes_number)


class QuotaYear(models.Model):
    """One row per naming year, locked (select_for_update) by every approval and naming of that year, so
    that the count of STU-QUOTA cannot be raced past 10 by two people approving at the same moment."""

    year = models.PositiveSmallIntegerField("年度", primary_key=True)
    limit = models.PositiveSmallIntegerField("命名上限", default=10)

    class Meta:
        verbose_name = "年度命名名额"
        verbose_name_plural = "年度命名名额"

    def __str__(self) -> str:
        return f"{self.year}年度（上限{self.limit}家）"


class Call(models.Model):
    """STU-CALL (S§5, S§6): the municipal union's yearly call (申报通知). Open from `opens_on` to `closes_on`
    (both included, dates in Asia/Shanghai). Its close date is the one date every application of the call
    counts the windows of S§6(一), S§7(一), S§8(六), S§9(四) back from (docs/decisions.md)."""

    year = models.PositiveSmallIntegerField("申报年度", unique=True)
    title = models.CharField("通知标题", max_length=200)
    opens_on = models.DateField("申报开始日期")
    closes_on = models.DateField("申报截止日期", help_text="各项年限条件统一从此日期倒算")
    categories = models.JSONField("申报类别", default=list)
    notice = models.TextField("通知正文")
    created_by = models.ForeignKey(USER, verbose_name="发布人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = "申报通知"
        verbose_name_plural = "申报通知"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="call_dates_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on

    def category_labels(self) -> list[str]:
        return [StudioCategory(c).label for c in self.categories]


class Application(models.Model):
    """A system union's application to have one of its studios named at municipal level."""

    studio = models.ForeignKey(Studio, verbose_name="工作室", on_delete=models.PROTECT, related_name="applications")
    year = models.PositiveSmallIntegerField("申报年度", db_index=True)
    call = models.ForeignKey(
        Call, verbose_name="申报通知", null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        "状态", max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT, db_index=True
    )
    category = models.CharField("类别", max_length=20, choices=StudioCategory.choices)
    # Step 1: 六有 (S§4)
    basic_venue = models.TextField("有场所", blank=True)
    basic_rules = models.TextField("有制度", blank=True)
    basic_team = models.TextField("有团队", blank=True)
    basic_activities = models.TextField("有活动", blank=True)
    basic_funds = models.TextField("有经费", blank=True)
    basic_results = models.TextField("有成果", blank=True)
    # Step 2: leader (S§6(二))
    leader_name = models.CharField("领衔人姓名", max_length=60, blank=True)
    leader_position = models.CharField("岗位/职务", max_length=100, blank=True)
    leader_qualification = models.CharField(
        "领衔人资格", max_length=30, choices=LeaderQualification.choices, blank=True
    )
    leader_title_level = models.CharField(
        "荣誉级别", max_length=20, choices=Level.choices, blank=True, help_text="劳动模范、五一劳动奖章的级别"
    )
    leader_skill_level = models.CharField(
        "职业技能等级", max_length=30, choices=SkillLevel.choices, blank=True
    )
    leader_is_frontline = models.BooleanField("一线职工", default=False)
    # Step 3: category narrative (S§7–S§9)
    category_statement = models.TextField("类别条件说明", blank=True)
    # Workflow
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    round = models.PositiveSmallIntegerField("提交轮次", default=0)
    last_reason = models.TextField("最近一次退回/不通过原因", blank=True)
    recommendation = models.TextField("推荐意见", blank=True)
    naming_batch = models.ForeignKey(
        NamingBatch, verbose_name="命名批次", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(USER, verbose_name="填报人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "市级命名申报"
        verbose_name_plural = "市级命名申报"
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["-year", "-id"], name="studio_app_list_order_idx")]
        constraints = [
            # STU-CALL: at most one application per studio and call (a rejected one waits for the next call).
            models.UniqueConstraint(fields=["studio", "call"], name="one_application_per_call"),
        ]

    def __str__(self) -> str:
        return f"{self.studio.name}（{self.year}年度申报）"

    def current_honours(self):
        """The honours entered in this application (the clerk may remove them while drafting)."""
        return self.honours.filter(removed=False)

    def counted_honours(self):
        """Every honour the category conditions count: those entered here and the studio's archive records
        (SYS-IMPORT), newest first. What the clerk, the reviewer, the experts and the printed form see."""
        return Honour.objects.filter(Q(application=self) | Q(studio_id=self.studio_id), removed=False)

    def basic_text(self, condition: str) -> str:
        return getattr(self, f"basic_{condition}")


class Honour(models.Model):
    """An award, patent or title entered for the category conditions (S§7(一), S§8(六), S§9(四))."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="honours", null=True, blank=True
    )
    # SYS-IMPORT: an honour or patent from the archive (imports.kinds.honours) is the studio's own record, not an
    # application's; every application of the studio counts it (selectors.facts_for, docs/decisions/imports.md).
    studio = models.ForeignKey(
        Studio, verbose_name="工作室（往年成果档案）", on_delete=models.PROTECT, related_name="archive_honours",
        null=True, blank=True,
    )
    kind = models.CharField("类型", max_length=30, choices=HonourKind.choices)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    title = models.CharField("名称", max_length=200)
    awarded_on = models.DateField("获得日期")
    issuer = models.CharField("颁发/授予单位", max_length=200, blank=True)
    number = models.CharField("证书/专利号", max_length=100, blank=True)
    # Removed by the clerk while drafting: kept (SYS-KEEP), no longer counted or shown.
    removed = models.BooleanField("已删除", default=False)

    class Meta:
        verbose_name = "获奖/专利/称号"
        verbose_name_plural = "获奖/专利/称号"
        ordering = ["-awarded_on", "pk"]
        constraints = [
            # Either entered in an application, or the studio's archive record (imported): never both, never none.
            models.CheckConstraint(
                condition=models.Q(application__isnull=False, studio__isnull=True)
                | models.Q(application__isnull=True, studio__isnull=False),
                name="honour_of_application_or_studio",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_with_level(self) -> str:
        """"省级科学技术奖", but "国家发明专利", not "国家级国家发明专利"."""
        kind = self.get_kind_display()
        return kind if self.kind in LEVEL_IN_KIND else f"{self.get_level_display()}{kind}"


class ChecklistMark(models.Model):
    """A reviewer's mark on one item of the checklist (六有 and the narrative category conditions)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="marks")
    item = models.CharField("检查项", max_length=30)
    met = models.BooleanField("符合")
    note = models.CharField("说明", max_length=300, blank=True)
    marked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "审核检查项"
        verbose_name_plural = "审核检查项"
        constraints = [models.UniqueConstraint(fields=["application", "item"], name="mark_unique_item")]

    def __str__(self) -> str:
        return f"{self.item}: {'符合' if self.met else '不符合'}"


class Inspection(models.Model):
    """The on-site inspection (考察) by the production-protection department (S§11)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField("考察日期")
    people = models.CharField("考察人员", max_length=300)
    findings = models.TextField("考察情况")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "考察记录"
        verbose_name_plural = "考察记录"
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.application} 考察 {self.inspected_on}"


class CriticismNotice(models.Model):
    """STU-FRAUD (S§10): falsified material verified → disqualified and criticised (通报批评)."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="criticism")
    notice_number = models.CharField("通报文号", max_length=100)
    issued_on = models.DateField("通报日期")
    findings = models.TextField("核实的不实情况")
    issued_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "通报批评"
        verbose_name_plural = "通报批评"
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.notice_number


class StudioDecision(models.Model):
    """STU-SPOTCHECK / STU-REVOKE (S§10, S§17): 摘牌 or 撤销命名, decided like a naming: the reason, the
    meeting (党组会/主席办公会) and the published document; for fraud, the criticism notice (通报批评) too.
    保留 (a studio awaiting de-listing kept named) is recorded the same way; only one decision ends a title."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("决定", max_length=20, choices=DecisionKind.choices)
    reason = models.CharField("原因", max_length=20, choices=DecisionReason.choices)
    findings = models.TextField("查实的情况")
    meeting_type = models.CharField("会议类型", max_length=20, choices=MeetingType.choices)
    meeting_date = models.DateField("会议日期")
    minutes_number = models.CharField("会议纪要编号", max_length=100)
    document_number = models.CharField("发文文号", max_length=100)
    decided_on = models.DateField("发文日期")
    notice_number = models.CharField("通报批评文号", max_length=100, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "摘牌/撤销命名/保留决定"
        verbose_name_plural = "摘牌/撤销命名/保留决定"
        ordering = ["-decided_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["studio"], condition=Q(kind__in=["delist", "revoke"]),
                                               name="studio_decided_once")]

    def __str__(self) -> str:
        return f"{self.studio} {self.get_kind_display()}（{self.document_number}）"


class LedgerEntry(models.Model):
    """STU-LEDGER (S§16): one dated line of the studio's work ledger (工作台帐)."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="ledger")
    kind = models.CharField("类别", max_length=20, choices=LedgerKind.choices)
    happened_on = models.DateField("日期", db_index=True)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("内容", blank=True)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)
    result_applied = models.BooleanField("成果已推广应用", default=False)
    # Issue 11: nothing is edited in place; a correction is a new entry that names the entry it corrects.
    corrects = models.OneToOneField(
        "self", verbose_name="更正的记录", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作台帐"
        verbose_name_plural = "工作台帐"
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """STU-ASSESS (S§17): the unit union's yearly assessment of the studio."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField("考核年度")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)
    conclusion = models.CharField("结论", max_length=20, choices=AssessmentConclusion.choices)
    comments = models.TextField("考核意见", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True, help_text="考核不合格时必填：限期整改的期限。")
    assessed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "year"], name="assessment_once_a_year"),
            models.CheckConstraint(name="assessment_score_0_100", condition=models.Q(score__gte=0, score__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.studio} {self.year}年度考核"


class SpotCheck(models.Model):
    """STU-SPOTCHECK (S§17): the municipal union's check of a named studio."""

    studio = models.ForeignKey(Studio, on_delete=models.PROTECT, related_name="spot_checks")
    checked_on = models.DateField("抽查日期")
    is_recheck = models.BooleanField("整改复查", default=False)
    operation = models.TextField("规范运行情况", blank=True)
    results = models.TextField("成效业绩情况", blank=True)
    fund_use = models.TextField("资金使用情况", blank=True)
    passed = models.BooleanField("达到要求")
    findings = models.TextField("问题与结论", blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    checked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "抽查记录"
        verbose_name_plural = "抽查记录"
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.studio} 抽查 {self.checked_on}"


class ExpertAssignment(models.Model):
    """STU-SCORE (S§11): the reviewer assigns an expert (评审专家) to score one application."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="expert_assignments"
    )
    expert = models.ForeignKey(USER, verbose_name="评审专家", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(USER, verbose_name="分配人", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "评审专家分配"
        verbose_name_plural = "评审专家分配"
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="expert_once_per_application"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} 评审 {self.application}"


class ExpertScore(models.Model):
    """One expert's score of one application on the published criteria (SCORE_CRITERIA). Final once
    submitted: never edited, at most one per assignment (docs/decisions.md)."""

    assignment = models.OneToOneField(
        ExpertAssignment, verbose_name="评审分配", on_delete=models.PROTECT, related_name="score"
    )
    basics = models.DecimalField("基本条件（六有）", max_digits=4, decimal_places=1)
    category = models.DecimalField("类别条件", max_digits=4, decimal_places=1)
    results = models.DecimalField("创新成果及效益", max_digits=4, decimal_places=1)
    promotion = models.DecimalField("成果推广与示范带动", max_digits=4, decimal_places=1)
    total = models.DecimalField("总分", max_digits=5, decimal_places=1)
    comment = models.TextField("评审意见")
    scored_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家评分"
        verbose_name_plural = "专家评分"
        ordering = ["assignment", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total__gte=0, total__lte=100), name="expert_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.expert}：{self.total}分"


class StudioMember(models.Model):
    """STU-MEMBERS (S§4(三), S§21): one member of a studio's team, so that the unions can list them for training
    and 疗休养 priority. Edited by the studio's union clerk, each edit in the history; a member who leaves is
    marked as left, never deleted (SYS-KEEP). `Studio.members` (the free text of the first version) stays as
    the record of what was typed at registration."""

    studio = models.ForeignKey(Studio, verbose_name="工作室", on_delete=models.PROTECT, related_name="member_rows")
    name = models.CharField("姓名", max_length=60)
    position = models.CharField("岗位/职务", max_length=100)
    skill_level = models.CharField("职业技能等级", max_length=30, choices=SkillLevel.choices, blank=True)
    honours = models.TextField("荣誉称号", blank=True, help_text="如：全国五一劳动奖章、齐鲁首席技师，多项以顿号分隔")
    is_leader = models.BooleanField("领衔人", default=False)
    # SYS-IMPORT: the date a member joined, as the archive shows it (imports.kinds.members); empty when not known.
    joined_on = models.DateField("加入日期", null=True, blank=True)
    # Left the studio (recorded by the clerk): kept (SYS-KEEP), no longer listed as a current member.
    left = models.BooleanField("已离开", default=False)
    left_on = models.DateField("离开日期", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "工作室成员"
        verbose_name_plural = "工作室成员"
        ordering = ["studio", "-is_leader", "pk"]
        indexes = [models.Index(fields=["studio", "left"], name="studio_member_current_idx")]

    def __str__(self) -> str:
        return f"{self.name}（{self.studio}）"


class Showcase(models.Model):
    """STU-PUBLIC (S§20, S§22): a "公开展示" proposal — what the public pages show of a named studio: a short
    introduction, the leader's honours, the chosen results and the chosen photos. Proposed by the studio's union,
    approved by the reviewer (a move with history). A change is a new proposal; the public pages show the
    latest approved one of a studio still named at municipal level, nothing else."""

    studio = models.ForeignKey(Studio, verbose_name="工作室", on_delete=models.PROTECT, related_name="showcases")
    state = models.CharField("状态", max_length=20, choices=ShowcaseState.choices, default=ShowcaseState.DRAFT)
    intro = models.TextField("工作室简介", max_length=1000)
    leader_honours = models.CharField("领衔人荣誉", max_length=300, blank=True)
    results = models.ManyToManyField(LedgerEntry, verbose_name="公开的创新成果", blank=True, related_name="+")
    last_reason = models.TextField("退回/撤下原因", blank=True)
    created_by = models.ForeignKey(USER, verbose_name="提交人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = "公开展示"
        verbose_name_plural = "公开展示"
        ordering = ["-pk"]
        indexes = [models.Index(fields=["studio", "state"], name="showcase_studio_state_idx")]

    def __str__(self) -> str:
        return f"{self.studio}（公开展示 #{self.pk}）"


class ShowcasePhoto(models.Model):
    """A photo chosen for a showcase, served to the public under its own random token (never the attachment's
    uuid), and only while its showcase is the one shown."""

    showcase = models.ForeignKey(Showcase, on_delete=models.PROTECT, related_name="photos")
    attachment = models.ForeignKey("jinan_union.Attachment", on_delete=models.PROTECT, related_name="+")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    caption = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "公开展示照片"
        verbose_name_plural = "公开展示照片"
        ordering = ["showcase", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.token)
