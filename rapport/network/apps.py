from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "rapport.network"
    label = "network"

    def ready(self) -> None:
        from rapport.network import notification_kinds  # noqa: F401
