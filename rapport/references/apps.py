from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "rapport.references"
    label = "references"
    verbose_name = "Reference checks"
