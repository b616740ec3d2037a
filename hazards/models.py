"""Hazard reports (H§5, H§6), the yearly round (H§9), unions' applications and duplicate groups (H§10)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from jinan_union.articles import cite
from jinan_union.models import Organisation, WorkUnit

from .enums import (
    LIVE_PAYMENTS,
    ApplicationState,
    FinderKind,
    FundSource,
    Grade,
    GroupState,
    PaymentState,
    Rectification,
    ReportState,
    RoundState,
    Verifier,
)
from .grading import GRADE_LABELS, REWARDS, grade_for
from .payees import mask_account, mask_id


class Scheme(models.Model):
    """HAZ-SCHEME (H§11): a union's own reward scheme — the city's (《奖励办法》, the default, `is_city`) or one
    a 区县总工会 (or, where it chooses, a 局(委)/大企业/产业工会) sets up: its amounts for grades 1–3 (grade 4 is
    never rewarded, H§7), its yearly deadline (Asia/Shanghai), its fund, who verifies, and whether it pays a
    hazard another scheme already rewarded. Rounds and reports of the city's scheme leave `scheme` empty
    (see Round.scheme); its row here carries the city's amounts (migration 0010 from grading.REWARDS).
    Reference data changed only through services.scheme_save, with history."""

    name = models.CharField("方案名称", max_length=120)
    is_city = models.BooleanField("市总工会奖励办法", default=False, editable=False)
    union = models.OneToOneField(
        Organisation, verbose_name="设立工会", null=True, blank=True, on_delete=models.PROTECT,
        related_name="hazard_scheme", limit_choices_to={"kind": "system"},
    )
    amount_1 = models.DecimalField("一级事故隐患奖励（元）", max_digits=12, decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0.01"))])
    amount_2 = models.DecimalField("二级事故隐患奖励（元）", max_digits=12, decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0.01"))])
    amount_3 = models.DecimalField("三级事故隐患奖励（元）", max_digits=12, decimal_places=2,
                                   validators=[MinValueValidator(Decimal("0.01"))])
    deadline_month = models.PositiveSmallIntegerField("每年报送截止月", default=9)
    deadline_day = models.PositiveSmallIntegerField("每年报送截止日", default=30)
    fund_source = models.CharField("奖励资金来源", max_length=20, choices=FundSource.choices,
                                   default=FundSource.UNION_FUNDS)
    fund_note = models.CharField("资金说明", max_length=300, blank=True)
    verifier = models.CharField("核实单位", max_length=20, choices=Verifier.choices, default=Verifier.OWN)
    pays_if_rewarded_elsewhere = models.BooleanField(
        "已获其他方案奖励的隐患仍可奖励", default=True,
        help_text="默认可以：各级奖励办法的奖励资金各自设立（《奖励办法》第十一条），已获奖励的隐患在核实和发放页面标出。",
    )
    created_at = models.DateTimeField("设立时间", auto_now_add=True)

    class Meta:
        verbose_name = "隐患奖励方案"
        verbose_name_plural = "隐患奖励方案"
        ordering = ["-is_city", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["is_city"], condition=models.Q(is_city=True),
                                    name="hazard_one_city_scheme"),
            models.CheckConstraint(
                name="hazard_scheme_city_or_union",
                condition=(models.Q(is_city=True) & models.Q(union__isnull=True))
                | (models.Q(is_city=False) & models.Q(union__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def city(cls) -> "Scheme":
        """The city's scheme as it stands, or (in a database not migrated with its row) as 《奖励办法》 sets it."""
        return cls.objects.filter(is_city=True).first() or cls(
            name=CITY_SCHEME_NAME, is_city=True, amount_1=REWARDS[1], amount_2=REWARDS[2], amount_3=REWARDS[3],
            fund_source=FundSource.UNION_FUNDS, verifier=Verifier.MUNICIPAL, pays_if_rewarded_elsewhere=True,
        )

    @property
    def rewards(self) -> dict[int, Decimal]:
        """Grade → amount (H§8 for the city; the union's own for its scheme); grade 4 gets none (H§7)."""
        return {1: self.amount_1, 2: self.amount_2, 3: self.amount_3, 4: Decimal("0.00")}

    @property
    def payer(self) -> str:
        return "市总工会" if self.is_city else str(self.union)

    @property
    def verified_by_municipal(self) -> bool:
        return self.is_city or self.verifier == Verifier.MUNICIPAL


