"""What the network says about members, shaped for members' pages.

Degrees, mutual connections and the paths between two members come from the
graph index (network.selectors); this module only applies the last privacy rule a
page needs: a step of a path is shown only where the viewer may see the
connection it stands for.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rapport.accounts.models import ConnectionsVisibility, User
from rapport.network import selectors as network


@dataclass
class NetworkView:
    degrees: dict[int, int | None]
    mutuals: dict[int, tuple[int, list[User]]]


def for_members(
    viewer: User,
    members: list[User],
    *,
    degrees: dict[int, int | None] | None = None,
    private: set[int] | None = None,
) -> NetworkView:
    """Degree badges and mutual-connection counts for a page of members: one batch each
    (none for the degrees when the caller already has them, as search does; `private`:
    the viewer's private connections, when the page needs them for more than this)."""
    ids = [m.pk for m in members]
    return NetworkView(
        degrees=(
            degrees if degrees is not None else network.degrees_for(viewer.pk, ids, private=private)
        ),
        mutuals=network.mutual_connections_for(viewer, members, limit=3),
    )


def _edge_visible(viewer: User, a: User, b: User, viewer_links: set[int]) -> bool:
    """Whether showing that a and b are connected tells the viewer nothing they may not see."""
    for end in (a, b):
        if end.pk == viewer.pk:
            return True
        visibility = end.connections_visibility
        if visibility == ConnectionsVisibility.EVERYONE:
            return True
        if visibility == ConnectionsVisibility.CONNECTIONS and end.pk in viewer_links:
            return True
    return False


def paths_to(viewer: User, target: User, *, k: int = 3) -> list[list[User]]:
    """How the viewer is connected to `target`: up to k paths of at most 3 hops, each
    hop one the viewer may see."""
    if viewer.pk == target.pk:
        return []
    paths = network.paths_between(viewer.pk, target.pk, k)
    ids = {i for path in paths for i in path}
    people: dict[int, User] = User.objects.in_bulk(sorted(ids)) if ids else {}
    links = network.connected_among(viewer.pk, sorted(ids))
    shown = []
    for path in paths:
        members = [people[i] for i in path if i in people]
        if len(members) != len(path):
            continue
        if all(_edge_visible(viewer, a, b, links) for a, b in itertools.pairwise(members)):
            shown.append(members)
    return shown


@dataclass
class InNetwork:
    member: User
    degree: int
    via: User | None


def in_network_at(
    viewer: User, company_id: int, *, shown: int = 10, private: set[int] | None = None
) -> tuple[list[InNetwork], int]:
    """The first `shown` of the 1st- and 2nd-degree members working at the company, each
    2nd with who links you, and how many there are in all."""
    rows = network.network_at_company(viewer.pk, company_id, vias_for=shown, private=private)
    page = rows[:shown]
    ids = {m for m, _, _ in page} | {v for _, _, v in page if v is not None}
    people = User.objects.in_bulk(sorted(ids)) if ids else {}
    return [
        InNetwork(member=people[m], degree=d, via=people.get(v) if v is not None else None)
        for m, d, v in page
        if m in people
    ], len(rows)
