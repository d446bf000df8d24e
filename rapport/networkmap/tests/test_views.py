"""The map page: one's own map, its legend and lists, renames, links to it."""

from __future__ import annotations

import json

import pytest
from django.urls import NoReverseMatch, reverse

from rapport.networkmap.models import ClusterName
from rapport.networkmap.tests.factories import clique, connect_all, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada_client(client, ada):
    work = people("harbor", 4, employer="Harborline Software")
    town = people("lyon", 3, city="Lyon")
    clique(work)
    clique(town)
    connect_all(ada, [*work, *town])
    client.force_login(ada)
    return client


def test_the_page_shows_the_legend_the_lists_and_the_data(ada_client):
    response = ada_client.get("/network/map/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="legend-item"') == 2
    assert 'Harborline Software</span> <span class="muted">· 4 of 4' in html
    assert html.count('data-testid="cluster-list"') == 2
    assert '<a href="/in/lyon-2/">Lyon 2</a>' in html
    embedded = html.split('<script id="map-data" type="application/json">')[1]
    data = json.loads(embedded.split("</script>")[0])
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 6 + 3
    assert "<script>" not in html.replace('<script type="application/json"', "")


def test_the_page_needs_a_log_in(client, db):
    response = client.get("/network/map/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_there_is_no_page_for_another_members_map(ada_client):
    with pytest.raises(NoReverseMatch):
        reverse("networkmap:map", args=["ben"])
    assert ada_client.get("/network/map/ben/").status_code == 404


def test_a_rename_is_saved_and_shown(ada_client, ada):
    ada_client.get("/network/map/")
    response = ada_client.post("/network/map/name/", {"key": "1", "name": "The harbour"})
    assert response.status_code == 302
    assert ClusterName.objects.get(member=ada, key=1).name == "The harbour"
    html = ada_client.get("/network/map/").content.decode()
    assert "The harbour" in html and "suggested: Harborline Software · 4 of 4" in html


def test_a_bad_rename_says_why_and_changes_nothing(ada_client, ada):
    ada_client.get("/network/map/")
    response = ada_client.post("/network/map/name/", {"key": "9", "name": "x"}, follow=True)
    assert "Your map has no such cluster." in response.content.decode()
    ada_client.post("/network/map/name/", {"key": "1", "name": "x" * 61})
    for bad in ("", "0", "x", "9" * 30):
        assert ada_client.post("/network/map/name/", {"key": bad, "name": "y"}).status_code == 400
    assert not ClusterName.objects.filter(member=ada).exists()
    assert ada_client.get("/network/map/name/").status_code == 405


def test_the_page_costs_a_fixed_number_of_queries(ada_client, ada, django_assert_num_queries):
    ada_client.get("/network/map/")
    # session, member, stored map, ego network (2), people, positions, trust, names,
    # and the base template's counts and badges (6)
    with django_assert_num_queries(13):
        ada_client.get("/network/map/")


def test_the_connections_page_and_ones_own_profile_link_to_the_map(ada_client, ada):
    for url in (f"/in/{ada.handle}/connections/", f"/in/{ada.handle}/"):
        assert 'href="/network/map/"' in ada_client.get(url).content.decode()
    assert 'href="/network/map/"' not in ada_client.get("/in/lyon-1/").content.decode()
