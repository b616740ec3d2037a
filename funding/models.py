"""The grant of S§12 and the union books it runs through (S§13), audit findings (S§14, S§18).

Journal entries and lines are append-only: the database refuses to change or remove them (migration
0002's triggers) and, on PostgreSQL, refuses at commit an entry whose lines do not balance. Through
the ORM lines are only written by `services.post_entry`, which checks the balance first.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from jinan_union.models import Organisation
from jinan_union.money import format_yuan
from studios.models import Studio

from .enums import (
    DEBIT_NORMAL,
    AccountType,
    FindingStatus,
    GrantStage,
    RecoveryStep,
    SpendingCategory,
    TransferStep,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class Account(models.Model):
    """One account of a union's chart (会计科目); sub-accounts (明细科目) point to their parent.

    `key` names the account's place in the app's postings (funding/chart.py: "bank", "biz_special", …) and never
    changes; `code` and `name` are the union's, kept by its finance, each change an `AccountVersion`."""

    union = models.ForeignKey(Organisation, verbose_name="工会", on_delete=models.PROTECT, related_name="accounts")
    key = models.CharField("系统标识", max_length=30, editable=False)
    code = models.CharField("科目编号", max_length=10)
    name = models.CharField("科目名称", max_length=60)
    type = models.CharField("类别", max_length=20, choices=AccountType.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级科目", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = "会计科目"
        verbose_name_plural = "会计科目"
        ordering = ["union__path", "code"]
        constraints = [
            models.UniqueConstraint(fields=["union", "code"], name="funding_account_code_per_union"),
            models.UniqueConstraint(fields=["union", "key"], name="funding_account_key_per_union"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.parent.name}—{self.name}" if self.parent_id else self.name

    @property
    def debit_normal(self) -> bool:
        return self.type in DEBIT_NORMAL


SYSTEM_CHANGE = "系统（数据迁移）"


class AccountVersion(models.Model):
    """One change of an account's code or name by the union's finance (FUN-POSTING): who, when, old → new and
    why. The account row carries the current version; these rows are its history, never changed. No
    `changed_by`: the system changed it, in a data migration (funding/0007's corrected default codes)."""

    account = models.ForeignKey(Account, verbose_name="科目", on_delete=models.PROTECT, related_name="versions")
    old_code = models.CharField("原科目编号", max_length=10)
    old_name = models.CharField("原科目名称", max_length=60)
    code = models.CharField("新科目编号", max_length=10)
    name = models.CharField("新科目名称", max_length=60)
    reason = models.CharField("修改原因", max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+"
    )
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)

    class Meta:
        verbose_name = "会计科目修改记录"
        verbose_name_plural = "会计科目修改记录"
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.old_code} {self.old_name} → {self.code} {self.name}"

    @property
    def changed_by_label(self) -> str:
        return self.changed_by.display_name if self.changed_by_id else SYSTEM_CHANGE

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("科目修改记录不可修改。")
        super().save(*args, **kwargs)


class JournalEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("已过账的凭证不可修改，请做红字冲销。")

    def delete(self):
        raise PermissionError("已过账的凭证不可删除，请做红字冲销。")


