from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "rapport.limits"
    label = "limits"
    verbose_name = "Limits"
