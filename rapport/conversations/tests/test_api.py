"""Messaging over the API: same rules as the pages, JSON errors, nobody else's data."""

from __future__ import annotations

import pytest

from rapport.conversations.models import Conversation, Message
from rapport.conversations.tests.factories import GENUINE, PITCH, connect, connect_by_invitation
from rapport.core.tests.test_api import as_member, assert_error

pytestmark = pytest.mark.django_db


def test_send_list_read_and_reply(ada, ben):
    connect(ada, ben, days_ago=100)
    api, ben_api = as_member(ada), as_member(ben)
    sent = api.post("/messages", {"handle": "ben", "text": GENUINE})
    assert sent.status_code == 201, sent.content
    cid = sent.json()["conversation_id"]
    assert ben_api.get("/messages/counts").json() == {"unread": 1, "requests": 0, "filtered": 0}
    listed = ben_api.get("/conversations").json()["items"]
    assert [c["id"] for c in listed] == [cid] and listed[0]["unread"]
    # A page past the last answers the last, like every list (decision 0014).
    late = ben_api.get("/conversations", page=9).json()
    assert (late["page"], late["pages"], [c["id"] for c in late["items"]]) == (1, 1, [cid])
    detail = ben_api.get(f"/conversations/{cid}").json()
    assert detail["messages"][0]["text"] == GENUINE
    assert ben_api.get("/messages/counts").json()["unread"] == 0
    reply = ben_api.post(f"/conversations/{cid}/messages", {"text": "Thanks!"})
    assert reply.status_code == 201 and reply.json()["conversation_id"] == cid


def test_needs_review_then_send_anyway(ada, ben):
    connect_by_invitation(ada, ben)
    api = as_member(ada)
    check = api.post("/messages/check", {"handle": "ben", "text": PITCH}).json()
    assert check["checked"] and "pitch" in check["flags"]
    warned = assert_error(
        api.post("/messages", {"handle": "ben", "text": PITCH}), 409, "message.needs_review"
    )
    assert "pitch" in warned["flags"] and warned["reasons"] and warned["suggestions"]
    assert Message.objects.count() == 0
    sent = api.post("/messages", {"handle": "ben", "text": PITCH, "send_anyway": True})
    assert sent.status_code == 201
    # The sender is not shown the recipient's verdict; the recipient is.
    assert sent.json()["filtered"] is False and sent.json()["flags"] == []
    ben_api = as_member(ben)
    filtered = ben_api.get("/conversations", folder="filtered").json()["items"]
    assert len(filtered) == 1
    message = ben_api.get(f"/conversations/{filtered[0]['id']}").json()["messages"][0]
    assert message["filtered"] and "pitch" in message["flags"] and message["reasons"]
    released = ben_api.post(f"/messages/{message['id']}/actions", {"action": "release"})
    assert released.status_code == 200 and released.json()["filtered"] is False


