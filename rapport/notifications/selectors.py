from __future__ import annotations

from django.db.models import QuerySet

from rapport.accounts.models import User
from rapport.notifications.models import MentionsFrom, Notification, NotificationPreferences


def unread_count(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, is_read=False).count()


def unseen_count(*, recipient: User) -> int:
    """What the badge shows: notifications that arrived since the member last looked."""
    return Notification.objects.filter(recipient=recipient, is_seen=False).count()


def notifications_for(*, recipient: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=recipient).select_related("actor")


def mentions_from_of(member_ids: list[int]) -> dict[int, str]:
    """Each member's choice of whose mentions notify them (the default when unset)."""
    chosen = dict(
        NotificationPreferences.objects.filter(member_id__in=member_ids).values_list(
            "member_id", "mentions_from"
        )
    )
    return {pk: chosen.get(pk, MentionsFrom.EVERYONE) for pk in member_ids}
