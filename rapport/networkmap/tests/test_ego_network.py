"""The ego network against a reference built with networkx from the same edges, and
the privacy rule of decision 0011: a connection whose list is "only me" shows no edges."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.members.services import privacy_update
from rapport.network.selectors import ego_network
from rapport.networkmap.tests.factories import link

pytestmark = pytest.mark.django_db


def reference(g: nx.Graph, viewer: int, hidden: set[int], inactive: set[int]) -> tuple:
    nodes = sorted(n for n in g.neighbors(viewer) if n not in inactive)
    shown = [n for n in nodes if n not in hidden]
    edges = sorted(tuple(sorted(e)) for e in g.subgraph(shown).edges)
    return nodes, edges


@pytest.mark.parametrize("seed", range(6))
def test_ego_network_matches_a_reference_on_random_small_graphs(seed):
    rng = random.Random(seed)
    members = [make_member(f"m{seed}-{i}") for i in range(9)]
    g = nx.gnp_random_graph(9, 0.45, seed=seed)
    for a, b in g.edges:
        link(members[a], members[b])
    ids = {i: m.pk for i, m in enumerate(members)}
    g = nx.relabel_nodes(g, ids)
    hidden = {m.pk for m in rng.sample(members[1:], 2)}
    for pk in hidden:
        privacy_update(member=User.objects.get(pk=pk), connections_visibility="only_me")
    inactive = {rng.choice(members[1:]).pk}
    User.objects.filter(pk__in=inactive).update(is_active=False)
    viewer = members[0].pk
    assert ego_network(viewer) == reference(g, viewer, hidden, inactive)


def test_a_connection_who_keeps_their_list_to_themselves_has_no_edges(ada, ben, chidi):
    link(ada, ben)
    link(ada, chidi)
    link(ben, chidi)
    assert ego_network(ada.pk) == ([ben.pk, chidi.pk], [(ben.pk, chidi.pk)])
    privacy_update(member=chidi, connections_visibility="only_me")
    assert ego_network(ada.pk) == ([ben.pk, chidi.pk], [])


def test_lists_shown_to_connections_are_edges_on_the_map(ada, ben, chidi):
    for who in (ben, chidi):
        privacy_update(member=who, connections_visibility="connections")
    link(ada, ben)
    link(ada, chidi)
    link(ben, chidi)
    assert ego_network(ada.pk)[1] == [(ben.pk, chidi.pk)]


def test_people_beyond_the_viewers_connections_are_never_on_the_map(ada, ben, chidi):
    link(ada, ben)
    link(ben, chidi)
    assert ego_network(ada.pk) == ([ben.pk], [])


def test_a_member_without_connections_has_an_empty_map(ada):
    assert ego_network(ada.pk) == ([], [])
