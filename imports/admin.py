from django.contrib import admin

from jinan_union.admin import ReadOnlyAdmin

from .models import ImportBatch, ImportedRecord


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    """A window: batches are uploaded, confirmed and undone on the import pages only."""

    list_display = ["pk", "kind", "union", "status", "row_count", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    exclude = ["preview"]


@admin.register(ImportedRecord)
class ImportedRecordAdmin(ReadOnlyAdmin):
    list_display = ["batch", "rows", "content_type", "object_id", "label"]
