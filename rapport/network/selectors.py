"""Reads about who is connected to whom, honouring each member's privacy."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from rapport.accounts.models import ConnectionsVisibility, EmailVisibility, User
from rapport.network.models import Connection


def are_connected(a_id: int, b_id: int) -> bool:
    if a_id == b_id:
        return False
    low, high = sorted((a_id, b_id))
    return Connection.objects.filter(member_low_id=low, member_high_id=high).exists()


def connection_between(a_id: int, b_id: int) -> Connection | None:
    low, high = sorted((a_id, b_id))
    return Connection.objects.filter(member_low_id=low, member_high_id=high).first()


def connected_ids(member_id: int) -> set[int]:
    rows = Connection.objects.filter(Q(member_low_id=member_id) | Q(member_high_id=member_id))
    return {
        high if low == member_id else low
        for low, high in rows.values_list("member_low_id", "member_high_id")
    }


def connected_among(member_id: int, ids: list[int]) -> set[int]:
    """Which of `ids` are connected to the member: one query for a page, not the whole network."""
    if not ids:
        return set()
    rows = Connection.objects.filter(
        Q(member_low_id=member_id, member_high_id__in=ids)
        | Q(member_high_id=member_id, member_low_id__in=ids)
    ).values_list("member_low_id", "member_high_id")
    return {high if low == member_id else low for low, high in rows}


def connection_count(member_id: int) -> int:
    return Connection.objects.filter(
        Q(member_low_id=member_id) | Q(member_high_id=member_id)
    ).count()


def connections_of(member_id: int) -> QuerySet[User]:
    """The member's connections as members, by name. No privacy check: callers do that."""
    low = Connection.objects.filter(member_high_id=member_id).values("member_low_id")
    high = Connection.objects.filter(member_low_id=member_id).values("member_high_id")
    return User.objects.filter(Q(pk__in=low) | Q(pk__in=high), is_active=True).order_by(
        "display_name", "pk"
    )


def can_see_connections(*, viewer: User | None, owner: User) -> bool:
    """Whether `viewer` may see `owner`'s connection list (and so their mutual connections)."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == owner.pk:
        return True
    if owner.connections_visibility == ConnectionsVisibility.EVERYONE:
        return True
    if owner.connections_visibility == ConnectionsVisibility.CONNECTIONS:
        return bool(viewer and viewer.is_authenticated and are_connected(viewer.pk, owner.pk))
    return False


def can_see_email(*, viewer: User | None, owner: User) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    if viewer.pk == owner.pk:
        return True
    if owner.email_visibility == EmailVisibility.CONNECTIONS:
        return are_connected(viewer.pk, owner.pk)
    return False


def connections_since(member_id: int) -> dict[int, Connection]:
    """Each of the member's connections keyed by the other member's id."""
    rows = Connection.objects.filter(Q(member_low_id=member_id) | Q(member_high_id=member_id))
    return {row.other(member_id): row for row in rows}
