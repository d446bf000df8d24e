"""Answers from the graph index: degrees, mutual connections, suggestions, paths, who
one knows at a company, the ego network — each honouring the members' privacy.

The rule of `rapport.network.selectors` holds for all of them (decision 0011): an
answer passes only through members whose connection list the viewer may see; the
viewer's own connections unless their list is "only me" (or they are deactivated);
anyone further away only if their list is shown to everyone. Split from selectors.py,
which re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from django.db.models import Q

from rapport.accounts.models import ConnectionsVisibility, User
from rapport.accounts.selectors import inactive_members
from rapport.companies.models import Position
from rapport.core.compiled import Reusable
from rapport.core.request_memo import remembered
from rapport.network import graph
from rapport.network.models import ConnectionChange

# Ids per query when checking who may be revealed.
_ID_BATCH = 4_096


# Which members each visibility question finds (`_among`).
_CONDITIONS = {
    "hidden": Q(is_active=False) | Q(connections_visibility=ConnectionsVisibility.ONLY_ME),
    "public": Q(is_active=True, connections_visibility=ConnectionsVisibility.EVERYONE),
    "inactive": Q(is_active=False),
}
# Asked on most pages and every send: the SQL is built once per size (core/compiled.py).
_AMONG = Reusable(
    lambda *, ids, which: (
        User.objects.filter(pk__in=ids).filter(_CONDITIONS[which]).values_list("pk")
    )
)


_MEMBERS = Reusable(lambda *, ids: User.objects.filter(pk__in=ids))


def _among(ids: Iterable[int], which: str) -> set[int]:
    """Which of `ids` are members meeting the condition `which`, in batches of ids per
    query; asked once per page view (a page's selectors often ask it of the same ids:
    the viewer's connections, for the badges and again for the paths)."""
    pending = tuple(sorted(set(ids)))
    return set(remembered(("network.among", which, pending), lambda: _ask_among(pending, which)))


def _ask_among(pending: tuple[int, ...], which: str) -> frozenset[int]:
    found: set[int] = set()
    for start in range(0, len(pending), _ID_BATCH):
        batch = list(pending[start : start + _ID_BATCH])
        found.update(pk for (pk,) in _AMONG.rows(ids=batch, shape={"which": which}))
    return frozenset(found)


def _hidden_among(ids: Iterable[int]) -> set[int]:
    """Members who are never revealed as a link between others: deactivated ones, and
    those who keep their connection list to themselves."""
    return _among(ids, "hidden")


def _public_among(ids: Iterable[int]) -> set[int]:
    """Active members who show their connection list to everyone."""
    return _among(ids, "public")


def private_connections(member_id: int) -> set[int]:
    """The member's connections nobody may be reached through (see below), for callers
    that ask several questions of the graph on one page."""
    return _private_connections(graph.index(), member_id)


def _private_connections(index: graph.GraphIndex, member_id: int) -> set[int]:
    """The member's connections nobody may be reached through: those whose list is
    "only me", and deactivated members. No query when the member has no connections."""
    return _hidden_among(index.neighbours(member_id))


def _inactive_among(ids: Iterable[int]) -> set[int]:
    return _among(ids, "inactive")


def degrees_for(
    viewer_id: int, ids: Sequence[int], *, private: set[int] | None = None
) -> dict[int, int | None]:
    """The viewer's degree to each member: 0 (the viewer), 1, 2, 3, or None (out of
    network), through visible lists only (see the module's rule). One call per page:
    one query for the viewer's private connections (none when the caller has them,
    `private_connections`), and one more when a target may be 3rd degree, to see which
    of the members next to it show their list."""
    unique = list(dict.fromkeys(ids))
    if not unique:
        return {}
    index = graph.index()
    skip = private if private is not None else _private_connections(index, viewer_id)
    degrees, candidates = index.degrees_through(viewer_id, unique, skip)
    pending = {c for found in candidates for c in found}
    public = _public_among(pending) if pending else set()
    return {
        member: None if degree == 3 and public.isdisjoint(found) else degree
        for member, degree, found in zip(unique, degrees, candidates, strict=True)
    }


def mutual_connections_for(
    viewer: User, others: Sequence[User], limit: int = 3
) -> dict[int, tuple[int, list[User]]]:
    """For each other member: how many mutual connections the viewer may see, and the
    first `limit` of them (lowest id first). Two queries for a whole page.

    A mutual connection whose list is "only me", or who is deactivated, is neither
    named nor counted: showing them would reveal a connection they keep private.
    """
    index = graph.index()
    mutuals = {other.pk: index.mutual_ids(viewer.pk, other.pk) for other in others}
    hidden = _hidden_among(i for ids in mutuals.values() for i in ids)
    visible = {pk: [i for i in ids if i not in hidden] for pk, ids in mutuals.items()}
    shown = {i for ids in visible.values() for i in ids[:limit]}
    people = {person.pk: person for person in _MEMBERS.objects(ids=sorted(shown))}
    return {
        pk: (len(ids), [people[i] for i in ids[:limit] if i in people])
        for pk, ids in visible.items()
    }


def mutual_connections(viewer: User, other: User, limit: int = 3) -> tuple[int, list[User]]:
    """How many mutual connections the viewer may see with `other`, and the first few."""
    return mutual_connections_for(viewer, [other], limit)[other.pk]


def is_visible_mutual(viewer: User, other: User, candidate: User) -> bool:
    """Whether `candidate` is one of the mutual connections `mutual_connections` would
    show the viewer: connected to both, active, and not keeping their list to
    themselves. Anything else — a stranger, a private list — must get the same answer,
    or naming a candidate becomes a way to read their list one member at a time."""
    if candidate.pk in (viewer.pk, other.pk) or not candidate.is_active:
        return False
    if candidate.connections_visibility == ConnectionsVisibility.ONLY_ME:
        return False
    from rapport.network.selectors import are_connected  # selectors re-exports this module

    return are_connected(candidate.pk, viewer.pk) and are_connected(candidate.pk, other.pk)


def share_a_connection(viewer: User, other: User) -> bool:
    """Whether the two have a mutual connection the viewer may see: what "people my
    connections know" means wherever a member's setting asks for it, so a refusal
    never hints at a connection hidden behind a private list."""
    return mutual_connections(viewer, other, limit=0)[0] > 0


def second_degree_size(member_id: int) -> int:
    """How many members are exactly two hops from the member, through connections
    whose list the member may see."""
    index = graph.index()
    return index.second_degree_size(member_id, skip=_private_connections(index, member_id))


def suggested_ids(member_id: int, k: int, exclude: Collection[int] = ()) -> list[tuple[int, int]]:
    """Up to k active members the member is not connected to, most mutual connections
    first (then lowest id), leaving out `exclude`: [(member_id, mutual_count)]."""
    index = graph.index()
    private = _private_connections(index, member_id)
    skip = set(exclude)
    checked: set[int] = set()
    while True:
        found = index.suggestions(member_id, k, exclude=skip, skip=private)
        inactive = _inactive_among(i for i, _ in found if i not in checked)
        checked.update(i for i, _ in found)
        if not inactive:
            return found
        skip |= inactive


def paths_between(a_id: int, b_id: int, k: int) -> list[list[int]]:
    """Up to k paths of at most 3 hops from a to b, shortest first, as member ids, each
    step one whose list a may see: a's own connections unless their list is "only me",
    and as the second step of three only members who show their list to everyone."""
    index = graph.index()
    hidden = _private_connections(index, a_id)
    not_public: set[int] = set()
    checked: set[int] = set()
    while True:
        found = index.paths(a_id, b_id, k, exclude=hidden, exclude_far=not_public)
        far = {path[2] for path in found if len(path) == 4} - checked
        if not far:
            return found
        checked |= far
        newly = far - _public_among(far)
        if not newly:
            return found
        not_public |= newly


NEAR_ENOUGH = 5000


def network_at_company(
    viewer_id: int,
    company_id: int,
    *,
    vias_for: int | None = None,
    private: set[int] | None = None,
) -> list[tuple[int, int, int | None]]:
    """Members of the viewer's 1st and 2nd degree who work at the company now:
    [(member_id, degree, via)], 1st degree first, then by id. `via` is, for a 2nd-degree
    member, the viewer's connection who links them (the lowest id among those whose
    list the viewer may see: nobody is 2nd degree through a private list), and None
    for the 1st — worked out for the first `vias_for` rows only when given (a page shows
    ten of thousands). `private`: the viewer's private connections, when the caller
    has them (`private_connections`)."""
    index = graph.index()
    mine = index.row(viewer_id)
    if mine.shape[0] == 0:
        return []  # nobody is 1st or 2nd degree to a member without connections
    if private is None:
        private = _private_connections(index, viewer_id)
    staff = list(
        Position.objects.filter(company_id=company_id, is_current=True)
        .exclude(member_id__in=inactive_members())
        .exclude(member_id=viewer_id)
        .order_by("member_id")
        .values_list("member_id", flat=True)
        .distinct()
    )
    # Whichever side is smaller bounds the graph work: the viewer's two hops (through
    # lists they may see) when they are fewer than NEAR_ENOUGH, else everyone there now.
    near = set(mine.tolist())
    for m in mine.tolist():
        if m not in private:
            near.update(index.row(m).tolist())
            if len(near) > NEAR_ENOUGH:
                break
    if len(near) <= NEAR_ENOUGH:
        staff = [m for m in staff if m in near]
    if not staff:
        return []
    degrees, _ = index.degrees_through(viewer_id, staff, private)
    first = [m for m, d in zip(staff, degrees, strict=True) if d == 1]
    second = [m for m, d in zip(staff, degrees, strict=True) if d == 2]
    wanted = len(second) if vias_for is None else max(0, vias_for - len(first))
    vias = index.vias(viewer_id, second[:wanted], exclude=private) if wanted else []
    vias = [*vias, *([None] * (len(second) - len(vias)))]
    return [(m, 1, None) for m in first] + [
        (m, 2, via) for m, via in zip(second, vias, strict=True)
    ]


def ego_network(viewer_id: int) -> tuple[list[int], list[tuple[int, int]]]:
    """The viewer's active connections and the connections among them that the viewer may
    see: ([member_id, …] ascending, [(low, high), …] ascending). An edge is shown only when
    neither end keeps their list to themselves (decision 0011): a connection whose list is
    "only me" stays on the map, alone. Two queries; the edges come from the graph index."""
    import numpy as np

    index = graph.index()
    mine = index.row(viewer_id)
    if mine.shape[0] == 0:
        return [], []
    inactive = _inactive_among(mine.tolist())
    hidden = _hidden_among(mine.tolist())
    nodes = np.array([m for m in mine.tolist() if m not in inactive], dtype=np.int64)
    linked = np.array([m for m in nodes.tolist() if m not in hidden], dtype=np.int64)
    if linked.shape[0] < 2:
        return nodes.tolist(), []
    rows = [index.row(int(u)) for u in linked]
    src = np.repeat(linked, [r.shape[0] for r in rows])
    dst = np.concatenate(rows).astype(np.int64)
    keep = (src < dst) & np.isin(dst, linked, assume_unique=False)
    return nodes.tolist(), list(zip(src[keep].tolist(), dst[keep].tolist(), strict=True))


def graph_lag() -> dict[str, object]:
    """How far this process's graph index is behind the change log (for /readyz): the
    last change it applied, when that change was made, how many came after it (counted
    up to 10,000) and when the oldest of those was made. Reading the index first, as a
    request does, makes it catch up: what remains is what it failed to follow."""
    index = graph.index()
    unapplied = ConnectionChange.objects.filter(id__gt=index.watermark)
    behind = unapplied[:10_000].count()
    oldest = unapplied.order_by("id").values_list("created_at", flat=True).first()
    return {
        "watermark": index.watermark,
        "last_change_at": index.watermark_at.isoformat() if index.watermark_at else None,
        "behind": behind,
        "oldest_unapplied_at": oldest,
    }
