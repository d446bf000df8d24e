"""Notifications over the API."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.notifications.models import Notification
from rapport.notifications.services import notification_send
from rapport.notifications.tests.factories import sent

# A kind that never groups: each send is its own row.
CONNECTION_MADE = "invitations.answered"


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


def _send(recipient, actor) -> Notification:
    notification = sent(recipient=recipient, kind=CONNECTION_MADE, actor=actor)
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
    assert item["text"] == "Chidi Anagonye answered your question about their invitation."
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
    # token, count, the page's ids, their rows with actors
    with django_assert_num_queries(4):
        body = api.get("/notifications").json()
    assert len(body["items"]) == 7


def test_unread_count(ada, ben, api):
    notification_send(recipient=ada, kind=CONNECTION_MADE, actor=ben)
    notification_send(recipient=ben, kind=CONNECTION_MADE, actor=ada)
    assert api.get("/notifications/unread-count").json() == {
        "unread": 1,
        "unseen": 1,
        "filtered": 0,
    }
    # Looking clears the badge's count; the notification stays unread until opened.
    assert api.post("/notifications/seen").json() == {"marked": 1}
    assert api.get("/notifications/unread-count").json() == {
        "unread": 1,
        "unseen": 0,
        "filtered": 0,
    }


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


def test_the_list_is_grouped_and_tiered(ada, ben, chidi, api):
    crowd = [make_member(f"r{i}", f"Reacter {i}") for i in range(5)]
    for member in crowd:
        notification_send(recipient=ada, kind="posts.reacted", actor=member, target=chidi)
    invitation = sent(recipient=ada, kind="invitations.received", actor=ben)
    items = api.get("/notifications").json()["items"]
    assert items[0]["id"] == invitation.pk
    assert items[0]["tier"] == 1
    group = items[1]
    assert (group["count"], group["tier"]) == (5, 3)
    assert [a["handle"] for a in group["actors"]] == ["r4", "r3"]
    assert group["text"] == "Reacter 4, Reacter 3 and 3 others reacted to your post"


def test_seen_marks_only_the_ids_shown(ada, ben, api):
    shown, other = _send(ada, ben), _send(ada, ben)
    assert api.post("/notifications/seen", {"ids": [shown.pk]}).json() == {"marked": 1}
    assert api.get("/notifications/unread-count").json()["unseen"] == 1
    other.refresh_from_db()
    assert not other.is_seen


def test_settings_per_kind_and_channel(ada, api):
    body = api.get("/notifications/settings").json()
    reacted = next(k for k in body["kinds"] if k["kind"] == "posts.reacted")
    assert reacted == {
        "kind": "posts.reacted",
        "label": "Reactions to your posts",
        "category": "posts",
        "site": True,
        "email": "digest",
        "required": False,
        "chosen": False,
    }
    assert (body["digest"], body["digest_hour"], body["time_zone"]) == ("weekly", 8, "UTC")
    changed = api.patch(
        "/notifications/settings",
        {
            "kinds": [{"kind": "posts.reacted", "site": False, "email": "off"}],
            "digest": "daily",
            "digest_hour": 7,
            "time_zone": "Europe/Paris",
            "mentions_from": "a_network",
        },
    ).json()
    reacted = next(k for k in changed["kinds"] if k["kind"] == "posts.reacted")
    assert (reacted["site"], reacted["email"], reacted["chosen"]) == (False, "off", True)
    assert (changed["digest"], changed["digest_hour"], changed["time_zone"]) == (
        "daily",
        7,
        "Europe/Paris",
    )
    assert changed["mentions_from"] == "a_network"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"kinds": [{"kind": "no.such", "site": True, "email": "off"}]}, "notification.kind"),
        (
            {"kinds": [{"kind": "invitations.standing_warning", "site": False, "email": "off"}]},
            "notification.required",
        ),
        (
            {"kinds": [{"kind": "posts.reacted", "site": True, "email": "sms"}]},
            "notification.email",
        ),
        ({"time_zone": "Mars/Olympus"}, "notification.time_zone"),
        ({"digest": "hourly"}, "notification.digest"),
        ({"mentions_from": "nobody"}, "notification.mentions_from"),
    ],
)
def test_bad_settings_are_refused_and_change_nothing(ada, api, body, code):
    # A valid change comes first in the same request: the bad part must undo it.
    valid = {"kind": "members.job_changed", "site": False, "email": "off"}
    body = {**body, "kinds": [valid, *body.get("kinds", [])]}
    before = api.get("/notifications/settings").json()
    assert_error(api.patch("/notifications/settings", body), 400, code)
    assert api.get("/notifications/settings").json() == before


def test_settings_reject_out_of_range_numbers(ada, api):
    assert_error(api.patch("/notifications/settings", {"digest_hour": 24}), 422, "request.invalid")


def test_filtered_mentions_over_the_api(ada, ben, api):
    held = sent(recipient=ada, kind="posts.mentioned", actor=ben, filtered=True)
    assert api.get("/notifications").json()["total"] == 0
    body = api.get("/notifications/filtered").json()
    assert [i["id"] for i in body["items"]] == [held.pk]
    assert body["items"][0]["is_filtered"] is True
    assert api.post("/notifications/filtered/accept", {"ids": [held.pk]}).json() == {"marked": 1}
    assert [i["id"] for i in api.get("/notifications").json()["items"]] == [held.pk]


def test_everyone_in_a_group_and_the_quick_controls_over_the_api(ada, ben, chidi, api):
    crowd = [make_member(f"g{i}", f"Grouped {i}") for i in range(3)]
    for member in crowd:
        group = sent(recipient=ada, kind="posts.reacted", actor=member, target=chidi, url="/p/")
    body = api.get(f"/notifications/{group.pk}/people").json()
    assert [p["handle"] for p in body["items"]] == ["g2", "g1", "g0"]
    assert body["items"][0]["at"]
    # Not someone else's, by id.
    assert_error(
        as_member(ben).get(f"/notifications/{group.pk}/people"), 404, "notification.not_found"
    )
    assert_error(
        as_member(ben).post(f"/notifications/{group.pk}/mute"), 404, "notification.not_found"
    )
    assert api.post(f"/notifications/{group.pk}/mute").json() == {"marked": 1}
    assert api.get("/notifications").json()["total"] == 0
    mention = sent(recipient=ada, kind="posts.mentioned", actor=ben)
    assert api.post(f"/notifications/{mention.pk}/mute-mentions").json() == {"marked": 1}
    answered = sent(recipient=ada, kind="invitations.answered", actor=ben)
    assert api.post(f"/notifications/{answered.pk}/turn-off").json() == {"marked": 1}
    assert notification_send(recipient=ada, kind="invitations.answered", actor=chidi) is None
    warning = sent(recipient=ada, kind="invitations.standing_warning")
    assert_error(api.post(f"/notifications/{warning.pk}/turn-off"), 400, "notification.required")
    assert_error(api.post("/notifications/0/turn-off"), 422, "request.invalid")
