from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "事故隐患奖励"
