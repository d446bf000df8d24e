from __future__ import annotations

from django.http import HttpRequest

from rapport.notifications.selectors import unseen_count


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    """The navigation badge: notifications not yet seen in the list."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unseen_count(recipient=user)}
