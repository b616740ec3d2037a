from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JinanUnionConfig(AppConfig):
    name = "jinan_union"
    verbose_name = "组织与系统"

    def ready(self) -> None:
        from .files import register_owner
        from .models import WorkUnit
        from .scope import scope_by_org

        # Unit documents (e.g. proof of a sound union organisation) belong to the unit's system union.
        register_owner(WorkUnit, lambda user: scope_by_org(WorkUnit.objects.all(), user, "system_union"))

        # Every app's exporters (jinan_union.exporter.register) are in its `exports` module.
        autodiscover_modules("exports")
