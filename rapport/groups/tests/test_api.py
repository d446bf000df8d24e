"""Groups over the API: the same rules and codes as the pages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rapport.groups.models import Group, Membership
from rapport.groups.tests.factories import add_members, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def as_(member):
        client = Client()
        client.force_login(member)

        def call(method: str, path: str, body: object | None = None):
            kwargs = {"content_type": "application/json"} if body is not None else {}
            data = json.dumps(body) if body is not None else None
            response = getattr(client, method)(f"/api/v1{path}", data, **kwargs)
            return response.status_code, (response.json() if response.content else None)

        return call

    return as_


def test_create_read_and_find_a_group(api, ada, ben):
    status, body = api(ada)(
        "post", "/groups", {"name": "Product Managers Guild", "visibility": "closed"}
    )
    assert status == 201
    assert body["slug"] == "product-managers-guild"
    assert (body["my_state"], body["my_role"], body["can_read"]) == ("member", "owner", True)
    status, found = api(ben)("get", "/groups?q=product")
    assert status == 200 and [g["slug"] for g in found["items"]] == ["product-managers-guild"]
    status, read = api(ben)("get", "/groups/product-managers-guild")
    assert (read["my_state"], read["can_read"]) == ("", False)


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x" * 101},
        {"name": "Fine", "visibility": "secret"},
        {"name": "Fine", "description": "d" * 2001},
        {"name": 7},
    ],
)
def test_bad_input_is_a_4xx_and_makes_nothing(api, ada, body):
    status, _ = api(ada)("post", "/groups", body)
    assert status in (400, 422)
    assert not Group.objects.exists()


def test_request_approve_and_list_members(api, ada, ben):
    group = make_group(ada, visibility="closed")
    status, body = api(ben)("post", f"/groups/{group.slug}/join", {"note": "PM at Acme"})
    assert status == 200 and body["my_state"] == "requested"
    status, requests = api(ada)("get", f"/groups/{group.slug}/members?state=requested")
    assert [r["handle"] for r in requests["items"]] == ["ben"]
    assert requests["items"][0]["note"] == "PM at Acme"
    status, _ = api(ben)("get", f"/groups/{group.slug}/members?state=requested")
    assert status == 403
    status, answered = api(ada)(
        "post", f"/groups/{group.slug}/requests/{ben.pk}", {"approve": True}
    )
    assert status == 200 and answered["state"] == "member"
    status, members = api(ben)("get", f"/groups/{group.slug}/members")
    assert {m["handle"] for m in members["items"]} == {"ada", "ben"}


def test_private_groups_answer_not_found_to_outsiders(api, ada, ben):
    group = make_group(ada, visibility="private")
    calls: list[tuple[str, str, dict | None]] = [
        ("get", f"/groups/{group.slug}", None),
        ("post", f"/groups/{group.slug}/join", {}),
        ("get", f"/groups/{group.slug}/members", None),
        ("get", f"/groups/{group.slug}/posts", None),
        ("get", f"/groups/{group.slug}/stats", None),
    ]
    for method, path, body in calls:
        status, answer = api(ben)(method, path, body)
        assert (status, answer["error"]) == (404, "group.not_found"), path
    assert not Membership.objects.filter(member=ben).exists()


def test_invite_ban_and_roles(api, ada, ben, chidi):
    group = make_group(ada, visibility="private")
    status, invited = api(ada)("post", f"/groups/{group.slug}/invitations", {"handle": "@ben"})
    assert status == 201 and invited["state"] == "invited"
    assert api(ben)("post", f"/groups/{group.slug}/join", {})[1]["my_state"] == "member"
    status, answer = api(ben)("post", f"/groups/{group.slug}/invitations", {"handle": "chidi"})
    assert (status, answer["error"]) == (403, "group.not_manager")
    status, made = api(ada)(
        "post", f"/groups/{group.slug}/members/{ben.pk}/role", {"role": "manager"}
    )
    assert made["role"] == "manager"
    status, answer = api(ada)(
        "post", f"/groups/{group.slug}/members/{ben.pk}/role", {"role": "owner"}
    )
    assert status == 422
    status, banned = api(ada)(
        "post", f"/groups/{group.slug}/members/{ben.pk}/ban", {"reason": "spam"}
    )
    assert (status, banned["state"], banned["role"]) == (200, "banned", "member")
    status, answer = api(ben)("get", f"/groups/{group.slug}")
    assert status == 404  # a banned member of a private group no longer sees it


def test_discussions_and_statistics_over_the_api(api, ada, ben):
    group = make_group(ada, visibility="closed")
    add_members(group, ben)
    status, post = api(ben)(
        "post",
        f"/groups/{group.slug}/posts",
        {"body": "How do you run discovery?", "question": True},
    )
    assert status == 201
    status, _ = api(ada)("post", f"/groups/{group.slug}/posts/{post['id']}/pin", {"pinned": True})
    assert status == 200
    status, page = api(ben)("get", f"/groups/{group.slug}/posts?show=unanswered")
    assert [p["id"] for p in page["pinned"] + page["items"]] == [post["id"]]
    status, answer = api(ben)(
        "post", f"/groups/{group.slug}/posts/{post['id']}/pin", {"pinned": False}
    )
    assert (status, answer["error"]) == (403, "group.not_manager")
    status, stats = api(ben)("get", f"/groups/{group.slug}/stats")
    assert status == 200 and stats["ready"] in (True, False)
    status, _ = api(ada)("delete", f"/groups/{group.slug}/posts/{post['id']}")
    assert status == 204
    status, page = api(ben)("get", f"/groups/{group.slug}/posts")
    assert page["items"] == [] and page["pinned"] == []
