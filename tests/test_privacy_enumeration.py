"""An attacker connected to a member who keeps their list to themselves tries to read
that list through everything the network shows (issue 11, item 1; decision 0011).

Mallory's only connection is Hana, whose list is "only me". Hana knows three people.
Were any answer to pass through Hana, Mallory's whole 2nd degree would be exactly
Hana's list; so no badge, count, suggestion, path or company page may mention them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.members.services import privacy_update
from rapport.network import selectors as network
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _graph(settings, tmp_path):
    from rapport.network import graph

    settings.RAPPORT_GRAPH_DIR = tmp_path / "graph"
    settings.RAPPORT_GRAPH_REFRESH_SECONDS = 0.0
    graph.reset()
    yield
    graph.reset()


@pytest.fixture
def cast():
    mallory = make_member("mallory", "Mallory Moss", headline="Growth hacker")
    hana = make_member("hana", "Hana Ito", headline="Recruiter")
    friends = [
        make_member(h, f"{h.title()} Quill", headline="Quill engineer")
        for h in ("iris", "jonah", "kemal")
    ]
    for friend in friends:
        connection_create(member=hana, other=friend, source="operator", notify=False)
        position_add(
            member=friend,
            company_name="Quill Labs",
            title="Engineer",
            started_on=dt.date(2021, 1, 1),
            is_current=True,
        )
    # The friends know each other and someone further away, who shows their list.
    connection_create(member=friends[0], other=friends[1], source="operator", notify=False)
    far = make_member("lena", "Lena Quill", headline="Quill founder")
    privacy_update(member=friends[2], connections_visibility="everyone")
    connection_create(member=friends[2], other=far, source="operator", notify=False)
    connection_create(member=mallory, other=hana, source="operator", notify=False)
    privacy_update(member=hana, connections_visibility="only_me")
    return mallory, hana, friends, far


def test_degrees_never_pass_through_a_private_list(cast):
    mallory, hana, friends, far = cast
    ids = [hana.pk, *(f.pk for f in friends), far.pk]
    degrees = network.degrees_for(mallory.pk, ids)
    assert degrees == {hana.pk: 1, **{f.pk: None for f in friends}, far.pk: None}
    assert network.second_degree_size(mallory.pk) == 0
    assert network.suggested_ids(mallory.pk, 10) == []
    assert all(network.paths_between(mallory.pk, f.pk, 5) == [] for f in friends)
    company = friends[0].positions.get().company
    assert network.network_at_company(mallory.pk, company.pk) == []


def test_the_same_network_answers_once_the_list_is_shown_to_connections(cast):
    mallory, hana, friends, far = cast
    privacy_update(member=hana, connections_visibility="connections")
    degrees = network.degrees_for(mallory.pk, [f.pk for f in friends] + [far.pk])
    # Lena is 3rd degree through Kemal, who shows his list to everyone.
    assert degrees == {**{f.pk: 2 for f in friends}, far.pk: 3}
    assert network.second_degree_size(mallory.pk) == 3
    assert [m for m, _ in network.suggested_ids(mallory.pk, 10)] == [f.pk for f in friends]


def test_a_third_degree_needs_a_middle_step_who_shows_their_list_to_everyone(cast):
    mallory, hana, friends, far = cast
    privacy_update(member=hana, connections_visibility="connections")
    privacy_update(member=friends[2], connections_visibility="connections")
    assert network.degrees_for(mallory.pk, [far.pk]) == {far.pk: None}
    assert network.paths_between(mallory.pk, far.pk, 5) == []


def test_search_suggestions_and_profiles_reveal_nothing_to_the_attacker(client, cast):
    mallory, hana, friends, _ = cast
    client.force_login(mallory)
    found = client.get("/api/v1/search", {"q": "Quill"}).json()
    degrees = {row["handle"]: row["degree"] for row in found["items"]}
    assert degrees and all(degrees[f.handle] is None for f in friends)
    people = client.get("/people/").content.decode()
    assert not any(f"/in/{f.handle}/" in people for f in friends)
    for friend in friends:
        page = client.get(f"/in/{friend.handle}/").content.decode()
        assert "2nd" not in page and hana.display_name not in page
    me = client.get(f"/in/{mallory.handle}/").content.decode()
    assert "Quill" not in me
    company = client.get("/companies/quill-labs/")
    assert [row.member for row in company.context["in_network"]] == []
    assert "2nd" not in company.content.decode()


def test_naming_a_private_member_as_the_mutual_reveals_nothing(client, cast):
    from rapport.invitations.models import Invitation

    mallory, hana, friends, far = cast
    stranger = make_member("omar", "Omar Stranger")
    client.force_login(mallory)
    answers = set()
    for target in [*friends, far, stranger]:
        response = client.post(
            "/api/v1/invitations",
            {"handle": target.handle, "how_we_know": "mutual", "mutual": hana.handle},
            content_type="application/json",
        )
        body = response.json()
        answers.add((response.status_code, body["error"], body["message"]))
    # The same refusal whether or not Hana knows them: her list stays hers.
    assert answers == {
        (
            400,
            "invitation.mutual_invalid",
            "Hana Ito is not a mutual connection you can name: choose one from the list.",
        )
    }
    assert not Invitation.objects.exists()