class JournalEntry(models.Model):
    """A posted voucher (记账凭证). Posted when written; corrected only by a reversing entry."""

    union = models.ForeignKey(
        Organisation, verbose_name="记账工会", on_delete=models.PROTECT, related_name="journal_entries"
    )
    date = models.DateField("记账日期")
    voucher_year = models.PositiveSmallIntegerField("凭证年度")
    number = models.PositiveIntegerField("凭证号")
    description = models.CharField("摘要", max_length=200)
    amount = models.DecimalField("金额", **MONEY)
    grant = models.ForeignKey(
        "Grant", verbose_name="资助", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    cause_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    cause_id = models.PositiveBigIntegerField(null=True, blank=True)
    cause = GenericForeignKey("cause_type", "cause_id")
    reverses = models.OneToOneField(
        "self", verbose_name="冲销的凭证", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记账人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("过账时间", auto_now_add=True)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "记账凭证"
        verbose_name_plural = "记账凭证"
        ordering = ["union__path", "date", "voucher_year", "number"]
        # A union's journal for a period, in date order (funding.selectors.journal).
        indexes = [models.Index(fields=["union", "date", "voucher_year", "number"], name="journal_union_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["union", "voucher_year", "number"], name="funding_voucher_unique_per_union_year"
            ),
            models.CheckConstraint(name="funding_entry_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_label} {self.description}"

    @property
    def voucher_label(self) -> str:
        return f"记-{self.voucher_year}-{self.number:04d}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("已过账的凭证不可修改，请做红字冲销。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("已过账的凭证不可删除，请做红字冲销。")


class JournalLineQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("分录不可修改。")

    def delete(self):
        raise PermissionError("分录不可删除。")

    def bulk_create(self, objs, *args, **kwargs):
        raise PermissionError("分录只能通过 funding.services.post_entry 记账。")


class JournalLine(models.Model):
    entry = models.ForeignKey(JournalEntry, verbose_name="凭证", on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, verbose_name="科目", on_delete=models.PROTECT, related_name="lines")
    debit = models.DecimalField("借方", default=ZERO, **MONEY)
    credit = models.DecimalField("贷方", default=ZERO, **MONEY)

    objects = JournalLineQuerySet.as_manager()

    class Meta:
        verbose_name = "分录"
        verbose_name_plural = "分录"
        ordering = ["entry", "pk"]
        constraints = [
            models.CheckConstraint(
                name="funding_line_one_side_positive",
                condition=(Q(debit__gt=0) & Q(credit=0)) | (Q(debit=0) & Q(credit__gt=0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} 借{self.debit} 贷{self.credit}"

    def save(self, *args, _posting: bool = False, **kwargs) -> None:
        # Only post_entry passes _posting, after it has checked that the entry's lines balance.
        if not _posting or self.pk is not None:
            raise PermissionError("分录只能通过 funding.services.post_entry 记账。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("分录不可删除。")


class Grant(models.Model):
    """The one-time ¥50,000.00 grant to a newly named municipal studio (S§12). One per studio."""

    studio = models.OneToOneField(Studio, verbose_name="创新工作室", on_delete=models.PROTECT, related_name="grant")
    amount = models.DecimalField("资助金额", **MONEY)
    system_union = models.ForeignKey(Organisation, verbose_name="系统工会", on_delete=models.PROTECT, related_name="+")
    grassroots_union = models.ForeignKey(
        Organisation, verbose_name="所在单位基层工会", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("拨付进度", max_length=20, choices=GrantStage.choices, default=GrantStage.AWAITING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "资助资金"
        verbose_name_plural = "资助资金"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="grant_list_order_idx")]
        constraints = [models.CheckConstraint(name="funding_grant_amount_positive", condition=Q(amount__gt=0))]

    def __str__(self) -> str:
        return f"{self.studio} 资助资金"


class Transfer(models.Model):
    """One step of the money's way (S§13) and the entry it posted. A reversed step may be recorded again."""

    grant = models.ForeignKey(Grant, verbose_name="资助", on_delete=models.PROTECT, related_name="transfers")
    step = models.CharField("环节", max_length=30, choices=TransferStep.choices)
    date = models.DateField("到账/拨付日期")
    reference = models.CharField("银行回单号", max_length=60, blank=True)
    entry = models.OneToOneField(
        JournalEntry, verbose_name="凭证", null=True, on_delete=models.PROTECT, related_name="transfer"
    )
    is_reversed = models.BooleanField("已冲销", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记账人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "拨付记录"
        verbose_name_plural = "拨付记录"
        ordering = ["grant", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "step"],
                condition=Q(is_reversed=False),
                name="funding_transfer_once_per_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant} · {self.get_step_display()}"


class Spending(models.Model):
    """Money spent from the custody funds (代管经费) by the grassroots union (S§12)."""

    grant = models.ForeignKey(Grant, verbose_name="资助", on_delete=models.PROTECT, related_name="spendings")
    category = models.CharField("支出类别", max_length=20, choices=SpendingCategory.choices)
    date = models.DateField("支出日期")
    amount = models.DecimalField("金额", **MONEY)
    payee = models.CharField("收款单位/人", max_length=200)
    description = models.CharField("用途说明", max_length=300, blank=True)
    entry = models.OneToOneField(
        JournalEntry, verbose_name="凭证", null=True, on_delete=models.PROTECT, related_name="spending"
    )
    is_reversed = models.BooleanField("已冲销", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "资金支出"
        verbose_name_plural = "资金支出"
        ordering = ["grant", "date", "pk"]
        constraints = [models.CheckConstraint(name="funding_spending_amount_positive", condition=Q(amount__gt=0))]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {format_yuan(self.amount)}"


class Recovery(models.Model):
    """One step of a frozen grant's unspent money on its way back (FUN-FREEZE, S§10, S§17), and the entry it
    posted. Like a transfer: once per step, corrected only by reversing its voucher."""

    grant = models.ForeignKey(Grant, verbose_name="资助", on_delete=models.PROTECT, related_name="recoveries")
    step = models.CharField("追回环节", max_length=30, choices=RecoveryStep.choices)
    date = models.DateField("退回/上缴日期")
    amount = models.DecimalField("金额", **MONEY)
    reference = models.CharField("银行回单号", max_length=60, blank=True)
    entry = models.OneToOneField(
        JournalEntry, verbose_name="凭证", null=True, on_delete=models.PROTECT, related_name="recovery"
    )
    is_reversed = models.BooleanField("已冲销", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记账人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "资助资金追回"
        verbose_name_plural = "资助资金追回"
        ordering = ["grant", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "step"], condition=Q(is_reversed=False), name="funding_recovery_once_per_step"
            ),
            models.CheckConstraint(name="funding_recovery_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.grant} · {self.get_step_display()}"


class MatchingFund(models.Model):
    """The unit's own matching funds (配套资金, S§12): kept beside the grant, never in its balance."""

    grant = models.ForeignKey(Grant, verbose_name="资助", on_delete=models.PROTECT, related_name="matching_funds")
    date = models.DateField("到位日期")
    amount = models.DecimalField("金额", **MONEY)
    source = models.CharField("资金来源", max_length=200)
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位配套资金"
        verbose_name_plural = "单位配套资金"
        ordering = ["grant", "date", "pk"]
        constraints = [models.CheckConstraint(name="funding_matching_amount_positive", condition=Q(amount__gt=0))]

    def __str__(self) -> str:
        return f"{self.source} {format_yuan(self.amount)}"


class Finding(models.Model):
    """An audit finding (审查意见) on a grant or one of its spendings, answered by finance (S§14, S§18)."""

    grant = models.ForeignKey(Grant, verbose_name="资助", on_delete=models.PROTECT, related_name="findings")
    spending = models.ForeignKey(
        Spending, verbose_name="支出", null=True, blank=True, on_delete=models.PROTECT, related_name="findings"
    )
    text = models.TextField("审查意见")
    status = models.CharField("状态", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    answer = models.TextField("财务答复", blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "审查意见"
        verbose_name_plural = "审查意见"
        ordering = ["grant", "raised_at", "pk"]
        indexes = [models.Index(fields=["-raised_at", "-id"], name="finding_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.grant} · {self.get_status_display()}"
