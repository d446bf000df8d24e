"""The graph index checked against networkx, query by query."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from rapport.network.graph.graph_index import GraphIndex


def expected_suggestions(g: nx.Graph, u: int, exclude: Iterable[int] = ()) -> list[tuple[int, int]]:
    skip = set(exclude) | {u} | set(g[u])
    counts: dict[int, int] = {}
    for x in g[u]:
        for y in g[x]:
            if y not in skip:
                counts[y] = counts.get(y, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def check_paths(index: GraphIndex, g: nx.Graph, a: int, b: int, k: int) -> None:
    everything = (
        {tuple(p) for p in nx.all_simple_paths(g, a, b, cutoff=3)} if a != b and a in g else set()
    )
    found = index.paths(a, b, k)
    assert len(found) == min(k, len(everything))
    assert len({tuple(p) for p in found}) == len(found)
    assert {tuple(p) for p in found} <= everything
    lengths = [len(p) for p in found]
    assert lengths == sorted(lengths)
    if found:
        # Shortest first: every path shorter than the longest returned one is returned.
        shorter = {p for p in everything if len(p) < lengths[-1]}
        assert shorter <= {tuple(p) for p in found}


def check_index(index: GraphIndex, g: nx.Graph, members: list[int]) -> None:
    """Every query of `index` for every member (and pair) agrees with networkx."""
    for u in members:
        assert index.neighbours(u) == sorted(g[u])
        assert index.degree(u) == g.degree(u)
        hops = nx.single_source_shortest_path_length(g, u, cutoff=3)
        expected = [hops.get(v) for v in members]
        assert index.degrees(u, members) == expected
        assert [index.distance(u, v) for v in members] == expected
        assert index.second_degree_size(u) == sum(1 for d in hops.values() if d == 2)
        for v in members:
            common = sorted(set(g[u]) & set(g[v])) if u != v else []
            assert index.mutual_count(u, v) == len(common)
            assert index.mutual_ids(u, v) == common
            assert index.mutual_ids(u, v, limit=1) == common[:1]
            check_paths(index, g, u, v, 1_000)
            check_paths(index, g, u, v, 2)
        ranked = expected_suggestions(g, u)
        for k in (1, 3, 50):
            assert index.suggestions(u, k) == ranked[:k]
        excluded = [m for m, _ in ranked[::2]]
        assert index.suggestions(u, 50, exclude=excluded) == expected_suggestions(g, u, excluded)
