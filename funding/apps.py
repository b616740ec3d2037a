from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "资助资金"

    def ready(self) -> None:
        from studios.signals import studio_named

        from .hooks import on_studio_named

        # FUN-GRANT: a studio named at municipal level gets its one-time grant (funding imports studios, never
        # the reverse).
        studio_named.connect(on_studio_named, dispatch_uid="funding.grant_on_studio_named")

        from jinan_union.files import register_owner

        from . import (  # noqa: F401
            selectors,
            workflows,  # registers the move tables of grants and findings
        )
        from .models import Spending

        # SYS-FILES: an invoice scan is served to whoever may see its spending, nobody else.
        register_owner(Spending, selectors.spendings_visible_to)
