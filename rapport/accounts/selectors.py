from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rapport.accounts.models import AccessToken, User


def tokens_for(*, member: User) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(member=member).order_by("revoked_at", "-created_at")


def inactive_members() -> QuerySet[User, Any]:
    """Deactivated accounts' ids, as a subquery: `exclude(member_id__in=…)` keeps them
    out of a list of thousands of rows more cheaply than joining every account (the
    database hashes this small set once, from a partial index)."""
    return User.objects.filter(is_active=False).values("pk")


def member_by_handle(handle: str) -> User | None:
    return User.objects.filter(handle=handle.lower(), is_active=True).first()
