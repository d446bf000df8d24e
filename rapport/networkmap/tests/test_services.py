"""The stored map: labels from what clusters share, renames that survive a recompute,
and a refresh queued only when the network changed enough."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import NotFound, ValidationFailed
from rapport.networkmap import services
from rapport.networkmap.models import ClusterName, NetworkMap
from rapport.networkmap.selectors import map_view
from rapport.networkmap.tests.factories import clique, connect_all, link, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(ada):
    """Ada knows six colleagues at Harborline (all linked), five people from Lyon (all
    linked) and one loner."""
    work = people("harbor", 6, employer="Harborline Software", city="Leeds")
    town = people("lyon", 5, city="Lyon, France")
    loner = make_member("loner")
    clique(work)
    clique(town)
    link(work[0], town[0])
    connect_all(ada, [*work, *town, loner])
    return work, town, loner


def view(member):
    stored, nodes, edges, refreshing = services.network_map_current(member=member)
    return map_view(member, stored, nodes, edges, refreshing=refreshing)


def test_clusters_are_labelled_by_what_most_members_share(ada, world):
    clusters = view(ada)["clusters"]
    assert [(c["label"], c["automatic"], c["size"]) for c in clusters] == [
        ("Harborline Software", "Harborline Software · 6 of 6", 6),
        ("Lyon", "Lyon · 5 of 5", 5),
        ("Not linked to the others", "", 1),
    ]
    assert [c["kind"] for c in clusters] == ["employer", "city", ""]


def test_a_rename_is_kept_across_recomputes(ada, world):
    work, _town, _ = world
    key = view(ada)["clusters"][0]["key"]
    services.cluster_rename(member=ada, key=key, name="  The  Harbor crew ")
    link(ada, make_member("newcomer"))
    link(work[1], make_member("stranger"))
    services.network_map_refresh(member=ada)
    first = view(ada)["clusters"][0]
    assert (first["key"], first["label"], first["renamed"]) == (key, "The Harbor crew", True)
    assert first["automatic"] == "Harborline Software · 6 of 6"


def test_an_empty_name_goes_back_to_the_automatic_label(ada, world):
    key = view(ada)["clusters"][1]["key"]
    services.cluster_rename(member=ada, key=key, name="Lyon friends")
    services.cluster_rename(member=ada, key=key, name="")
    assert not ClusterName.objects.filter(member=ada).exists()
    assert view(ada)["clusters"][1]["label"] == "Lyon"


def test_renaming_a_cluster_that_is_not_on_the_map_is_refused(ada, ben, world):
    view(ada)
    with pytest.raises(NotFound):
        services.cluster_rename(member=ada, key=99, name="Nope")
    with pytest.raises(NotFound):  # Ben has no map: Ada's keys are not his
        services.cluster_rename(member=ben, key=1, name="Nope")
    with pytest.raises(ValidationFailed):
        services.cluster_rename(member=ada, key=1, name="x" * 61)


def test_a_small_change_serves_the_stored_map(ada, world):
    work, _, _ = world
    view(ada)
    computed = NetworkMap.objects.get(member=ada).computed_at
    link(work[0], work[0].__class__.objects.get(handle="lyon-2"))  # one edge more of 26
    result = view(ada)
    assert result["refreshing"] is False
    assert NetworkMap.objects.get(member=ada).computed_at == computed
    assert len(result["edges"]) == 15 + 10 + 1 + 1  # the live edge shows at once


def test_a_big_change_queues_a_recompute_that_runs(ada, world, django_capture_on_commit_callbacks):
    view(ada)
    before = NetworkMap.objects.get(member=ada)
    newcomers = people("new", 4, employer="Harborline Software")
    connect_all(ada, newcomers)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        result = view(ada)  # the job runs at once in tests, after this answer was built
    assert result["refreshing"] is True
    assert len(queued) == 1
    after = NetworkMap.objects.get(member=ada)
    assert after.node_count == before.node_count + 4
    assert after.refresh_queued_at is None


def test_a_newcomer_joins_the_cluster_of_their_neighbours_until_the_recompute(ada, world):
    work, _, _ = world
    view(ada)
    newcomer = make_member("newcomer")
    for w in work[:3]:
        link(newcomer, w)
    stored = NetworkMap.objects.get(member=ada)
    from rapport.network.selectors import ego_network

    nodes, edges = ego_network(ada.pk)
    placed = map_view(ada, stored, [*nodes, newcomer.pk], edges)
    assert placed["nodes"][-1]["cluster"] == 0  # not Ada's connection: no edges, others
    link(ada, newcomer)
    nodes, edges = ego_network(ada.pk)
    node = next(
        n for n in map_view(ada, stored, nodes, edges)["nodes"] if n["handle"] == "newcomer"
    )
    harbor = next(c for c in view(ada)["clusters"] if c["kind"] == "employer")["key"]
    assert node["cluster"] == harbor


def test_someone_who_hides_their_list_loses_their_edges_before_any_recompute(ada, world):
    from rapport.members.services import privacy_update

    work, _, _ = world
    view(ada)
    privacy_update(member=work[0], connections_visibility="only_me")
    result = view(ada)
    handles = [n["handle"] for n in result["nodes"]]
    hidden = handles.index(work[0].handle)
    assert all(hidden not in edge for edge in result["edges"])
    assert result["nodes"][hidden]["degree"] == 0


def test_someone_who_hides_their_list_leaves_their_cluster_and_its_place_at_once(ada, world):
    from rapport.members.services import privacy_update

    work, _, _ = world
    before = view(ada)
    handles = [n["handle"] for n in before["nodes"]]
    hidden = handles.index(work[0].handle)
    was = before["nodes"][hidden]
    assert was["cluster"] != 0
    privacy_update(member=work[0], connections_visibility="only_me")
    after = view(ada)
    now = after["nodes"][hidden]
    assert now["cluster"] == 0  # "Not linked to the others", like any loner
    assert (now["x"], now["y"]) != (was["x"], was["y"])
    sizes = {c["key"]: c["size"] for c in after["clusters"]}
    assert sizes[was["cluster"]] == 5 and sizes[0] == 2
    assert not after["refreshing"]


def test_a_cluster_from_one_industry_across_employers_is_labelled_by_it(ada):
    from rapport.companies.models import Company

    printers = []
    for i, firm in enumerate(["Copyline", "Tonerworks", "Paperjet", "Inkhaus"]):
        printers += people(f"print{i}", 2, employer=firm)
        Company.objects.filter(name=firm).update(industry="Office equipment")
    clique(printers)
    connect_all(ada, printers)
    [cluster, *_] = view(ada)["clusters"]
    assert (cluster["label"], cluster["kind"], cluster["automatic"]) == (
        "Office equipment",
        "industry",
        "Office equipment · 8 of 8",
    )


def test_the_demo_community_draws_clusters_a_person_recognises():
    """The demo's two log-ins' maps (400 members): between them, clusters of colleagues,
    classmates, a city and an industry, each labelled by what most of it shares."""
    from io import StringIO

    from django.core.management import call_command

    from rapport.accounts.models import User

    call_command("demo", members=400, without_activity=True, stdout=StringIO())
    kinds: set[str] = set()
    for handle in ("ada", "ben"):
        clusters = view(User.objects.get(handle=handle))["clusters"]
        assert len([c for c in clusters if c["kind"]]) >= 2, clusters
        kinds |= {c["kind"] for c in clusters if c["kind"]}
    assert {"employer", "school", "city", "industry"} <= kinds


def test_links_rewired_in_the_same_number_are_picked_up_once_the_map_is_a_day_old(ada, world):
    import datetime as dt

    from django.utils import timezone

    from rapport.network.selectors import ego_network
    from rapport.network.services import connection_remove
    from rapport.networkmap import compute

    work, town, _ = world
    view(ada)
    stored = NetworkMap.objects.get(member=ada)
    nodes, edges = ego_network(ada.pk)
    assert stored.edge_fingerprint == compute.fingerprint(edges)
    assert compute.fingerprint(list(reversed([(v, u) for u, v in edges]))) == (
        stored.edge_fingerprint
    )  # the order of the links and of their ends does not matter
    connection_remove(member=work[1], other=work[2])
    link(work[1], town[1])  # as many links as before, one of them elsewhere
    nodes, edges = ego_network(ada.pk)
    assert len(edges) == stored.edge_count
    now = timezone.now()
    assert not services.changed_enough(stored, nodes, edges, now)
    assert services.changed_enough(stored, nodes, edges, now + dt.timedelta(days=1, minutes=1))
