"""An import batch (SYS-IMPORT): one uploaded workbook, its dry run and the records it wrote."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from jinan_union.models import Organisation

from .enums import BatchState, ImportKind


class ImportBatch(models.Model):
    """A workbook that passed its dry run. Its state moves through imports/workflows.py: imported as a whole
    (all rows or none), undone as a whole, or given up before."""

    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices)
    union = models.ForeignKey(
        Organisation, verbose_name="导入单位", on_delete=models.PROTECT, related_name="import_batches"
    )
    status = models.CharField("状态", max_length=20, choices=BatchState.choices, default=BatchState.PENDING)
    file_name = models.CharField("文件名", max_length=255)
    row_count = models.PositiveIntegerField("行数")
    summary = models.CharField("内容摘要", max_length=300, blank=True)
    # The dry run's view of the rows (headers and the first rows, as text) for the confirmation page.
    preview = models.JSONField("预览", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"导入批次#{self.pk}（{self.get_kind_display()}）"


class ImportedRecord(models.Model):
    """A record an import wrote, with the row(s) of the workbook it came from; the undo finds them here."""

    batch = models.ForeignKey(ImportBatch, verbose_name="导入批次", on_delete=models.PROTECT, related_name="records")
    rows = models.CharField("行号", max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField("记录", max_length=300)

    class Meta:
        verbose_name = "导入的记录"
        verbose_name_plural = "导入的记录"
        ordering = ["batch", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_record_target_idx")]

    def __str__(self) -> str:
        return f"{self.batch} 第{self.rows}行：{self.label}"
