from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "rapport.invitations"
    label = "invitations"

    def ready(self) -> None:
        from rapport.invitations import notification_kinds  # noqa: F401
        from rapport.invitations.services.answers import invitations_end_on_block
        from rapport.network.services import block_step

        block_step(invitations_end_on_block)
