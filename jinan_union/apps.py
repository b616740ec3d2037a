from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django_tasks_db import apps as tasks_db_apps


class JinanUnionConfig(AppConfig):
    default = True
    name = "jinan_union"
    verbose_name = "组织与系统"

    def ready(self) -> None:
        from .sqlite_flush import install

        install()  # SQLite's flush may empty the append-only tables (their triggers refuse anyone else)

        from .files import register_owner
        from .models import WorkUnit
        from .scope import scope_by_org

        # Unit documents (e.g. proof of a sound union organisation) belong to the unit's system union.
        register_owner(WorkUnit, lambda user: scope_by_org(WorkUnit.objects.all(), user, "system_union"))

        # Every app's exporters (jinan_union.exporter.register) are in its `exports` module.
        autodiscover_modules("exports")


# The third-party apps shown in the admin speak Chinese too: their names here, their labels in locale/.
class AxesConfig(axes_apps.AppConfig):
    default = False
    verbose_name = "登录保护"


class TasksDbConfig(tasks_db_apps.TasksAppConfig):
    default = False
    verbose_name = "后台任务"
