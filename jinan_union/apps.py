from django.apps import AppConfig


class JinanUnionConfig(AppConfig):
    name = "jinan_union"
    verbose_name = "组织与系统"
