from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "rapport.groups"
    label = "groups"

    def ready(self) -> None:
        from rapport.groups import notification_kinds  # noqa: F401
