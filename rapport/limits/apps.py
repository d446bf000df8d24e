from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "rapport.limits"
    label = "limits"
    verbose_name = "Limits"

    def ready(self) -> None:
        from rapport.limits import notification_kinds  # noqa: F401
