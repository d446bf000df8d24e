from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from rapport.notifications.selectors import unseen_count


def badge_context(count: int) -> dict[str, int]:
    return {
        "unread_notifications": count,
        "notification_poll_seconds": settings.RAPPORT["NOTIFICATION_POLL_SECONDS"],
    }


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    """The navigation badge: notifications not yet seen in the list."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return badge_context(unseen_count(recipient=user))
