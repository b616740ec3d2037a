from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "事故隐患奖励"

    def ready(self) -> None:
        from jinan_union.exports import register_exporter

        from . import (  # noqa: F401  (selectors registers report and application files, SYS-FILES)
            exports,
            selectors,
            workflows,  # noqa: F401  (registers the move tables of reports, applications, rounds, groups)
        )

        register_exporter(exports.REPORTS_EXPORT, exports.reports_export)
        register_exporter(exports.APPLICATIONS_EXPORT, exports.applications_export)
