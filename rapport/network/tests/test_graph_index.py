"""The index's queries against networkx on random small graphs, without a database."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.network.graph import graph_index as index_module
from rapport.network.graph.graph_index import GraphIndex
from rapport.network.tests.graph_checks import check_index


@st.composite
def graphs(draw: st.DrawFn) -> tuple[int, list[tuple[int, int]]]:
    n = draw(st.integers(1, 16))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))
    return n, pairs


def _nx(n: int, pairs: list[tuple[int, int]]) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b in pairs if a != b)
    return g


@settings(max_examples=60, deadline=None)
@given(graphs())
def test_every_query_matches_networkx(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, pairs = graph
    src, dst = zip(*pairs, strict=True) if pairs else ((), ())
    check_index(GraphIndex.from_edges(n, src, dst), _nx(n, pairs), list(range(n)))


@settings(max_examples=40, deadline=None)
@given(graphs(), st.lists(st.tuples(st.booleans(), st.integers(0, 19), st.integers(0, 19))))
def test_queries_match_networkx_after_changes_in_the_patch(
    graph: tuple[int, list[tuple[int, int]]], changes: list[tuple[bool, int, int]]
) -> None:
    # Members 16–19 join after the snapshot: they exist only in the patch.
    n, pairs = graph
    src, dst = zip(*pairs, strict=True) if pairs else ((), ())
    index = GraphIndex.from_edges(n, src, dst)
    g = _nx(20, pairs)
    applied = [(min(a, b), max(a, b), added) for added, a, b in changes if a != b]
    for step, start in enumerate(range(0, len(applied), 5)):
        chunk = applied[start : start + 5]
        index = index.with_changes(chunk, watermark=step + 1, watermark_at=None)
        for low, high, added in chunk:
            if added:
                g.add_edge(low, high)
            elif g.has_edge(low, high):
                g.remove_edge(low, high)
    check_index(index, g, list(range(20)))
    indptr, indices = index.merged()
    check_index(GraphIndex(indptr, indices), g, list(range(20)))


def test_unknown_members_are_out_of_network() -> None:
    index = GraphIndex.from_edges(3, [0, 1], [1, 2])
    assert index.degrees(0, [0, 1, 2, 7, -1]) == [0, 1, 2, None, None]
    assert index.distance(0, 99) is None
    assert index.neighbours(99) == []
    assert index.mutual_count(0, 99) == 0
    assert index.second_degree_size(99) == 0
    assert index.suggestions(99, 5) == []
    assert index.paths(0, 99, 3) == []


def test_from_edges_refuses_ids_outside_the_node_range() -> None:
    with pytest.raises(ValueError, match="n_nodes"):
        GraphIndex.from_edges(3, [0], [3])


@pytest.mark.parametrize("budget", [0, 10**9], ids=["per-target", "whole-2nd-degree"])
def test_degrees_agree_whichever_way_they_are_searched(monkeypatch, budget) -> None:
    # A viewer whose 2nd degree is past the budget is answered target by target.
    monkeypatch.setattr(index_module, "DEGREES_BUDGET_MIN", budget)
    monkeypatch.setattr(index_module, "DEGREES_BUDGET_PER_TARGET", 0)
    rng = np.random.default_rng(1)
    n = 2_000
    src = np.concatenate([np.zeros(300, np.int64), rng.integers(1, n, 2_500)])
    dst = np.concatenate([rng.integers(1, n, 300), rng.integers(1, n, 2_500)])
    index = GraphIndex.from_edges(n, src, dst)
    g = nx.Graph(zip(src.tolist(), dst.tolist(), strict=True))
    g.remove_edges_from(nx.selfloop_edges(g))
    targets = list(range(0, n, 3))
    for viewer in (0, 5, 17):
        hops = nx.single_source_shortest_path_length(g, viewer, cutoff=3)
        assert index.degrees(viewer, targets) == [hops.get(t) for t in targets]


def test_stats_describe_the_graph() -> None:
    index = GraphIndex.from_edges(5, [1, 1, 2], [2, 3, 3])
    stats = index.stats()
    assert stats["members"] == 3
    assert stats["connections"] == 3
    assert stats["degree"]["max"] == 2
    assert stats["memory_bytes"]["shared"] == index.indptr.nbytes + index.indices.nbytes


def _private_degrees(g: nx.Graph, viewer: int, private: set[int], public: set[int]) -> dict:
    """The rule of decision 0011 by brute force: 2nd degree through a connection not in
    `private`; 3rd through a 2nd-degree member in `public`."""
    first = set(g[viewer]) if g.has_node(viewer) else set()
    second = {y for x in first - private for y in g[x]} - first - {viewer}
    third = {z for y in second & public for z in g[y]} - second - first - {viewer}
    found = {viewer: 0, **{x: 1 for x in first}, **{y: 2 for y in second}}
    return {**{z: 3 for z in third}, **found}


@pytest.mark.parametrize("budget", [0, 10**9], ids=["per-target", "whole-2nd-degree"])
def test_degrees_through_pass_only_where_lists_may_be_seen(monkeypatch, budget) -> None:
    monkeypatch.setattr(index_module, "DEGREES_BUDGET_MIN", budget)
    monkeypatch.setattr(index_module, "DEGREES_BUDGET_PER_TARGET", 0)
    rng = np.random.default_rng(7)
    n = 600
    src = rng.integers(0, n, 1_500)
    dst = rng.integers(0, n, 1_500)
    index = GraphIndex.from_edges(n, src, dst)
    g = nx.Graph(zip(src.tolist(), dst.tolist(), strict=True))
    g.remove_edges_from(nx.selfloop_edges(g))
    public = {int(x) for x in rng.choice(n, n // 4, replace=False)}
    targets = list(range(n))
    for viewer in (0, 3, 11, 42):
        private = {x for x in g.adj.get(viewer, {}) if rng.random() < 0.4}
        degrees, candidates = index.degrees_through(viewer, targets, skip=private)
        shown = [
            None if d == 3 and public.isdisjoint(c) else d
            for d, c in zip(degrees, candidates, strict=True)
        ]
        expected = _private_degrees(g, viewer, private, public)
        assert shown == [expected.get(t) for t in targets]


def test_degrees_through_bounds_its_memory_for_huge_calls(monkeypatch) -> None:
    # A star of stars: every target is 3rd degree through many 2nd-degree members.
    monkeypatch.setattr(index_module, "THIRD_DEGREE_CANDIDATES_PER_CALL", 40)
    src, dst = [0], [1]
    for hub in range(2, 12):
        src += [1, hub]
        dst += [hub, 100]
    src += [100] * 20
    dst += list(range(101, 121))
    index = GraphIndex.from_edges(200, src, dst)
    targets = [*range(101, 121), 100]
    degrees, candidates = index.degrees_through(0, targets)
    assert sum(len(c) for c in candidates) <= 40
    assert degrees[-1] == 3 and len(candidates[-1]) == 1  # 40 // 21 targets: one each
