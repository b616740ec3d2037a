from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = "创新工作室"

    def ready(self) -> None:
        # SYS-FILES: attachments of these records are served to whoever may see the record.
        from jinan_union.files import register_owner

        from . import (
            selectors,
            workflows,  # noqa: F401  (registers the move tables)
        )
        from .models import Application, Call, Inspection, LedgerEntry, SpotCheck, Studio

        register_owner(Application, selectors.applications_visible_to)
        register_owner(Studio, selectors.studios_visible_to)
        register_owner(Call, selectors.calls_visible_to)
        register_owner(LedgerEntry, selectors.ledger_visible_to)
        register_owner(Inspection, selectors.inspections_visible_to)
        register_owner(SpotCheck, selectors.spot_checks_visible_to)
