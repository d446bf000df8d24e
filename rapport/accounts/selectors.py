from __future__ import annotations

from django.db.models import QuerySet

from rapport.accounts.models import AccessToken, User


def tokens_for(*, member: User) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(member=member).order_by("revoked_at", "-created_at")


def member_by_handle(handle: str) -> User | None:
    return User.objects.filter(handle=handle.lower(), is_active=True).first()
