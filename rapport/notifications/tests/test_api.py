"""Notifications over the API."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.notifications.models import Notification
from rapport.notifications.services import notification_send

CONNECTION_MADE = "network.connection_made"


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


def _send(recipient, actor) -> Notification:
    notification = notification_send(recipient=recipient, kind=CONNECTION_MADE, actor=actor)
    assert notification is not None
    return notification


def _unread(member) -> set[int]:
    return set(
        Notification.objects.filter(recipient=member, is_read=False).values_list("pk", flat=True)
    )


def test_list_notifications_newest_first_with_actor(ada, ben, chidi, api):
    first = _send(ada, ben)
    second = _send(ada, chidi)
    _send(ben, ada)
    body = api.get("/notifications").json()
    assert body["total"] == 2
    assert [n["id"] for n in body["items"]] == [second.pk, first.pk]
    item = body["items"][0]
    assert item["kind"] == CONNECTION_MADE
    assert item["text"] == "You are now connected with Chidi Anagonye."
    assert item["is_read"] is False
    assert item["actor"]["handle"] == "chidi"
    assert item["actor"]["profile_url"] == "/in/chidi/"


def test_notification_without_actor(ada, api):
    notification_send(recipient=ada, kind="system.welcome")
    assert api.get("/notifications").json()["items"][0]["actor"] is None


def test_notifications_are_paged(ada, ben, api):
    for _ in range(5):
        notification_send(recipient=ada, kind=CONNECTION_MADE, actor=ben)
    body = api.get("/notifications", page=3, size=2).json()
    assert (body["total"], body["pages"], len(body["items"])) == (5, 3, 1)


def test_notifications_query_count_does_not_grow(ada, api, django_assert_num_queries):
    for i in range(7):
        notification_send(recipient=ada, kind=CONNECTION_MADE, actor=make_member(f"m{i}"))
    api.get("/me")
    # token, count, page with actors
    with django_assert_num_queries(3):
        body = api.get("/notifications").json()
    assert len(body["items"]) == 7


def test_unread_count(ada, ben, api):
    notification_send(recipient=ada, kind=CONNECTION_MADE, actor=ben)
    notification_send(recipient=ben, kind=CONNECTION_MADE, actor=ada)
    assert api.get("/notifications/unread-count").json() == {"unread": 1, "unseen": 1}
    # Looking clears the badge's count; the notification stays unread until opened.
    assert api.post("/notifications/seen").json() == {"marked": 1}
    assert api.get("/notifications/unread-count").json() == {"unread": 1, "unseen": 0}


def test_mark_some_read_touches_only_own_notifications(ada, ben, api):
    mine = [_send(ada, ben) for _ in range(3)]
    theirs = _send(ben, ada)
    response = api.post("/notifications/read", {"ids": [mine[0].pk, theirs.pk]})
    assert response.json() == {"marked": 1}
    assert _unread(ada) == {mine[1].pk, mine[2].pk}
    assert _unread(ben) == {theirs.pk}


@pytest.mark.parametrize("body", [None, {}, {"ids": None}])
def test_mark_all_read(ada, ben, api, body):
    for _ in range(3):
        notification_send(recipient=ada, kind=CONNECTION_MADE, actor=ben)
    assert api.post("/notifications/read", body).json() == {"marked": 3}
    assert _unread(ada) == set()


@pytest.mark.parametrize(
    "body",
    [{"ids": ["1"]}, {"ids": 1}, {"ids": [0]}, {"all": True}, [1, 2], {"ids": list(range(1, 502))}],
)
def test_mark_read_rejects_bad_input_and_changes_nothing(ada, ben, api, body):
    notification_send(recipient=ada, kind=CONNECTION_MADE, actor=ben)
    before = _unread(ada)
    assert_error(api.post("/notifications/read", body), 422, "request.invalid")
    assert _unread(ada) == before


def test_notifications_need_auth(db):
    assert_error(ApiClient().get("/notifications"), 401, "auth.required")
    assert_error(ApiClient().post("/notifications/read"), 401, "auth.required")
