from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "rapport.invitations"
    label = "invitations"

    def ready(self) -> None:
        from rapport.invitations import notification_kinds  # noqa: F401
