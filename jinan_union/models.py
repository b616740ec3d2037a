import uuid
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from .enums import FileType, OrgKind, Role, SystemUnionKind


class Organisation(models.Model):
    """A node of the union tree: 市总工会 → 系统工会 → 基层工会 (and the municipal departments)."""

    name = models.CharField("名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    system_kind = models.CharField(
        "系统工会类别", max_length=20, choices=SystemUnionKind.choices, blank=True,
        help_text="只对系统工会填写",
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path "/1/4/9/": the subtree of an organisation is one indexed prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                name="org_system_kind_only_for_system_unions",
                condition=(models.Q(kind="system") & ~models.Q(system_kind=""))
                | (~models.Q(kind="system") & models.Q(system_kind="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected_parent = {
            OrgKind.MUNICIPAL: None,
            OrgKind.DEPARTMENT: OrgKind.MUNICIPAL,
            OrgKind.SYSTEM: OrgKind.MUNICIPAL,
            OrgKind.GRASSROOTS: OrgKind.SYSTEM,
        }[self.kind]
        if expected_parent is None and self.parent_id:
            raise ValidationError({"parent": "市总工会没有上级组织。"})
        if expected_parent is not None and (not self.parent or self.parent.kind != expected_parent):
            raise ValidationError(
                {"parent": f"{self.get_kind_display()}的上级必须是{OrgKind(expected_parent).label}。"}
            )
        if self.kind == OrgKind.SYSTEM and not self.system_kind:
            raise ValidationError({"system_kind": "请选择系统工会类别。"})
        if self.kind != OrgKind.SYSTEM:
            self.system_kind = ""

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            self.path = new_path
            Organisation.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.save()

    @property
    def is_municipal(self) -> bool:
        return self.kind in (OrgKind.MUNICIPAL, OrgKind.DEPARTMENT)

    @property
    def system_union(self) -> "Organisation | None":
        """The system union this organisation is, or belongs to."""
        if self.kind == OrgKind.SYSTEM:
            return self
        if self.kind == OrgKind.GRASSROOTS:
            return self.parent
        return None


class WorkUnit(models.Model):
    """An enterprise or institution (所在单位) under a system union, with its own grassroots union."""

    name = models.CharField("单位名称", max_length=200)
    address = models.CharField("地址", max_length=300, blank=True)
    system_union = models.ForeignKey(
        Organisation, verbose_name="所属系统工会", on_delete=models.PROTECT,
        related_name="work_units", limit_choices_to={"kind": OrgKind.SYSTEM},
    )
    grassroots_union = models.OneToOneField(
        Organisation, verbose_name="本单位基层工会", null=True, blank=True, on_delete=models.PROTECT,
        related_name="work_unit", limit_choices_to={"kind": OrgKind.GRASSROOTS},
    )
    union_sound = models.BooleanField("工会组织健全", default=True)
    is_dedicated_rnd = models.BooleanField("原有建制的专门研发机构", default=False)
    # HAZ-FIRST (issue 15): reports of units of one enterprise, or at one address, are compared with each other.
    enterprise = models.ForeignKey(
        "self", verbose_name="所属企业（集团）", null=True, blank=True, on_delete=models.PROTECT,
        related_name="branches",
        help_text="分公司、分厂、项目部等填所属集团或总公司；同一企业各单位的隐患报告互相比对查重",
    )
    address_key = models.CharField("地址（查重规范）", max_length=300, blank=True, default="", editable=False,
                                   db_index=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["system_union__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["system_union", "name"], name="workunit_unique_name_per_union")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.grassroots_union_id and self.grassroots_union.parent_id != self.system_union_id:
            raise ValidationError({"grassroots_union": "基层工会必须隶属于所选系统工会。"})


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属组织", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    roles = models.JSONField("角色", default=list, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        unknown = [r for r in self.roles if r not in Role.values]
        if unknown:
            raise ValidationError({"roles": f"未知角色：{', '.join(unknown)}"})
        if self.roles and not self.organisation_id:
            raise ValidationError({"organisation": "有角色的用户必须属于一个组织。"})

    def has_role(self, *roles: str) -> bool:
        if not self.is_active:
            return False
        return any(r in self.roles for r in roles)

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in self.roles if r in Role.values]

    @cached_property
    def is_municipal(self) -> bool:
        return bool(self.organisation_id) and self.organisation.is_municipal

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计记录不可修改。")

    def delete(self):
        raise PermissionError("审计记录不可删除。")


class AuditEntry(models.Model):
    """One state change of a business record (SYS-AUDIT). Append-only: see migration 0002's triggers."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField("操作", max_length=60)
    from_state = models.CharField("原状态", max_length=60, blank=True)
    to_state = models.CharField("新状态", max_length=60, blank=True)
    comment = models.TextField("说明", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("审计记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录不可删除。")


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name says nothing of the original: a random UUID and the extension of the real type.
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{instance.file_type}"


class Attachment(models.Model):
    """An uploaded file. Owned by a business record once attached; before that, staged for its uploader."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("材料类别", max_length=60)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    file_type = models.CharField("文件类型", max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField("大小(字节)")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")
    # Superseded files stay (SYS-KEEP); lists show the current ones.
    replaced = models.BooleanField("已被替换", default=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "kind"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.file_type in (FileType.JPEG, FileType.PNG)


class ExportJob(models.Model):
    """A big export running as a background task; its owner watches the progress and downloads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exporter = models.CharField(max_length=80)
    title = models.CharField("名称", max_length=200)
    params = models.JSONField(default=dict, blank=True)
    fmt = models.CharField("格式", max_length=4, choices=Format.choices, default=Format.XLSX)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # What a running job does now ("正在排版 PDF"): a PDF's rows are not written one by one, so its bar alone
    # would stand still while WeasyPrint lays the pages out.
    step = models.CharField("进度", max_length=100, blank=True)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True, max_length=255)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    LOST_MESSAGE = "导出失败：后台任务没有完成（后台进程可能已停止或超时），请点“重新导出”。"

    @cached_property
    def lost(self) -> bool:
        """The job will never finish: its task failed without saying so, or it is unfinished past the timeout
        (the worker died). Computed on read; nothing is written until the user runs it again."""
        if self.status not in (self.Status.QUEUED, self.Status.RUNNING):
            return False
        from datetime import timedelta

        from django.utils import timezone

        if timezone.now() - self.created_at > timedelta(minutes=settings.EXPORT_TIMEOUT_MINUTES):
            return True
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(
            task_path="jinan_union.exports.run_export", status="FAILED", args_kwargs__args=[self.pk]
        ).exists()

    @property
    def shown_status(self) -> str:
        return self.Status.FAILED if self.lost else self.status

    @property
    def shown_status_label(self) -> str:
        return self.Status(self.shown_status).label

    @property
    def shown_error(self) -> str:
        return self.LOST_MESSAGE if self.lost else self.error

    @property
    def shown_step(self) -> str:
        return self.step if self.shown_status in (self.Status.QUEUED, self.Status.RUNNING) else ""

    @property
    def can_retry(self) -> bool:
        return self.shown_status == self.Status.FAILED

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        # Every row laid out is not yet a file: a running job stops short of 100.
        return min(99, int(self.rows_done * 100 / self.rows_total)) if self.rows_total else 0
