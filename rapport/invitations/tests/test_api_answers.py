"""Answering over the API: accept, ignore, decline, report, withdraw, the thread and the
bulk actions, each only by whom it belongs to."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.tests.test_api import as_member, assert_error
from rapport.invitations import services
from rapport.invitations.models import (
    State,
)
from rapport.invitations.tests.api_helpers import (
    DAY,
    DEFAULT,
    NOTE,
    invite,
    snapshot,
    state_of,
)
from rapport.invitations.tests.factories import tighten
from rapport.network.selectors import are_connected

# --- answers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state"),
    [
        ("accept", State.ACCEPTED),
        ("ignore", State.IGNORED),
        ("decline", State.DECLINED),
        ("report", State.REPORTED),
    ],
)
def test_the_recipient_answers(ada, ben, ben_api, action, state):
    invitation = invite(ada, ben)
    response = ben_api.post(f"/invitations/{invitation.pk}/{action}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"]) == (invitation.pk, state)
    assert body["decided_at"] is not None
    assert state_of(invitation) == state
    assert are_connected(ada.pk, ben.pk) is (state == State.ACCEPTED)


def test_the_sender_withdraws(ada, ben, api):
    invitation = invite(ada, ben)
    body = api.post(f"/invitations/{invitation.pk}/withdraw").json()
    assert body["state"] == "withdrawn"
    assert state_of(invitation) == State.WITHDRAWN


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report"])
def test_the_sender_cannot_answer_their_own_invitation(ada, ben, api, action):
    invitation = invite(ada, ben)
    before = snapshot()
    assert_error(api.post(f"/invitations/{invitation.pk}/{action}"), 404, "invitation.not_found")
    assert snapshot() == before
    assert not are_connected(ada.pk, ben.pk)


def test_the_recipient_cannot_withdraw(ada, ben, ben_api):
    invitation = invite(ada, ben)
    before = snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/withdraw"), 404, "invitation.not_found"
    )
    assert snapshot() == before


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report", "withdraw"])
def test_a_third_member_cannot_act_on_an_invitation(ada, ben, chidi_api, action):
    invitation = invite(ada, ben)
    before = snapshot()
    assert_error(
        chidi_api.post(f"/invitations/{invitation.pk}/{action}"), 404, "invitation.not_found"
    )
    assert snapshot() == before


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report"])
def test_an_answered_invitation_cannot_be_answered_again(ada, ben, ben_api, action):
    invitation = invite(ada, ben)
    services.invitation_ignore(member=ben, invitation_id=invitation.pk)
    before = snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/{action}"), 409, "invitation.bad_transition"
    )
    assert snapshot() == before


def test_answering_an_unknown_invitation_is_404(api):
    assert_error(api.post("/invitations/424242/accept"), 404, "invitation.not_found")


# --- the thread ------------------------------------------------------------------------


def test_the_recipient_asks_and_the_sender_answers(ada, ben, api, ben_api):
    invitation = invite(ada, ben)
    asked = ben_api.post(f"/invitations/{invitation.pk}/messages", {"text": "How do we know?"})
    assert asked.status_code == 201, asked.content
    assert asked.json()["author"] == {"handle": "ben", "display_name": "Ben Okafor"}
    answered = api.post(f"/invitations/{invitation.pk}/messages", {"text": "Lagos meetup."})
    assert answered.status_code == 201, answered.content
    assert list(invitation.messages.values_list("author__handle", "text")) == [
        ("ben", "How do we know?"),
        ("ada", "Lagos meetup."),
    ]
    assert state_of(invitation) == State.PENDING


def _thread_refusal(case: str, ada: User, ben: User) -> tuple[int, dict[str, Any]]:
    invitation = invite(ada, ben)
    body: dict[str, Any] = {"text": "Hello there"}
    if case == "closed":
        services.invitation_accept(member=ben, invitation_id=invitation.pk)
    elif case == "full":
        tighten(thread_limit=1)
        services.invitation_message_add(member=ben, invitation_id=invitation.pk, text="Who?")
    elif case == "empty":
        body["text"] = "   \n  "
    return invitation.pk, body


@pytest.mark.parametrize(
    ("case", "writer", "status", "code"),
    [
        ("first", "ada", 403, "invitation.thread_not_started"),
        ("third", "chidi", 404, "invitation.not_found"),
        ("closed", "ben", 409, "invitation.thread_closed"),
        ("full", "ada", 409, "invitation.thread_full"),
        ("empty", "ben", 400, "invitation.message_empty"),
    ],
)
def test_thread_refusals_change_nothing(ada, ben, chidi, case, writer, status, code):
    invitation_id, body = _thread_refusal(case, ada, ben)
    client = as_member({"ada": ada, "ben": ben, "chidi": chidi}[writer])
    before = snapshot()
    assert_error(client.post(f"/invitations/{invitation_id}/messages", body), status, code)
    assert snapshot() == before


@pytest.mark.parametrize(
    "body", [{"text": "x" * 501}, {"text": 1}, {}, {"text": "bell\x07"}, {"text": "a", "to": 1}]
)
def test_thread_rejects_what_does_not_fit_the_schema(ada, ben, ben_api, body):
    invitation = invite(ada, ben)
    before = snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/messages", body), 422, "request.invalid"
    )
    assert snapshot() == before


# --- in bulk ---------------------------------------------------------------------------


def test_ignore_the_listed_invitations_only_your_own(ada, ben, chidi, api):
    from_ben = invite(ben, ada)
    from_chidi = invite(chidi, ada)
    to_chidi = invite(ben, chidi)
    body = api.post("/invitations/ignore", {"ids": [from_ben.pk, to_chidi.pk]}).json()
    assert body == {"ignored": 1}
    assert (state_of(from_ben), state_of(from_chidi), state_of(to_chidi)) == (
        State.IGNORED,
        State.PENDING,
        State.PENDING,
    )


def test_ignore_every_default_text_invitation(ada, ben, chidi, api):
    default = invite(ben, ada, note=DEFAULT)
    personal = invite(chidi, ada, note="Hi Ada, Ben told me about your engine notes.")
    assert api.post("/invitations/ignore", {"default_text": True}).json() == {"ignored": 1}
    assert (state_of(default), state_of(personal)) == (State.IGNORED, State.PENDING)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "invitation.ignore_nothing"),
        ({"default_text": False}, 400, "invitation.ignore_nothing"),
        ({"ids": ["1"]}, 422, "request.invalid"),
        ({"ids": [0]}, 422, "request.invalid"),
        ({"ids": list(range(1, 502))}, 422, "request.invalid"),
        ({"default_text": "true"}, 422, "request.invalid"),
    ],
)
def test_bulk_ignore_refusals_change_nothing(ada, ben, api, body, status, code):
    invite(ben, ada, note=DEFAULT)
    before = snapshot()
    assert_error(api.post("/invitations/ignore", body), status, code)
    assert snapshot() == before


def test_withdraw_older_withdraws_only_old_pending_invitations(ada, ben, chidi, api):
    old = services.invitation_send(
        sender=ada, recipient=ben, note=NOTE, now=timezone.now() - 40 * DAY
    )
    new = invite(ada, chidi)
    assert api.post("/me/invitations/withdraw-older", {"days": 30}).json() == {"withdrawn": 1}
    assert (state_of(old), state_of(new)) == (State.WITHDRAWN, State.PENDING)


@pytest.mark.parametrize("body", [{"days": -1}, {"days": 366}, {"days": "30"}, {}])
def test_withdraw_older_rejects_bad_days(ada, ben, api, body):
    invite(ada, ben)
    before = snapshot()
    assert_error(api.post("/me/invitations/withdraw-older", body), 422, "request.invalid")
    assert snapshot() == before
