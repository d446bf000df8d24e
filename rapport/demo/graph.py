"""Who knows whom: connections in clusters, with a heavy tail of connectors.

Two ideas, both in docs/decisions/0004-demo-community.md:

- The heavy tail is set first. Members are ranked at random and the member at
  rank r aims for about top·(r+1)^-0.475 connections (a Zipf-like curve), so a
  few connectors aim at most of the community and the median member at a few
  dozen. Each member then starts about half their target of connections and
  chooses whom to connect with in proportion to the others' targets — the
  Chung–Lu construction — so a member's expected degree is close to their target.
- Clusters come from where a member looks for someone to connect with: usually
  among colleagues whose time at an employer overlapped theirs, then classmates,
  people in the same city, the same industry, and occasionally anyone. When one
  circle is exhausted the member looks in the next, wider one.

Connectors' targets are larger than their circles, so a second pass tops up
anyone still short of their target from their city, their industry and then
anyone at all, chosen evenly: that is how the few who know everyone get there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from random import Random

from rapport.demo.choices import Weighted
from rapport.demo.plan import PlannedConnection, PlannedMember
from rapport.network.models import ConnectionSource

ZIPF_EXPONENT = 0.475
# The best-connected member aims at this share of the community, up to a ceiling.
TOP_SHARE = 0.6
TOP_CEILING = 4000
CONNECTOR_SHARE = 0.003
NEWCOMER_SHARE = 0.04
# Where members look for a connection, and how often they start in each circle.
CIRCLES = ("colleagues", "classmates", "city", "industry", "anyone")
CIRCLE_ODDS = (0.45, 0.12, 0.25, 0.10, 0.08)
# Where the top-up pass looks: city, industry, anyone.
TOP_UP_ODDS = (0.5, 0.3, 0.2)
# Misses in a row in a circle after which the top-up takes it as used up.
TOP_UP_PATIENCE = 20
IMPORT_SHARE = 0.2


def degree_targets(
    size: int, rng: Random, pinned: dict[int, float]
) -> tuple[list[int], list[bool]]:
    """How many connections each member aims at, and who the super-connectors are.

    `pinned` places chosen members at a fraction of the ranking (0.02 = top 2 %).
    """
    ranks = list(range(size))
    rng.shuffle(ranks)
    for index, fraction in sorted(pinned.items()):
        wanted = min(size - 1, int(fraction * size))
        holder = ranks.index(wanted)
        ranks[index], ranks[holder] = ranks[holder], ranks[index]
    top = min(TOP_SHARE * (size - 1), TOP_CEILING)
    connectors = max(1, round(size * CONNECTOR_SHARE))
    targets, is_connector = [], []
    for index, rank in enumerate(ranks):
        target = top * (rank + 1) ** -ZIPF_EXPONENT * rng.lognormvariate(0.0, 0.15)
        if index not in pinned and rank > size * 0.05 and rng.random() < NEWCOMER_SHARE:
            target = rng.randint(1, 5)
        targets.append(max(1, min(size - 1, round(target))))
        is_connector.append(rank < connectors and index not in pinned)
    return targets, is_connector


def _overlapping(spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Pairs of members whose (start, end, member) spans overlap, each pair once."""
    spans.sort()
    pairs = []
    for n, (_, end, member) in enumerate(spans):
        for other_start, _, other in spans[n + 1 :]:
            if other_start > end:
                break
            if other != member:
                pairs.append((member, other))
    return pairs


def _circles(members: list[PlannedMember], this_month: int) -> list[dict[int, list[int]]]:
    """For each member: overlapping colleagues, classmates, city and industry neighbours."""
    by_company: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    by_school: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for m in members:
        for p in m.positions:
            by_company[p.company].append(
                (p.started, this_month if p.ended is None else p.ended, m.index)
            )
        for e in m.education:
            by_school[e.school].append((e.start_year, e.end_year, m.index))
    colleagues: dict[int, set[int]] = defaultdict(set)
    classmates: dict[int, set[int]] = defaultdict(set)
    for groups, known in ((by_company, colleagues), (by_school, classmates)):
        for key in sorted(groups):
            for a, b in _overlapping(groups[key]):
                known[a].add(b)
                known[b].add(a)
    city: dict[str, list[int]] = defaultdict(list)
    industry: dict[str, list[int]] = defaultdict(list)
    for m in members:
        city[m.city].append(m.index)
        industry[m.industry].append(m.index)
    everyone = [m.index for m in members]
    return [
        {i: sorted(found) for i, found in colleagues.items()},
        {i: sorted(found) for i, found in classmates.items()},
        {m.index: city[m.city] for m in members},
        {m.index: industry[m.industry] for m in members},
        {m.index: everyone for m in members},
    ]


