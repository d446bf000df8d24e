from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "rapport.conversations"
    label = "conversations"

    def ready(self) -> None:
        from rapport.conversations import notification_kinds  # noqa: F401
