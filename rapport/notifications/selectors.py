from __future__ import annotations

from django.db.models import QuerySet

from rapport.accounts.models import User
from rapport.notifications.models import Notification


def unread_count(*, recipient: User) -> int:
    return Notification.objects.filter(recipient=recipient, is_read=False).count()


def unseen_count(*, recipient: User) -> int:
    """What the badge shows: notifications that arrived since the member last looked."""
    return Notification.objects.filter(recipient=recipient, is_seen=False).count()


def notifications_for(*, recipient: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=recipient).select_related("actor")
