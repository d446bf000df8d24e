"""The map's structure from a list of nodes and edges: clusters, their stable keys and a
layout. Pure functions of their arguments (and a fixed seed), so the same network always
draws the same map (decision 0015).

Clusters are Louvain communities (networkx, BSD-3-Clause) with a fixed seed. A visit
after a small change must show the same clusters in the same colours under the same
names, so new communities are matched to the stored ones by overlap and inherit their
keys; the key is what a member's rename and a cluster's colour hang on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx
import numpy as np

SEED = 15
# Communities smaller than this join the "others" group (key 0): pairs and loners
# say nothing about a part of one's life.
MIN_CLUSTER = 3
OTHERS = 0
# A new community inherits a stored key when at least this share of the larger of the
# two is in common (Jaccard index).
MATCH_AT = 0.3


def graph_of(nodes: Sequence[int], edges: Iterable[tuple[int, int]]) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def communities(g: nx.Graph) -> tuple[list[set[int]], set[int]]:
    """Louvain communities of the ego network, largest first (then lowest member id),
    and the "others": members of communities under MIN_CLUSTER (loners and pairs)."""
    found = nx.community.louvain_communities(g, seed=SEED) if g.number_of_edges() else []
    big = [set(c) for c in found if len(c) >= MIN_CLUSTER]
    big.sort(key=lambda c: (-len(c), min(c)))
    placed = set().union(*big) if big else set()
    return big, {n for n in g.nodes if n not in placed}


def stable_keys(
    found: list[set[int]],
    others: set[int],
    stored: Mapping[int, Iterable[int]],
    last_key: int = 0,
) -> dict[int, set[int]]:
    """Give each new community a key: the stored cluster it overlaps most (Jaccard ≥
    MATCH_AT, best pairs first, each key used once), else a new key past the largest
    ever given (`last_key`). The others, if any, are key 0."""
    old = {k: set(v) for k, v in stored.items() if k != OTHERS}
    pairs = []
    for i, new in enumerate(found):
        for key, members in old.items():
            common = len(new & members)
            if common and common / len(new | members) >= MATCH_AT:
                pairs.append((-common / len(new | members), i, key))
    pairs.sort()
    out: dict[int, set[int]] = {}
    taken: set[int] = set()
    for _, i, key in pairs:
        if i not in taken and key not in out:
            out[key] = found[i]
            taken.add(i)
    next_key = max([*stored.keys(), last_key, OTHERS]) + 1
    for i, new in enumerate(found):
        if i not in taken:
            out[next_key] = new
            next_key += 1
    if others:
        out[OTHERS] = set(others)
    return out


def layout(g: nx.Graph, clusters: Mapping[int, set[int]]) -> dict[int, tuple[float, float]]:
    """Positions in about [-1, 1]²: cluster centres by a seeded spring layout of the
    graph of clusters (weighted by the edges between them), each cluster laid out on its
    own around its centre in a disc whose area follows its size. Laying out clusters
    apart keeps the cost near the sum of the clusters' squares, not the whole map's."""
    if not clusters:
        return {}
    of = {n: key for key, members in clusters.items() for n in members}
    between = nx.Graph()
    between.add_nodes_from(clusters)
    for u, v in g.edges:
        a, b = of[u], of[v]
        if a != b:
            w = between.get_edge_data(a, b, {"weight": 0})["weight"]
            between.add_edge(a, b, weight=w + 1)
    total = sum(len(m) for m in clusters.values())
    radius = {k: math.sqrt(len(m) / total) for k, m in clusters.items()}
    if len(clusters) == 1:
        centres = {next(iter(clusters)): np.zeros(2)}
    else:
        centres = nx.spring_layout(between, seed=SEED, weight="weight", k=1.5, iterations=100)
        centres = _spread(centres, radius)
    pos: dict[int, tuple[float, float]] = {}
    for key in sorted(clusters):
        members = sorted(clusters[key])
        sub = g.subgraph(members)
        if len(members) == 1:
            local = {members[0]: np.zeros(2)}
        elif sub.number_of_edges() == 0:
            local = _sunflower(members)
        else:
            local = nx.spring_layout(sub, seed=SEED, iterations=_iterations(len(members)))
        centre = centres[key]
        for n, xy in local.items():
            x, y = centre + np.asarray(xy) * radius[key]
            pos[n] = (round(float(x), 4), round(float(y), 4))
    return pos


def _iterations(n: int) -> int:
    # spring_layout costs about n² per iteration: fewer for big clusters keeps a map of
    # 5,000 within its budget, and big clusters settle early anyway.
    return 50 if n <= 500 else 30 if n <= 1500 else 15


def _sunflower(members: list[int]) -> dict[int, np.ndarray]:
    """Nodes without edges evenly spread over a disc (Vogel's spiral)."""
    golden = math.pi * (3 - math.sqrt(5))
    n = len(members)
    return {
        m: np.array([math.cos(i * golden), math.sin(i * golden)]) * math.sqrt((i + 0.5) / n)
        for i, m in enumerate(members)
    }


def _spread(
    centres: Mapping[int, np.ndarray], radius: Mapping[int, float]
) -> dict[int, np.ndarray]:
    """Push overlapping cluster discs apart (a few rounds of pairwise separation)."""
    keys = sorted(centres)
    xy = np.array([centres[k] for k in keys], dtype=float)
    r = np.array([radius[k] for k in keys]) * 1.15
    for _ in range(60):
        moved = False
        for i in range(len(keys)):
            for j in range(i + 1, len(keys)):
                d = xy[j] - xy[i]
                dist = float(np.hypot(*d)) or 1e-6
                overlap = r[i] + r[j] - dist
                if overlap > 0:
                    push = d / dist * overlap / 2
                    xy[i] -= push
                    xy[j] += push
                    moved = True
        if not moved:
            break
    return {k: xy[i] for i, k in enumerate(keys)}
