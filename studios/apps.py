from django.apps import AppConfig


class StudiosConfig(AppConfig):
    name = "studios"
    verbose_name = "创新工作室"
