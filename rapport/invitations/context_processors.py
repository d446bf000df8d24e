from __future__ import annotations

from django.http import HttpRequest

from rapport.invitations.selectors import waiting_count


def pending_invitations(request: HttpRequest) -> dict[str, int]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"pending_invitations": waiting_count(user)}
