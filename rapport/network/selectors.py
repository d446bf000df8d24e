"""Reads about who is connected to whom, honouring each member's privacy.

Degrees, mutual connections, reach, suggestions and paths come from the graph index
(`rapport.network.graph`), never from joins over the connections table.

One rule for all of them (decision 0011): an answer passes only through members whose
connection list the viewer may see. The viewer's own connections may be passed
through unless their list is "only me" (or they are deactivated); anyone further away
only if their list is shown to everyone. So no badge, count, suggestion or path says
anything about a private list, and enumerating them reveals nothing either.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Q, QuerySet, Subquery

from rapport.accounts.models import ConnectionsVisibility, EmailVisibility, User
from rapport.core.compiled import Reusable
from rapport.core.request_memo import remembered
from rapport.network.models import Block, Connection

# The graph index's answers live in reach.py; their names stay importable from here.
from rapport.network.reach import (  # noqa: F401 (re-exported)
    degrees_for,
    ego_network,
    graph_lag,
    is_visible_mutual,
    mutual_connections,
    mutual_connections_for,
    network_at_company,
    paths_between,
    private_connections,
    second_degree_size,
    share_a_connection,
    suggested_ids,
)


def are_connected(a_id: int, b_id: int) -> bool:
    """Whether the two are connected; asked once per page view (a profile asks it for the
    button, the connection list and the e-mail address)."""
    if a_id == b_id:
        return False
    low, high = sorted((a_id, b_id))
    return remembered(
        ("network.are_connected", low, high), lambda: bool(_CONNECTED.rows(low=low, high=high))
    )


_CONNECTED = Reusable(
    lambda *, low, high: Connection.objects.filter(
        member_low_id=low, member_high_id=high
    ).values_list("pk")[:1]
)


@dataclass(frozen=True)
class Pair:
    """What a write between two members checks first: a block either way, and when they
    connected (None: they are not)."""

    blocked: bool
    connected_at: dt.datetime | None
    # What the caller asked of the pair in the same query (`also`), by name.
    also: dict[str, Any] = field(default_factory=dict)


# Questions a capability above asks of a pair with `pair_between`: given the two ids,
# the expressions to read (for the first member's row), by name. A module-level
# function, so the query it shapes is built once (rapport/core/compiled.py).
PairQuestions = Callable[[int, int], Mapping[str, Any]]


def _pair_query(
    *, a: int, b: int, low: int, high: int, also: PairQuestions | None
) -> QuerySet[Any]:
    blocked = Block.objects.filter(Q(member_id=a, blocked_id=b) | Q(member_id=b, blocked_id=a))
    since = Connection.objects.filter(member_low_id=low, member_high_id=high).values("created_at")
    extra = dict(also(a, b)) if also is not None else {}
    return (
        User.objects.filter(pk=a)
        .annotate(blocked=Exists(blocked), connected_at=Subquery(since[:1]), **extra)
        .values_list("blocked", "connected_at", *extra)[:1]
    )


_PAIR = Reusable(_pair_query)


@functools.cache
def _answer_names(also: PairQuestions) -> list[str]:
    return list(also(0, 0))


def pair_between(a_id: int, b_id: int, *, also: PairQuestions | None = None) -> Pair:
    """`is_blocked_between` and `connection_between` in one query (the send paths ask
    both of every message), with any expressions a capability above needs of the pair
    (`also`, evaluated for member `a_id`'s row) in the same round trip."""
    if also is not None and (also.__name__ == "<lambda>" or getattr(also, "__closure__", None)):
        # Each would be a new shape, compiled and kept once per call.
        raise TypeError("pair_between's questions must be a module-level function.")
    low, high = sorted((a_id, b_id))
    rows = _PAIR.rows(a=a_id, b=b_id, low=low, high=high, shape={"also": also})
    names = _answer_names(also) if also is not None else []
    if not rows:  # no such member: nothing to be blocked by or connected to
        return Pair(blocked=False, connected_at=None, also=dict.fromkeys(names))
    row = rows[0]
    return Pair(
        blocked=bool(row[0]),
        connected_at=row[1] if a_id != b_id else None,
        also=dict(zip(names, row[2:], strict=True)),
    )


def is_blocked_between(a_id: int, b_id: int) -> bool:
    """Whether either member has blocked the other: a block shuts both directions."""
    return Block.objects.filter(
        Q(member_id=a_id, blocked_id=b_id) | Q(member_id=b_id, blocked_id=a_id)
    ).exists()


def has_blocked(member_id: int, other_id: int) -> bool:
    """Whether `member_id` blocked `other_id` (and so may unblock them)."""
    return Block.objects.filter(member_id=member_id, blocked_id=other_id).exists()


# Asked on most pages (the feed, cards, search): built once (core/compiled.py).
_BLOCKS = Reusable(
    lambda *, member: Block.objects.filter(Q(member_id=member) | Q(blocked_id=member)).values_list(
        "member_id", "blocked_id"
    )
)
_CONNECTIONS = Reusable(
    lambda *, member: Connection.objects.filter(
        Q(member_low_id=member) | Q(member_high_id=member)
    ).values_list("member_low_id", "member_high_id")
)


def blocked_ids(member_id: int) -> set[int]:
    """Everyone this member blocked or was blocked by."""
    return {
        blocked if blocker == member_id else blocker
        for blocker, blocked in _BLOCKS.rows(member=member_id)
    }


def blocked_by(member_id: int) -> QuerySet[User]:
    """The members this member blocked, most recent first: their settings list."""
    return User.objects.filter(
        pk__in=Block.objects.filter(member_id=member_id).values("blocked_id")
    ).order_by("display_name")


def connection_between(a_id: int, b_id: int) -> Connection | None:
    low, high = sorted((a_id, b_id))
    return Connection.objects.filter(member_low_id=low, member_high_id=high).first()


def connected_ids(member_id: int) -> set[int]:
    return {high if low == member_id else low for low, high in _CONNECTIONS.rows(member=member_id)}


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
    return _CONNECTIONS.count(member=member_id)


def connected_q(member_id: int, field: str) -> Q:
    """Rows whose `field` (a member id) is one of the member's connections, by two
    subqueries on the connection table rather than a list of ids sent with the query."""
    low = Connection.objects.filter(member_high_id=member_id).values("member_low_id")
    high = Connection.objects.filter(member_low_id=member_id).values("member_high_id")
    return Q(**{f"{field}__in": low}) | Q(**{f"{field}__in": high})


def connections_of(member_id: int) -> QuerySet[User]:
    """The member's connections as members, by name. No privacy check: callers do that."""
    return User.objects.filter(connected_q(member_id, "pk"), is_active=True).order_by(
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
