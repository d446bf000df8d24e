"""Whom a member may @mention: connections first, then other members, for autocomplete.

Only what a search already shows (name, handle, headline) comes back, and nobody on
either side of a block. A member outside one's connections is marked, because naming
them uses the daily allowance.
"""

from __future__ import annotations

from django.db.models import Q

from rapport.accounts.models import User
from rapport.network import selectors as network

LIMIT = 8


def mentionable(
    member: User, query: str, *, connections_only: bool = False
) -> list[dict[str, object]]:
    query = query.strip().lstrip("@")[:40]
    if not query:
        return []
    matches = (
        Q(handle__istartswith=query)
        | Q(display_name__istartswith=query)
        | Q(display_name__icontains=f" {query}")
    )
    base = User.objects.filter(matches, is_active=True, awaiting_confirmation=False).exclude(
        pk=member.pk
    )
    blocked = network.blocked_ids(member.pk)
    if blocked:
        base = base.exclude(pk__in=blocked)
    connected = network.connected_ids(member.pk)
    rows = list(
        base.filter(pk__in=connected)
        .select_related("profile")
        .order_by("display_name", "pk")[:LIMIT]
    )
    if not connections_only and len(rows) < LIMIT:
        rows += list(
            base.exclude(pk__in=connected)
            .select_related("profile")
            .order_by("display_name", "pk")[: LIMIT - len(rows)]
        )
    return [
        {
            "handle": u.handle,
            "name": u.display_name,
            "headline": getattr(getattr(u, "profile", None), "headline", ""),
            "connection": u.pk in connected,
        }
        for u in rows
    ]
