from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "资助资金"

    def ready(self) -> None:
        from jinan_union.files import register_owner

        from . import selectors
        from .models import Spending

        # SYS-FILES: an invoice scan is served to whoever may see its spending, nobody else.
        register_owner(Spending, selectors.spendings_visible_to)
