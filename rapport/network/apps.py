from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete


class NetworkConfig(AppConfig):
    name = "rapport.network"
    label = "network"

    def ready(self) -> None:
        from rapport.accounts.models import User
        from rapport.network import notification_kinds  # noqa: F401
        from rapport.network.signals import (
            forget_index_after_migrate,
            log_removals_of_deleted_member,
        )

        pre_delete.connect(
            log_removals_of_deleted_member, sender=User, dispatch_uid="network.member_deleted"
        )
        post_migrate.connect(forget_index_after_migrate, dispatch_uid="network.forget_index")