def connections_plan(
    members: list[PlannedMember],
    *,
    this_month: int,
    rng: Random,
    known: tuple[tuple[int, int], ...] = (),
) -> list[PlannedConnection]:
    """Connect the community; see the module docstring for how.

    `known` are pairs connected whatever the dice say (the demo log-ins know each other).
    """
    targets = [float(m.degree_target) for m in members]
    circles = _circles(members, this_month)
    # One weighted picker per distinct list: the city, industry and "anyone" lists are
    # shared by many members, so they are built once.
    pickers: dict[int, Weighted[int]] = {}

    def picker(people: list[int]) -> Weighted[int]:
        found = pickers.get(id(people))
        if found is None:
            found = Weighted(people, [targets[j] for j in people])
            pickers[id(people)] = found
        return found

    odds = Weighted(range(len(CIRCLES)), CIRCLE_ODDS)
    pairs: set[tuple[int, int]] = set()
    made: list[tuple[int, int]] = []
    degree = [0] * len(members)

    def connect(i: int, j: int) -> bool:
        pair = (i, j) if i < j else (j, i)
        if i == j or pair in pairs:
            return False
        pairs.add(pair)
        made.append(pair)
        degree[i] += 1
        degree[j] += 1
        return True

    for a, b in known:
        connect(a, b)
    for m in members:
        i = m.index
        # Randomised rounding keeps small targets unbiased.
        starts = int(m.degree_target / 2 + rng.random())
        own = [circle.get(i) for circle in circles]
        for _ in range(starts):
            first = odds.pick(rng)
            for circle in range(first, first + 4):
                people = own[min(circle, len(CIRCLES) - 1)]
                if not people:
                    continue
                if connect(i, picker(people).pick(rng)):
                    break
    for m in members:
        short = m.degree_target - degree[m.index]
        if short > 0:
            _top_up(m.index, short, [circles[c][m.index] for c in (2, 3, 4)], connect, rng)
    joined = [m.joined_days_ago for m in members]
    connections = []
    for low, high in sorted(made):
        connections.append(
            PlannedConnection(
                low=low,
                high=high,
                source=(
                    ConnectionSource.IMPORT
                    if rng.random() < IMPORT_SHARE
                    else ConnectionSource.OPERATOR
                ),
                # Nobody connected before both of them had joined.
                days_ago=rng.randint(0, min(joined[low], joined[high])),
            )
        )
    return connections


def _top_up(
    i: int,
    short: int,
    circles: list[list[int]],
    connect: Callable[[int, int], bool],
    rng: Random,
) -> None:
    """Connect member i to `short` more people, leaving a circle once it is used up."""
    odds = list(TOP_UP_ODDS)
    misses = [0] * len(circles)
    for _ in range(4 * short + 60):
        if short <= 0 or not any(odds):
            return
        circle = Weighted(range(len(circles)), odds).pick(rng)
        people = circles[circle]
        if connect(i, people[rng.randrange(len(people))]):
            short -= 1
            misses[circle] = 0
            continue
        misses[circle] += 1
        if misses[circle] > TOP_UP_PATIENCE:
            odds[circle] = 0.0


def shares_context(a: PlannedMember, b: PlannedMember) -> bool:
    """Whether two members share an employer, a school or a city: what makes a cluster."""
    if a.city == b.city:
        return True
    if {p.company for p in a.positions} & {p.company for p in b.positions}:
        return True
    return bool({e.school for e in a.education} & {e.school for e in b.education})


def median(values: list[int]) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2
