from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        from jinan_union.files import register_owner

        from . import selectors, workflows  # noqa: F401  (registers the batch's move table)
        from .models import ImportBatch

        # SYS-FILES: an imported workbook is served to whoever may see its batch, nobody else.
        register_owner(ImportBatch, selectors.batches_visible_to)
