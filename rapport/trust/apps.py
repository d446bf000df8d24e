from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "rapport.trust"
    label = "trust"
    verbose_name = "Trust"

    def ready(self) -> None:
        # Stored scores are a cache of what happened; these receivers only mark it stale.
        from rapport.trust import signals  # noqa: F401
