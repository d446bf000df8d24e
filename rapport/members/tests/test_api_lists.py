"""The member lists over the API: connection lists and search, with pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.members.services import education_add, privacy_update, profile_update
from rapport.network.services import connection_create


def _connect(a: User, b: User) -> None:
    connection_create(member=a, other=b, source="operator")


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


# --- connections -------------------------------------------------------------------------


def _network_of_ben(ben: User, *others: User) -> None:
    for member in others:
        _connect(ben, member)


def test_connections_of_a_member_who_shows_them_to_everyone(ada, ben, chidi, api):
    privacy_update(member=ben, connections_visibility="everyone")
    _network_of_ben(ben, chidi)
    body = api.get("/members/ben/connections").json()
    assert body["total"] == 1
    assert [card["handle"] for card in body["items"]] == ["chidi"]


def test_connections_shown_to_connections_only(ada, ben, chidi, api):
    _network_of_ben(ben, chidi)
    assert_error(api.get("/members/ben/connections"), 403, "connections.hidden")
    _connect(ada, ben)
    body = api.get("/members/ben/connections").json()
    assert sorted(card["handle"] for card in body["items"]) == ["ada", "chidi"]


def test_connections_hidden_by_only_me_even_from_connections(ada, ben, api):
    privacy_update(member=ben, connections_visibility="only_me")
    _connect(ada, ben)
    assert_error(api.get("/members/ben/connections"), 403, "connections.hidden")


def test_own_connections_are_always_visible(ada, ben, api):
    privacy_update(member=ada, connections_visibility="only_me")
    _connect(ada, ben)
    assert [c["handle"] for c in api.get("/members/ada/connections").json()["items"]] == ["ben"]


def test_connections_are_paged(ada, ben, api):
    privacy_update(member=ben, connections_visibility="everyone")
    others = [make_member(f"m{i}", f"Member {i:02d}") for i in range(5)]
    _network_of_ben(ben, *others)
    body = api.get("/members/ben/connections", page=2, size=2).json()
    assert body["page"] == 2
    assert body["size"] == 2
    assert body["total"] == 5
    assert body["pages"] == 3
    assert [c["handle"] for c in body["items"]] == ["m2", "m3"]
    past_the_end = api.get("/members/ben/connections", page=9, size=2).json()
    assert (past_the_end["page"], [c["handle"] for c in past_the_end["items"]]) == (3, ["m4"])


@pytest.mark.parametrize("params", [{"size": 0}, {"size": 101}, {"page": 0}, {"page": "two"}])
def test_connections_reject_bad_paging(api, ben, params):
    assert_error(api.get("/members/ben/connections", **params), 422, "request.invalid")


def test_connections_query_count_does_not_grow_with_the_list(
    ada, ben, api, django_assert_num_queries
):
    privacy_update(member=ben, connections_visibility="everyone")
    others = [make_member(f"m{i}", f"Member {i}") for i in range(6)]
    for i, member in enumerate(others):
        position_add(
            member=member,
            company_name=f"Company {i}",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    _network_of_ben(ben, *others)
    api.get("/me")  # Records the token's first use, a write that happens once.
    # token, member, count, page of members with profiles, their current positions
    with django_assert_num_queries(5):
        body = api.get("/members/ben/connections").json()
    assert len(body["items"]) == 6
    assert all(card["current_positions"] for card in body["items"])


# --- search ------------------------------------------------------------------------------


@pytest.fixture
def searchable(ada, ben, chidi):
    profile_update(member=ben, location="Lagos", skills=["Figma", "Research"], open_to=["hiring"])
    position_add(
        member=ben,
        company_name="Acme",
        title="Product Designer",
        started_on=dt.date(2019, 5, 1),
        is_current=True,
    )
    profile_update(member=chidi, location="Sydney", skills=["Ethics"])
    education_add(member=chidi, school_name="St John's University", start_year=2005)
    _connect(ada, ben)


def _handles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [card["handle"] for card in response.json()["items"]]


def test_search_by_words(api, searchable):
    response = api.get("/search", q="designer")
    assert _handles(response) == ["ben"]
    card = response.json()["items"][0]
    assert card["is_connected"] is True
    assert card["current_positions"][0]["company"]["name"] == "Acme"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"title": "designer"}, ["ben"]),
        ({"company": "acme"}, ["ben"]),
        ({"location": "sydney"}, ["chidi"]),
        ({"skill": "figma"}, ["ben"]),
        ({"school": "st john"}, ["chidi"]),
        ({"open_to": "hiring"}, ["ben"]),
        ({"q": "ben", "location": "sydney"}, []),
    ],
)
def test_search_by_criteria(api, searchable, params, expected):
    assert _handles(api.get("/search", **params)) == expected


def test_search_without_criteria_is_400(api, searchable):
    assert_error(api.get("/search"), 400, "search.criteria_required")
    assert_error(api.get("/search", q="   ", page=2), 400, "search.criteria_required")


@pytest.mark.parametrize(
    "params", [{"q": "x" * 201}, {"open_to": "nothing"}, {"q": "ada\x00"}, {"size": 1000}]
)
def test_search_rejects_bad_input(api, params):
    assert_error(api.get("/search", **params), 422, "request.invalid")


def test_search_is_paged(api, db):
    for i in range(5):
        make_member(f"eng{i}", f"Engineer {i}")
    body = api.get("/search", q="engineer", size=2, page=3).json()
    assert (body["total"], body["pages"], body["page"]) == (5, 3, 3)
    assert [c["handle"] for c in body["items"]] == ["eng4"]


def test_search_query_count_does_not_grow_with_results(api, db, django_assert_num_queries):
    for i in range(8):
        member = make_member(f"eng{i}", f"Engineer {i}")
        position_add(
            member=member,
            company_name=f"Firm {i}",
            title="Engineer",
            started_on=dt.date(2021, 1, 1),
            is_current=True,
        )
    api.get("/me")
    # token, viewer's connections, count, page of members with profiles, current positions
    with django_assert_num_queries(5):
        body = api.get("/search", title="engineer").json()
    assert body["total"] == 8
    assert all(len(card["current_positions"]) == 1 for card in body["items"])
