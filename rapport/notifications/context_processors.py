from __future__ import annotations

from django.http import HttpRequest

from rapport.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(recipient=user)}
