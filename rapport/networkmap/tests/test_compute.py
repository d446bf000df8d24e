"""Clusters, their stable keys and the layout, on graphs made in the test."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.networkmap import compute


def planted(sizes: list[int], seed: int = 1) -> nx.Graph:
    return nx.random_partition_graph(sizes, 0.6, 0.01, seed=seed)


def test_louvain_finds_planted_groups():
    g = planted([20, 15, 10])
    found, others = compute.communities(g)
    assert [len(c) for c in found] == [20, 15, 10]
    assert found[0] == set(range(20))
    assert others == set()


def test_loners_and_pairs_are_the_others():
    g = planted([10])
    g.add_edge(100, 101)
    g.add_node(200)
    found, others = compute.communities(g)
    assert others == {100, 101, 200}
    assert compute.stable_keys(found, others, {})[compute.OTHERS] == {100, 101, 200}


def test_clusters_keep_their_keys_when_little_changed():
    g = planted([20, 15, 10])
    first = compute.stable_keys(*compute.communities(g), {})
    # a few new people join the second group, one leaves the first
    for n in range(300, 303):
        g.add_edges_from((n, m) for m in range(20, 28))
    g.remove_node(0)
    second = compute.stable_keys(*compute.communities(g), first)
    for key, members in first.items():
        assert len(second[key] & members) >= len(members) - 1
    assert second.keys() == first.keys()


def test_keys_follow_overlap_not_order():
    found = [{4, 5, 6, 7}, {1, 2, 3}]
    assert compute.stable_keys(found, set(), {1: [1, 2, 3], 2: [4, 5, 6]}) == {
        1: {1, 2, 3},
        2: {4, 5, 6, 7},
    }


def test_a_new_cluster_never_takes_a_dissolved_clusters_key():
    keys = compute.stable_keys([{10, 11, 12}], set(), {1: [1, 2, 3]}, last_key=4)
    assert keys == {5: {10, 11, 12}}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.integers(0, 60), min_size=1, max_size=12), max_size=6))
def test_stable_keys_give_each_member_one_key(groups):
    seen: set[int] = set()
    found = []
    for group in groups:
        fresh = group - seen
        if fresh:
            found.append(fresh)
            seen |= fresh
    stored = {i + 1: sorted(g) for i, g in enumerate(found[::-1])}
    keys = compute.stable_keys(found, set(), stored)
    assert sorted(map(frozenset, keys.values()), key=min) == sorted(map(frozenset, found), key=min)
    assert len(keys) == len(found)


def test_layout_puts_every_node_near_its_cluster():
    g = planted([20, 15, 10])
    clusters = compute.stable_keys(*compute.communities(g), {})
    pos = compute.layout(g, clusters)
    assert set(pos) == set(g.nodes)
    # each node is closer (in x, y) to its own cluster's centre than the clusters are apart
    cx = {
        k: (sum(pos[n][0] for n in m) / len(m), sum(pos[n][1] for n in m) / len(m))
        for k, m in clusters.items()
    }
    for k, members in clusters.items():
        own = [((pos[n][0] - cx[k][0]) ** 2 + (pos[n][1] - cx[k][1]) ** 2) ** 0.5 for n in members]
        others = min(
            ((cx[k][0] - cx[j][0]) ** 2 + (cx[k][1] - cx[j][1]) ** 2) ** 0.5
            for j in clusters
            if j != k
        )
        assert sum(own) / len(own) < others / 2
    assert len(clusters) == 3


def test_layout_is_the_same_for_the_same_network():
    g = planted([12, 9])
    clusters = compute.stable_keys(*compute.communities(g), {})
    assert compute.layout(g, clusters) == compute.layout(g, clusters)


def test_a_cluster_too_big_for_one_spring_layout_is_laid_out_from_its_parts(monkeypatch):
    monkeypatch.setattr(compute, "DENSE_LAYOUT", 12)
    g = planted([40, 30])
    finest, last = compute.louvain(g)
    clusters = compute.stable_keys(*compute.communities(g, last), {})
    pos = compute.layout(g, clusters, finest)
    assert set(pos) == set(g.nodes)
    assert all(abs(x) < 3 and abs(y) < 3 for x, y in pos.values())
    assert len(set(pos.values())) == g.number_of_nodes()  # nobody drawn on top of another
    assert compute.layout(g, clusters, finest) == pos


def test_louvains_last_level_is_louvain_communities():
    g = planted([20, 15, 10])
    assert compute.louvain(g)[1] == nx.community.louvain_communities(g, seed=compute.SEED)
