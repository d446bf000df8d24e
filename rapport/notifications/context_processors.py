from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rapport.notifications.selectors import unseen_count


def badge_context(count: Any) -> dict[str, Any]:
    return {
        "unread_notifications": count,
        "notification_poll_seconds": settings.RAPPORT["NOTIFICATION_POLL_SECONDS"],
    }


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The navigation badge: notifications not yet seen in the list. Counted only if a
    template shows it and the view has not counted it already (the notifications page
    passes its own, from the one query that counts everything)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return badge_context(SimpleLazyObject(lambda: unseen_count(recipient=user)))