CITY_SCHEME_NAME = "济南市总工会职工排查安全生产事故隐患奖励办法"


def scheme_of(obj) -> Scheme:
    """The scheme a round or report belongs to: its own, or (empty) the city's."""
    return obj.scheme if obj.scheme_id else Scheme.city()


class Round(models.Model):
    """The once-a-year round of a scheme (H§9): submissions until the scheme's deadline (the city's: 30
    September, Asia/Shanghai), then verified and paid. The city's rounds leave `scheme` empty."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="奖励方案", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds",
        help_text="空：市总工会奖励办法。",
    )
    year = models.PositiveIntegerField("年度")
    deadline = models.DateTimeField("报送截止时间")
    status = models.CharField("状态", max_length=20, choices=RoundState.choices, default=RoundState.OPEN)
    closed_at = models.DateTimeField("结算时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="结算人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    total_paid = models.DecimalField("发放总额", max_digits=14, decimal_places=2, default=Decimal("0.00"))

    class Meta:
        verbose_name = "评选年度"
        verbose_name_plural = "评选年度"
        ordering = ["-year", "scheme_id"]
        constraints = [
            models.UniqueConstraint(fields=["year"], condition=models.Q(scheme__isnull=True),
                                    name="hazard_city_round_once_per_year"),
            models.UniqueConstraint(fields=["scheme", "year"], name="hazard_scheme_round_once_per_year"),
        ]

    def __str__(self) -> str:
        if self.scheme_id:
            return f"{self.scheme.union.short_name or self.scheme.union}{self.year}年度"
        return f"{self.year}年度"

    @property
    def scheme_or_city(self) -> Scheme:
        return scheme_of(self)


class Application(models.Model):
    """A system union's yearly application (申报) to a round, carrying its reports and summary sheet."""

    union = models.ForeignKey(
        Organisation, verbose_name="申报工会", on_delete=models.PROTECT, related_name="hazard_applications"
    )
    round = models.ForeignKey(Round, verbose_name="年度", on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        "状态", max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "隐患奖励申报"
        verbose_name_plural = "隐患奖励申报"
        ordering = ["-round__year", "union__path"]
        constraints = [models.UniqueConstraint(fields=["union", "round"], name="hazard_application_once_per_round")]

    def __str__(self) -> str:
        return f"{self.union} · {self.round}申报"


class DuplicateGroup(models.Model):
    """Reports a reviewer confirmed as one hazard (H§10). Undoing keeps the group, marked dissolved."""

    status = models.CharField("状态", max_length=20, choices=GroupState.choices, default=GroupState.MERGED)
    created_at = models.DateTimeField("合并时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="合并人", on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField("说明", blank=True)
    dissolved_at = models.DateTimeField("撤销时间", null=True, blank=True)
    # HAZ-FIRST: the exception 原则上 allows — when the first finder cannot be rewarded, the reviewer names
    # another member, with a written reason (the move "name_exception" records it in the history).
    exception_report = models.ForeignKey(
        "HazardReport", verbose_name="例外获奖报告", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    exception_reason = models.TextField("例外理由", blank=True)

    class Meta:
        verbose_name = "重复隐患组"
        verbose_name_plural = "重复隐患组"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"重复隐患组 #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == GroupState.MERGED


class HazardReport(models.Model):
    """One hazard found by a worker or a collective, as the system union submits it (H§5, H§6)."""

    union = models.ForeignKey(
        Organisation, verbose_name="填报工会", on_delete=models.PROTECT, related_name="hazard_reports"
    )
    application = models.ForeignKey(
        Application, verbose_name="所属申报", null=True, blank=True, on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField("状态", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    scheme = models.ForeignKey(
        Scheme, verbose_name="奖励方案", null=True, blank=True, on_delete=models.PROTECT, related_name="reports",
        help_text="空：市总工会奖励办法（默认）；设立了本级奖励办法的工会可以选择本级的。",
    )

    finder_kind = models.CharField(
        "发现人类型", max_length=20, choices=FinderKind.choices, default=FinderKind.INDIVIDUAL
    )
    finder_name = models.CharField("发现人（个人姓名或集体名称）", max_length=120, blank=True)
    finder_unit = models.ForeignKey(
        WorkUnit, verbose_name="发现人所在单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="hazard_finds",
    )
    is_safety_manager = models.BooleanField("发现人是专职安全管理人员", default=False)

    hazard_unit = models.ForeignKey(
        WorkUnit, verbose_name="存在隐患单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="hazard_reports",
        db_index=False,  # hazard_unit_reported_idx starts with this column and serves these lookups too
    )
    hazard_address = models.CharField("隐患单位地址", max_length=300, blank=True)
    location = models.CharField("隐患部位", max_length=300, blank=True)
    description = models.TextField("隐患描述", blank=True)

    deaths = models.PositiveIntegerField("可能造成死亡人数", null=True, blank=True)
    serious_injuries = models.PositiveIntegerField("可能造成重伤人数（含急性工业中毒）", null=True, blank=True)
    direct_loss = models.DecimalField(
        "可能造成直接经济损失（元）", max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )

    found_on = models.DateField("发现日期", null=True, blank=True)
    reported_at = models.DateTimeField("向单位报告时间", null=True, blank=True)
    rectification = models.CharField(
        "整改情况", max_length=20, choices=Rectification.choices, blank=True
    )
    rectified_on = models.DateField("整改（防范措施）日期", null=True, blank=True)

    experts = models.TextField("评估专家（姓名、资质）", blank=True)
    expert_grade = models.PositiveSmallIntegerField("专家评定等级", choices=Grade.choices, null=True, blank=True)
    reassessed_grade = models.PositiveSmallIntegerField(
        "市总工会复核等级", choices=Grade.choices, null=True, blank=True
    )
    reassessment_note = models.TextField("复核说明", blank=True)
    rejection_reason = models.TextField("未通过原因", blank=True)

    duplicate_group = models.ForeignKey(
        DuplicateGroup, verbose_name="重复隐患组", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )
    reward_amount = models.DecimalField(
        "奖励金额", max_digits=14, decimal_places=2, null=True, blank=True
    )
    reward_note = models.CharField("不予奖励原因", max_length=300, blank=True)
    paid_round = models.ForeignKey(
        Round, verbose_name="发放年度", null=True, blank=True, on_delete=models.PROTECT, related_name="paid_reports"
    )
    paid_at = models.DateTimeField("发放时间", null=True, blank=True)
    carried_to = models.ForeignKey(
        Round, verbose_name="转入年度", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_reports",
        help_text=f"核实未完成时由审核人转入下一年度（{cite('H§9')}），原申报保持不变。",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    # HAZ-FIRST: location and description normalised for duplicate matching, made on save (matching.stored_text).
    match_text = models.TextField("查重规范文本", blank=True, default="", editable=False)

    class Meta:
        verbose_name = "事故隐患报告"
        verbose_name_plural = "事故隐患报告"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # HAZ-FIRST: duplicate candidates are the reports of one hazard unit, oldest report first.
            models.Index(fields=["hazard_unit", "reported_at"], name="hazard_unit_reported_idx"),
            models.Index(fields=["status", "union"], name="hazard_status_union_idx"),
            # The report list (jinan_union/paging.py): its default order, for everyone and within one union.
            models.Index(fields=["-created_at", "-id"], name="hazard_list_order_idx"),
            models.Index(fields=["union", "-created_at", "-id"], name="hazard_union_list_idx"),
            # The list filtered by a status (the reviewer's 待核实): without it the default order's index was walked
            # past every report of another status (196,000 rows for the 50 submitted ones of a page: 84 ms).
            models.Index(fields=["status", "-created_at", "-id"], name="hazard_status_list_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="hazard_paid_has_round",
                condition=~models.Q(status=ReportState.PAID) | models.Q(paid_round__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hazard_unit or '未填单位'} · {self.location or '未填部位'}"

    def save(self, *args, **kwargs):
        """Stores the normalised text duplicate matching reads (HAZ-FIRST) whenever location or description is saved."""
        from .matching import stored_text

        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"location", "description"} & set(update_fields):
            self.match_text = stored_text(self.location, self.description)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "match_text"}
        super().save(*args, **kwargs)

    @property
    def scheme_or_city(self) -> Scheme:
        return scheme_of(self)

    @property
    def round(self) -> Round | None:
        """The round the report is verified and paid in: the one it was carried to, else its application's."""
        if self.carried_to_id:
            return self.carried_to
        return self.application.round if self.application_id else None

    @property
    def computed_grade(self) -> int | None:
        """HAZ-GRADE from the consequences, shown beside the experts' grade."""
        if None in (self.deaths, self.serious_injuries, self.direct_loss):
            return None
        return grade_for(self.deaths, self.serious_injuries, self.direct_loss)

    @property
    def effective_grade(self) -> int | None:
        """The grade that counts: the municipal re-assessment if any, else the experts' (H§4, H§6)."""
        return self.reassessed_grade or self.expert_grade

    @property
    def grade_differs(self) -> bool:
        computed = self.computed_grade
        return bool(computed and self.expert_grade and computed != self.expert_grade)

    @property
    def effective_grade_label(self) -> str:
        return GRADE_LABELS.get(self.effective_grade, "—")

    @property
    def computed_grade_label(self) -> str:
        return GRADE_LABELS.get(self.computed_grade, "—")

    @property
    def finder_display(self) -> str:
        if self.finder_kind == FinderKind.COLLECTIVE:
            return f"{self.finder_name}（集体）"
        return self.finder_name


def in_round(round_) -> models.Q:
    """HAZ-ROUND: the reports a round verifies and pays — its submitted applications' reports that were not
    carried to a later round, and the reports carried into it. The round's applications are read first (one small
    query), so that both sides are conditions on the report's own indexed columns and PostgreSQL ORs two index
    scans: an OR across the join (or over a subquery) read all 200,000 reports of a province for every round page
    (issue 10)."""
    submitted = list(Application.objects.filter(round=round_, status=ApplicationState.SUBMITTED)
                     .order_by().values_list("pk", flat=True))
    return models.Q(carried_to=round_) | models.Q(application__in=submitted, carried_to__isnull=True)


class FinderMember(models.Model):
    """A member of a collective finder (H§10: 个人或集体)."""

    report = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=60)
    position = models.CharField("岗位", max_length=120, blank=True)

    class Meta:
        verbose_name = "集体成员"
        verbose_name_plural = "集体成员"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class DuplicateDismissal(models.Model):
    """A proposed pair the reviewer said is not the same hazard; it is not proposed again."""

    first = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(HazardReport, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dismissed_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "排除的重复建议"
        verbose_name_plural = "排除的重复建议"
        indexes = [models.Index(fields=["first", "second"])]

    def __str__(self) -> str:
        return f"#{self.first_id} ≠ #{self.second_id}"


class HazardSynonym(models.Model):
    """HAZ-FIRST: the reviewer's additions to the hazard vocabulary (hazards.matching.SYNONYMS): a word
    people write and the word it is compared as. Reference data, not a business record: the admin edits
    it, and every change is recorded in the history (hazards.admin.HazardSynonymAdmin)."""

    word = models.CharField("写法", max_length=30, unique=True)
    canonical = models.CharField("统一为", max_length=30)

    class Meta:
        verbose_name = "隐患同义词"
        verbose_name_plural = "隐患同义词"
        ordering = ["canonical", "word"]

    def __str__(self) -> str:
        return f"{self.word} → {self.canonical}"


class UnitAlias(models.Model):
    """HAZ-FIRST: two hazard-unit records that are one unit (…集团有限公司 / …集团). Reports of either are
    compared with each other; the records themselves are kept (SYS-KEEP). Made by hazards.units.merge_units,
    with history."""

    unit = models.ForeignKey(WorkUnit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    alias = models.OneToOneField(WorkUnit, verbose_name="同一单位的另一记录", on_delete=models.PROTECT,
                                 related_name="+")
    reason = models.CharField("理由", max_length=200)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        indexes = [models.Index(fields=["unit"], name="hazards_unitalias_unit_idx")]

    def __str__(self) -> str:
        return f"{self.alias} = {self.unit}"


class Payee(models.Model):
    """HAZ-PAYEE: a person the reward is paid to — the individual finder, or each member of a collective.
    Personal data: templates and exports show `masked_*`; the unmasked values only reach the paying finance
    through services.payees_revealed (which records the view) and the bank file."""

    report = models.ForeignKey(HazardReport, verbose_name="隐患报告", on_delete=models.CASCADE, related_name="payees")
    order = models.PositiveSmallIntegerField("序号", default=0)
    name = models.CharField("姓名", max_length=60)
    id_number = models.CharField("身份证号码", max_length=18)
    bank = models.CharField("开户银行", max_length=60)
    branch = models.CharField("开户网点", max_length=120)
    account = models.CharField("银行账号", max_length=30)

    class Meta:
        verbose_name = "收款人"
        verbose_name_plural = "收款人"
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_id(self.id_number)

    @property
    def masked_account(self) -> str:
        return mask_account(self.account)


class RewardSplit(models.Model):
    """A collective's reward split among its members. Never edited: a change is a new split; the latest counts."""

    report = models.ForeignKey(HazardReport, verbose_name="隐患报告", on_delete=models.PROTECT, related_name="splits")
    amount = models.DecimalField("奖励金额", max_digits=14, decimal_places=2)
    reason = models.CharField("调整说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调整人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("调整时间", auto_now_add=True)

    class Meta:
        verbose_name = "集体奖励分配"
        verbose_name_plural = "集体奖励分配"
        ordering = ["-created_at", "-pk"]


class SplitPart(models.Model):
    split = models.ForeignKey(RewardSplit, on_delete=models.PROTECT, related_name="parts")
    payee = models.ForeignKey(Payee, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "分配份额"
        verbose_name_plural = "分配份额"
        ordering = ["payee__order", "payee__pk"]


class Payment(models.Model):
    """One attempt to pay one payee their part (HAZ-PAYEE). Never edited in place: a failed attempt is marked
    failed, then re-issued as a new attempt; at most one live (issued or paid) attempt per payee and round."""

    round = models.ForeignKey(Round, verbose_name="年度", on_delete=models.PROTECT, related_name="payments")
    report = models.ForeignKey(HazardReport, verbose_name="隐患报告", on_delete=models.PROTECT,
                               related_name="payments")
    payee = models.ForeignKey(Payee, verbose_name="收款人", on_delete=models.PROTECT, related_name="payments")
    attempt = models.PositiveSmallIntegerField("发放次数", default=1)
    previous = models.OneToOneField("self", verbose_name="原发放记录", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reissue")
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    status = models.CharField("状态", max_length=20, choices=PaymentState.choices, default=PaymentState.ISSUED)
    bank_reference = models.CharField("银行流水号", max_length=60, blank=True)
    failure_reason = models.CharField("失败原因", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发放人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "奖励发放记录"
        verbose_name_plural = "奖励发放记录"
        ordering = ["report", "payee__order", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "payee"], condition=models.Q(status__in=LIVE_PAYMENTS),
                name="hazard_payment_once_per_payee",
            ),
            models.CheckConstraint(name="hazard_payment_positive", condition=models.Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.payee} · 第{self.attempt}次"
