from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "事故隐患奖励"

    def ready(self) -> None:
        from . import (  # noqa: F401
            selectors,  # registers report and application files (SYS-FILES)
            units,  # stores each unit's address in matching form when it is saved (HAZ-FIRST)
            workflows,  # registers the move tables of reports, applications, rounds, groups
        )
