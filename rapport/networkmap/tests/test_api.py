"""The map over the API: one's own map only, its shape, renames, and a fixed number of
queries however many people are on it."""

from __future__ import annotations

import pytest

from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.networkmap.tests.factories import clique, connect_all, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_map(ada):
    work = people("harbor", 5, employer="Harborline Software")
    clique(work)
    connect_all(ada, work)
    return as_member(ada)


def test_the_map_has_nodes_edges_and_labelled_clusters(ada_map):
    body = ada_map.get("/network/map").json()
    assert [n["handle"] for n in body["nodes"]] == [f"harbor-{i}" for i in range(1, 6)]
    assert len(body["edges"]) == 10
    assert all(0 <= i < 5 for edge in body["edges"] for i in edge)
    assert body["clusters"] == [
        {
            "key": 1,
            "label": "Harborline Software",
            "automatic": "Harborline Software · 5 of 5",
            "kind": "employer",
            "renamed": False,
            "size": 5,
            "color": "#0072b2",
        }
    ]
    first = body["nodes"][0]
    assert (first["cluster"], first["degree"], first["companies"]) == (
        1,
        4,
        ["Harborline Software"],
    )
    assert first["quiet"] is True


def test_a_cluster_is_renamed_and_back(ada_map):
    ada_map.get("/network/map")
    renamed = ada_map.patch("/network/map/clusters/1", {"name": "Old crew"})
    assert renamed.status_code == 200
    assert (renamed.json()["label"], renamed.json()["renamed"]) == ("Old crew", True)
    assert ada_map.get("/network/map").json()["clusters"][0]["label"] == "Old crew"
    back = ada_map.patch("/network/map/clusters/1", {"name": ""}).json()
    assert (back["label"], back["renamed"]) == ("Harborline Software", False)


def test_bad_renames_are_refused_and_change_nothing(ada_map):
    ada_map.get("/network/map")
    assert_error(ada_map.patch("/network/map/clusters/7", {"name": "x"}), 404,
                 "networkmap.cluster_not_found")  # fmt: skip
    assert ada_map.patch("/network/map/clusters/1", {"name": "x" * 61}).status_code == 422
    assert ada_map.patch("/network/map/clusters/1", {"name": 5}).status_code == 422
    assert ada_map.get("/network/map").json()["clusters"][0]["renamed"] is False


def test_the_map_is_only_ever_ones_own(ada_map, ben):
    assert ApiClient().get("/network/map").status_code == 401
    assert as_member(ben).get("/network/map").json()["nodes"] == []
    # there is no way to name another member: no such path
    assert_error(ada_map.get("/network/map/ben"), 404, "not_found")


def test_the_map_costs_the_same_queries_for_5_or_25_people(ada, ada_map, django_assert_num_queries):
    ada_map.get("/network/map")
    # auth (token and member, last used), stored map, ego network (2), people,
    # positions, trust, names
    with django_assert_num_queries(9):
        ada_map.get("/network/map")
    more = people("lyon", 20, city="Lyon")
    clique(more)
    connect_all(ada, more)
    ada_map.get("/network/map")  # queues a recompute; newcomers sit by their neighbours
    with django_assert_num_queries(9):
        body = ada_map.get("/network/map").json()
    assert len(body["nodes"]) == 25