def test_others_conversations_and_messages_are_not_found(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    api = as_member(ada)
    sent = api.post("/messages", {"handle": "ben", "text": GENUINE}).json()
    chidi_api = as_member(chidi)
    cid, mid = sent["conversation_id"], sent["id"]
    assert_error(chidi_api.get(f"/conversations/{cid}"), 404, "conversation.not_found")
    assert_error(
        chidi_api.post(f"/conversations/{cid}/messages", {"text": "hi"}),
        404,
        "conversation.not_found",
    )
    assert_error(
        chidi_api.post(f"/conversations/{cid}/actions", {"action": "archive"}),
        404,
        "conversation.not_found",
    )
    assert_error(
        chidi_api.post(f"/messages/{mid}/actions", {"action": "report"}), 404, "message.not_found"
    )
    assert chidi_api.get("/conversations").json()["items"] == []
    assert Message.objects.count() == 1


def test_strict_input_and_refusals(ada, ben):
    api = as_member(ada)
    assert api.post("/messages", {"handle": "ben", "text": 5}).status_code == 422
    assert api.post("/messages", {"handle": "ben", "text": "hi", "extra": 1}).status_code == 422
    assert api.post("/messages", {"handle": "ben", "text": ""}).status_code == 422
    assert_error(api.post("/messages", {"handle": "nobody", "text": "hi"}), 404, "member.not_found")
    # Not connected, not 2nd degree: Ben's default lets only people his connections know.
    assert_error(api.post("/messages", {"handle": "ben", "text": "hi"}), 403, "message.not_allowed")
    assert Conversation.objects.count() == 0


def test_preferences_and_blocks(ada, ben):
    connect(ada, ben, days_ago=100)
    api = as_member(ada)
    assert api.get("/messages/preferences").json()["who_may_message"] == "second"
    changed = api.patch(
        "/messages/preferences", {"who_may_message": "anyone", "guard_enabled": False}
    )
    assert changed.json() == {
        "who_may_message": "anyone",
        "read_receipts": True,
        "guard_enabled": False,
    }
    assert api.patch("/messages/preferences", {"who_may_message": "all"}).status_code == 422
    assert api.post("/blocks", {"handle": "ben"}).status_code == 204
    assert_error(
        as_member(ben).post("/messages", {"handle": "ada", "text": "hi"}), 403, "message.blocked"
    )
    assert_error(api.post("/blocks", {"handle": "ben"}), 409, "block.exists")
    assert api.delete("/blocks/ben").status_code == 204
    assert_error(api.delete("/blocks/ben"), 404, "block.not_found")


def test_blocks_and_trusted_senders_are_listed_and_the_guard_can_be_turned_back_on(ada, ben):
    connect_by_invitation(ben, ada)  # ben asked: his messages are checked
    ben_api, api = as_member(ben), as_member(ada)
    sent = ben_api.post("/messages", {"handle": "ada", "text": PITCH, "send_anyway": True}).json()
    trusted = api.post(f"/messages/{sent['id']}/actions", {"action": "trust"})
    assert trusted.status_code == 200 and trusted.json()["filtered"] is False
    assert [m["handle"] for m in api.get("/messages/trusted").json()] == ["ben"]
    assert as_member(ben).get("/messages/trusted").json() == []  # nobody reads another's list
    assert api.delete("/messages/trusted/ben").status_code == 204
    assert api.get("/messages/trusted").json() == []
    again = ben_api.post("/messages", {"handle": "ada", "text": PITCH})
    assert_error(again, 409, "message.needs_review")
    assert api.get("/blocks").json() == []
    api.post("/blocks", {"handle": "ben"})
    assert [m["handle"] for m in api.get("/blocks").json()] == ["ben"]
    assert ben_api.get("/blocks").json() == []


def test_the_check_refuses_a_recipient_one_cannot_write_to(ada, ben):
    api = as_member(ada)
    checked = api.post("/messages/check", {"handle": "ben", "text": PITCH})
    assert_error(checked, 403, "message.not_allowed")
    connect(ada, ben, days_ago=100)
    as_member(ben).post("/blocks", {"handle": "ada"})
    blocked = api.post("/messages/check", {"handle": "ben", "text": PITCH})
    assert_error(blocked, 403, "message.blocked")


def test_outsiders_cannot_accept_decline_delete_or_trust(ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ben, chidi, days_ago=100)  # chidi is 2nd degree to ada
    request = as_member(chidi).post(
        "/messages", {"handle": "ada", "text": PITCH, "send_anyway": True}
    )
    cid, mid = request.json()["conversation_id"], request.json()["id"]
    ben_api = as_member(ben)
    for action in ("accept", "decline", "delete", "archive", "read"):
        answer = ben_api.post(f"/conversations/{cid}/actions", {"action": action})
        assert_error(answer, 404, "conversation.not_found")
    for action in ("release", "report", "trust"):
        assert_error(
            ben_api.post(f"/messages/{mid}/actions", {"action": action}), 404, "message.not_found"
        )
    # The requester cannot accept their own request either.
    own = as_member(chidi).post(f"/conversations/{cid}/actions", {"action": "accept"})
    assert_error(own, 409, "request.none")
    assert Conversation.objects.get(pk=cid).state == "request"
    message = Message.objects.get(pk=mid)
    assert message.released_at is None and message.reported_at is None


def test_the_check_gives_a_reply_the_verdict_its_send_would_get(ada, ben):
    connect(ada, ben)  # new to each other: the guard reads both sides
    api, ben_api = as_member(ada), as_member(ben)
    opening = ben_api.post("/messages/check", {"handle": "ada", "text": "Thanks!"}).json()
    assert opening["flags"] == ["automated"]  # an opening of nothing but thanks
    sent = api.post("/messages", {"handle": "ben", "text": "Ben, did the Leeds kiln arrive?"})
    assert sent.status_code == 201, sent.content
    answer = ben_api.post("/messages/check", {"handle": "ada", "text": "Thanks!"}).json()
    assert answer["checked"] and answer["flags"] == []
    assert ben_api.post("/messages", {"handle": "ada", "text": "Thanks!"}).status_code == 201
