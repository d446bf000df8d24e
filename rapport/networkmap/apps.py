from django.apps import AppConfig


class NetworkMapConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapport.networkmap"
    label = "networkmap"
    verbose_name = "Network map"
