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
from typing import Any

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
# Clusters up to this size are laid out in one piece (networkx's vectorised path).
DENSE_LAYOUT = 150


def fingerprint(edges: Sequence[tuple[int, int]]) -> str:
    """A digest of a set of links that does not depend on their order: each link hashed
    (a 64-bit mix of its two ends, smaller first) and the hashes summed, modulo 2**64."""
    if not edges:
        return "0" * 16
    pairs = np.sort(np.asarray(edges, dtype=np.uint64), axis=1)
    with np.errstate(over="ignore"):
        low = pairs[:, 0] * np.uint64(0x9E3779B97F4A7C15)
        h = low ^ pairs[:, 1] * np.uint64(0xC2B2AE3D27D4EB4F)
        h ^= h >> np.uint64(31)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
        total = np.add.reduce(h, dtype=np.uint64)
    return f"{int(total):016x}"


def graph_of(nodes: Sequence[int], edges: Iterable[tuple[int, int]]) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    return g


def louvain(g: nx.Graph) -> tuple[list[set[int]], list[set[int]]]:
    """Louvain's first and last levels: the finest communities and the clusters (the
    last level is exactly `louvain_communities` with the same seed). Each cluster is a
    union of finest communities, which is how the layout splits a big cluster."""
    if not g.number_of_edges():
        return [], []
    levels = list(nx.community.louvain_partitions(g, seed=SEED))
    return [set(c) for c in levels[0]], [set(c) for c in levels[-1]]


def communities(
    g: nx.Graph, found: list[set[int]] | None = None
) -> tuple[list[set[int]], set[int]]:
    """Louvain communities of the ego network (or `found`, Louvain's last level computed
    already), largest first (then lowest member id), and the "others": members of
    communities under MIN_CLUSTER (loners and pairs)."""
    if found is None:
        found = louvain(g)[1]
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


def layout(
    g: nx.Graph,
    clusters: Mapping[int, set[int]],
    finest: Sequence[set[int]] = (),
    depth: int = 0,
) -> dict[int, tuple[float, float]]:
    """Positions in about [-1, 1]²: cluster centres by a seeded spring layout of the
    graph of clusters (weighted by the edges between them), each cluster laid out on its
    own around its centre in a disc whose area follows its size. Laying out clusters
    apart keeps the cost near the sum of the clusters' squares, not the whole map's; a
    cluster too big for that is laid out the same way from its `finest` communities."""
    if not clusters:
        return {}
    of = {n: key for key, members in clusters.items() for n in members}
    between = nx.Graph()
    between.add_nodes_from(clusters)
    inner: dict[int, list[tuple[int, int]]] = {key: [] for key in clusters}
    for u, v in g.edges:
        a, b = of[u], of[v]
        if a != b:
            w = between.get_edge_data(a, b, {"weight": 0})["weight"]
            between.add_edge(a, b, weight=w + 1)
        else:
            inner[a].append((u, v))
    total = sum(len(m) for m in clusters.values())
    radius = {k: math.sqrt(len(m) / total) for k, m in clusters.items()}
    if len(clusters) == 1:
        centres = {next(iter(clusters)): np.zeros(2)}
    else:
        centres = nx.spring_layout(between, seed=SEED, weight="weight", k=1.5, iterations=100)
        centres = _spread(centres, radius)
    pos: dict[int, tuple[float, float]] = {}
    of_finest = {n: i for i, c in enumerate(finest) for n in c}
    for key in sorted(clusters):
        members = sorted(clusters[key])
        sub = nx.Graph()
        sub.add_nodes_from(members)
        sub.add_edges_from(inner[key])
        local: Mapping[int, Any]
        if len(members) == 1:
            local = {members[0]: np.zeros(2)}
        elif sub.number_of_edges() == 0:
            local = _sunflower(members)
        else:
            local = _cluster_layout(sub, of_finest, depth)
        centre = centres[key]
        for n, xy in local.items():
            x, y = centre + np.asarray(xy) * radius[key]
            pos[n] = (round(float(x), 4), round(float(y), 4))
    return pos


def _cluster_layout(sub: nx.Graph, of_finest: Mapping[int, int], depth: int) -> Mapping[int, Any]:
    """One cluster's own layout, about the unit disc. networkx's spring layout costs n²
    per iteration, so a cluster past DENSE_LAYOUT is laid out as the map is: its finest
    Louvain communities as parts, each in its own disc."""
    parts: dict[int, set[int]] = {}
    for n in sub.nodes:
        parts.setdefault(of_finest.get(n, -1) + 1, set()).add(n)
    if sub.number_of_nodes() <= DENSE_LAYOUT:
        return nx.spring_layout(sub, seed=SEED, iterations=40 if depth == 0 else 25)
    if depth >= 1 or len(parts) < 2:
        # A finest community still too big: cut it into pieces in breadth-first order
        # (neighbours stay together), each small enough for the spring layout.
        order = [n for c in nx.connected_components(sub) for n in nx.bfs_tree(sub, min(c))]
        parts = {
            i // DENSE_LAYOUT + 1: set(order[i : i + DENSE_LAYOUT])
            for i in range(0, len(order), DENSE_LAYOUT)
        }
    pos = layout(sub, parts, (), depth + 1)
    xy = np.array([pos[n] for n in sub.nodes], dtype=float)
    xy -= xy.mean(axis=0)
    xy /= float(np.hypot(xy[:, 0], xy[:, 1]).max()) or 1.0
    return dict(zip(sub.nodes, xy, strict=True))


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
