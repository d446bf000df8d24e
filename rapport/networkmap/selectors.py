"""Reads for the network map: the member's own map as the page and the API show it.

Who is on the map and which edges show come from the live ego network (decision 0011's
rule, in `network.selectors.ego_network`); clusters, labels and positions come from
the stored map. A person who joined the network since it was computed sits with the
cluster most of their neighbours are in, near them, until the next recompute.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.networkmap.compute import OTHERS
from rapport.networkmap.models import ClusterName, NetworkMap
from rapport.trust.models import TrustScore
from rapport.trust.scoring import A_YEAR
from rapport.trust.selectors.introductions import band_of

# Colour-blind-friendly first (Okabe–Ito), then more; a cluster's colour follows its key
# so it stays the same from one visit to the next. The others are grey.
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9",
    "#b8a100", "#7b3294", "#1b9e77", "#e7298a", "#66a61e", "#a6761d",
)  # fmt: skip
GREY = "#9aa0a6"
KIND_WORDS = {"employer": "work at", "school": "went to", "city": "live in", "skill": "know"}


def tone_of(key: int) -> int:
    """The colour's place in the palette, 1–12, or 0 for the others (CSS classes)."""
    return 0 if key == OTHERS else (key - 1) % len(PALETTE) + 1


def color_of(key: int) -> str:
    return GREY if key == OTHERS else PALETTE[tone_of(key) - 1]


@dataclass(frozen=True)
class Cluster:
    key: int
    label: str  # the member's own name, else the automatic one
    automatic: str  # "Harborline Software · 23 of 31", or "" when nothing is shared
    kind: str  # employer, school, city, skill, or ""
    renamed: bool
    size: int
    color: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "automatic": self.automatic,
            "kind": self.kind,
            "renamed": self.renamed,
            "size": self.size,
            "color": self.color,
        }


def _place(
    stored: NetworkMap, nodes: list[int], edges: list[tuple[int, int]]
) -> tuple[dict[int, int], dict[int, tuple[float, float]]]:
    """Each live node's cluster key and position, stored where known, else from its
    neighbours (most common cluster, mean position), else with the others."""
    cluster = {int(m): int(k) for k, members in stored.clusters.items() for m in members}
    pos = {int(n): (float(xy[0]), float(xy[1])) for n, xy in stored.positions.items()}
    live = set(nodes)
    of = {n: cluster[n] for n in nodes if n in cluster}
    at = {n: pos[n] for n in nodes if n in pos}
    new = [n for n in nodes if n not in of]
    if new:
        near: dict[int, list[int]] = {n: [] for n in new}
        for u, v in edges:
            if u in near and v in of:
                near[u].append(v)
            if v in near and u in of:
                near[v].append(u)
        for i, n in enumerate(new):
            known = [m for m in near[n] if m in live]
            if known:
                of[n] = Counter(of[m] for m in known).most_common(1)[0][0]
                xs = [at[m][0] for m in known if m in at] or [0.0]
                ys = [at[m][1] for m in known if m in at] or [0.0]
                at[n] = (sum(xs) / len(xs) + 0.01 * (i % 7), sum(ys) / len(ys) + 0.01 * (i % 5))
            else:
                of[n] = OTHERS
                at[n] = (1.1 + 0.03 * (i % 10), -1.1 + 0.03 * (i // 10))
    return of, at


def _clusters(member: User, stored: NetworkMap, of: dict[int, int]) -> list[Cluster]:
    sizes = Counter(of.values())
    names = dict(ClusterName.objects.filter(member=member).values_list("key", "name"))
    out = []
    for key in sorted(sizes, key=lambda k: (k == OTHERS, -sizes[k], k)):
        auto = stored.labels.get(str(key), {})
        total = len(stored.clusters.get(str(key), ())) or sizes[key]
        automatic = f"{auto['label']} · {auto['count']} of {total}" if auto.get("label") else ""
        fallback = "Not linked to the others" if key == OTHERS else "Mixed"
        label = names.get(key) or (auto.get("label") or fallback)
        out.append(
            Cluster(
                key=key,
                label=str(label),
                automatic=automatic,
                kind=str(auto.get("kind", "")),
                renamed=key in names,
                size=sizes[key],
                color=color_of(key),
            )
        )
    return out


def map_view(
    member: User,
    stored: NetworkMap,
    nodes: list[int],
    edges: list[tuple[int, int]],
    *,
    refreshing: bool = False,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The member's map as JSON-ready data: nodes (with what the card shows), edges as
    pairs of node indexes, clusters with their labels and sizes. Four queries."""
    now = now or timezone.now()
    of, at = _place(stored, nodes, edges)
    people = {
        pk: (handle, name, headline or "")
        for pk, handle, name, headline in User.objects.filter(pk__in=nodes).values_list(
            "pk", "handle", "display_name", "profile__headline"
        )
    }
    works: dict[int, list[str]] = {}
    for pk, company in (
        Position.objects.filter(member_id__in=nodes, is_current=True)
        .order_by("member_id", "company__name")
        .values_list("member_id", "company__name")
    ):
        if company not in works.setdefault(pk, []):
            works[pk].append(company)
    trust = {
        other: (score, a_network, last)
        for other, score, a_network, last in TrustScore.objects.filter(
            member=member, other_id__in=nodes
        ).values_list("other_id", "score", "a_network", "last_contact_at")
    }
    order = [n for n in nodes if n in people]
    index = {n: i for i, n in enumerate(order)}
    degree = Counter(n for edge in edges for n in edge)
    year_ago = now - A_YEAR
    out_nodes = []
    for n in order:
        handle, name, headline = people[n]
        score, a_network, last = trust.get(n, (None, None, None))
        out_nodes.append(
            {
                "handle": handle,
                "name": name,
                "headline": headline,
                "cluster": of[n],
                "x": at[n][0],
                "y": at[n][1],
                "degree": degree[n],
                "band": band_of(score) if score is not None else None,
                "network": None if a_network is None else ("a" if a_network else "b"),
                "quiet": last is None or last < year_ago,
                "companies": works.get(n, []),
            }
        )
    clusters = _clusters(member, stored, {n: of[n] for n in order})
    return {
        "computed_at": stored.computed_at.isoformat(),
        "refreshing": refreshing,
        "clusters": [c.as_dict() for c in clusters],
        "nodes": out_nodes,
        "edges": [[index[u], index[v]] for u, v in edges if u in index and v in index],
    }
