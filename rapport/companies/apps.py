from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "rapport.companies"
    label = "companies"

    def ready(self) -> None:
        # Stored insights are a cache of the work histories; these receivers mark it stale.
        from rapport.companies import notification_kinds, signals  # noqa: F401
