from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "rapport.members"
    label = "members"

    def ready(self) -> None:
        from rapport.members import notification_kinds  # noqa: F401
