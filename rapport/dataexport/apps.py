from django.apps import AppConfig


class DataExportConfig(AppConfig):
    name = "rapport.dataexport"
    label = "dataexport"
    verbose_name = "Your data"

    def ready(self) -> None:
        from rapport.dataexport import notification_kinds, signals  # noqa: F401
