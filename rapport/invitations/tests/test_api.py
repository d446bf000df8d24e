"""Invitations over the API: every endpoint, every refusal changing nothing, nobody reading
or answering what is not theirs, and list endpoints in a pinned number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import token_create, token_revoke
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.invitations import services
from rapport.invitations.models import (
    Appeal,
    Invitation,
    InvitationMessage,
    InvitationPreferences,
    QuotaSlot,
    Standing,
    State,
)
from rapport.invitations.tests.factories import crowd, tighten
from rapport.members.services import privacy_update
from rapport.network.models import Connection
from rapport.network.selectors import are_connected
from rapport.network.services import connection_create

NOTE = "Hi Ben, we met at the Lagos design meetup; I'd like to keep in touch about your talk."
DEFAULT = "I'd like to add you to my professional network."
DAY = dt.timedelta(days=1)


def _snapshot() -> tuple[Any, ...]:
    """Everything an invitation endpoint could change."""
    return (
        list(
            Invitation.objects.order_by("pk").values_list(
                "pk", "sender_id", "recipient_id", "state", "decided_at", "note"
            )
        ),
        list(InvitationMessage.objects.order_by("pk").values_list("pk", "author_id", "text")),
        list(Connection.objects.order_by("pk").values_list("member_low_id", "member_high_id")),
        list(QuotaSlot.objects.order_by("pk").values_list("pk", "used_at")),
        list(InvitationPreferences.objects.values_list("member_id", "who_may_invite")),
        list(Appeal.objects.order_by("pk").values_list("pk", "state")),
        list(Standing.objects.order_by("pk").values_list("pk", "restricted_until")),
    )


def _connect(a: User, b: User) -> None:
    connection_create(member=a, other=b, source="operator", notify=False)


def _invite(sender: User, recipient: User, note: str = NOTE, **kwargs: Any) -> Invitation:
    return services.invitation_send(sender=sender, recipient=recipient, note=note, **kwargs)


def _state(invitation: Invitation) -> str:
    invitation.refresh_from_db()
    return invitation.state


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


@pytest.fixture
def ben_api(ben) -> ApiClient:
    return as_member(ben)


@pytest.fixture
def chidi_api(chidi) -> ApiClient:
    return as_member(chidi)


# --- sending -----------------------------------------------------------------------------


def test_send_creates_an_invitation_with_the_note(ada, ben, api):
    response = api.post(
        "/invitations",
        {"handle": "ben", "note": NOTE, "how_we_know": "event", "how_detail": "Lagos meetup"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    invitation = Invitation.objects.get()
    assert body["id"] == invitation.pk
    assert (body["state"], body["note"], body["how_we_know"], body["how_detail"]) == (
        "pending",
        NOTE,
        "event",
        "Lagos meetup",
    )
    assert body["sender"]["handle"] == "ada" and body["recipient"]["handle"] == "ben"
    assert body["mutual"] is None and body["decided_at"] is None
    assert (invitation.sender, invitation.recipient, invitation.state) == (ada, ben, State.PENDING)


def test_send_names_a_mutual_connection(ada, ben, chidi, api):
    _connect(chidi, ada)
    _connect(chidi, ben)
    body = api.post(
        "/invitations", {"handle": "ben", "how_we_know": "mutual", "mutual": "chidi"}
    ).json()
    assert body["mutual"] == {"handle": "chidi", "display_name": "Chidi Anagonye"}
    assert Invitation.objects.get().mutual == chidi


def test_send_to_someone_who_invited_you_accepts_theirs_with_200(ada, ben, api):
    theirs = _invite(ben, ada, note="Hi Ada, we met at the engines meetup.")
    response = api.post("/invitations", {"handle": "ben", "how_we_know": "event"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"], body["sender"]["handle"]) == (theirs.pk, "accepted", "ben")
    assert are_connected(ada.pk, ben.pk)
    assert Invitation.objects.count() == 1


def _setup_refusal(case: str, ada: User, ben: User, chidi: User) -> dict[str, Any]:
    """Arrange one refusal; returns the request body that meets it."""
    body: dict[str, Any] = {"handle": "ben", "note": NOTE, "how_we_know": "other"}
    if case == "self":
        body["handle"] = "ada"
    elif case == "unknown":
        body["handle"] = "nobody"
    elif case == "inactive":
        ben.is_active = False
        ben.save(update_fields=["is_active"])
    elif case == "connected":
        _connect(ada, ben)
    elif case == "pending":
        _invite(ada, ben)
    elif case == "mutual_required":
        body["how_we_know"] = "mutual"
    elif case == "mutual_unknown":
        body.update(how_we_know="mutual", mutual="nobody")
    elif case == "mutual_invalid":
        body.update(how_we_know="mutual", mutual="chidi")
    elif case == "cooldown":
        services.invitation_withdraw(member=ada, invitation_id=_invite(ada, ben).pk)
    elif case == "refused":
        services.invitation_decline(member=ben, invitation_id=_invite(ada, ben).pk)
    elif case == "needs_mutual":
        services.preferences_update(member=ben, who_may_invite="mutual", note_required=False)
    elif case == "email_required":
        services.preferences_update(member=ben, who_may_invite="email", note_required=False)
    elif case == "email_mismatch":
        services.preferences_update(member=ben, who_may_invite="email", note_required=False)
        body["recipient_email"] = "someone@example.com"
    elif case == "note_required":
        services.preferences_update(member=ben, who_may_invite="anyone", note_required=True)
        body["note"] = DEFAULT
    elif case == "restricted":
        tighten(restrict_negatives=1)
        services.invitation_report(member=chidi, invitation_id=_invite(ada, chidi).pk)
    elif case == "day_limit":
        tighten(daily_cap=1)
        _invite(ada, chidi)
    elif case == "week_limit":
        tighten(weekly_cap=1, throttled_weekly_cap=1)
        _invite(ada, chidi)
    return body


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("self", 400, "invitation.self"),
        ("unknown", 404, "member.not_found"),
        ("inactive", 404, "member.not_found"),
        ("connected", 409, "invitation.connected"),
        ("pending", 409, "invitation.pending"),
        ("mutual_required", 400, "invitation.mutual_required"),
        ("mutual_unknown", 400, "invitation.mutual_invalid"),
        ("mutual_invalid", 400, "invitation.mutual_invalid"),
        ("cooldown", 400, "invitation.cooldown"),
        ("refused", 400, "invitation.refused"),
        ("needs_mutual", 400, "invitation.needs_mutual"),
        ("email_required", 400, "invitation.email_required"),
        ("note_required", 400, "invitation.note_required"),
        ("restricted", 400, "invitation.restricted"),
        ("day_limit", 429, "invitation.day_limit"),
        ("week_limit", 429, "invitation.week_limit"),
    ],
)
def test_send_refusals_keep_their_codes_and_change_nothing(
    ada, ben, chidi, api, case, status, code
):
    body = _setup_refusal(case, ada, ben, chidi)
    before = _snapshot()
    assert_error(api.post("/invitations", body), status, code)
    assert _snapshot() == before


def test_a_wrong_email_is_refused_and_uses_up_one_invitation(ada, ben, chidi, api):
    body = _setup_refusal("email_mismatch", ada, ben, chidi)
    invitations, messages, connections, _slots, *rest = _snapshot()
    assert_error(api.post("/invitations", body), 400, "invitation.email_mismatch")
    after = _snapshot()
    assert (after[0], after[1], after[2], list(after[4:])) == (
        invitations,
        messages,
        connections,
        rest,
    )
    # Guessing addresses costs invitations, so the check cannot confirm them for free.
    assert api.get("/me/standing").json()["daily_left"] == 24


def test_a_restricted_sender_may_still_invite_someone_whose_email_they_know(ada, chidi, ben, api):
    _setup_refusal("restricted", ada, ben, chidi)
    response = api.post(
        "/invitations",
        {"handle": "ben", "how_we_know": "other", "recipient_email": "BEN@example.com"},
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "body",
    [
        {"note": NOTE, "how_we_know": "other"},  # no handle
        {"handle": "ben", "note": NOTE},  # no how_we_know
        {"handle": "ben", "how_we_know": "friends"},
        {"handle": "ben", "how_we_know": "other", "note": "x" * 301},
        {"handle": "ben", "how_we_know": "other", "how_detail": "x" * 121},
        {"handle": "ben", "how_we_know": "other", "note": 5},
        {"handle": "ben", "how_we_know": "other", "note": "nul\x00byte"},
        {"handle": "ben", "how_we_know": "other", "how_detail": "two\nlines"},
        {"handle": "ben ", "how_we_know": "other"},
        {"handle": "ben", "how_we_know": "other", "mutual": "not_a_handle"},
        {"handle": "ben", "how_we_know": "other", "recipient_email": "x" * 255},
        {"handle": "ben", "how_we_know": "other", "sender": "chidi"},
    ],
)
def test_send_rejects_what_does_not_fit_the_schema_and_changes_nothing(ada, ben, chidi, api, body):
    before = _snapshot()
    assert_error(api.post("/invitations", body), 422, "request.invalid")
    assert _snapshot() == before


def test_a_note_of_300_characters_is_accepted(ada, ben, api):
    note = ("Hi Ben, we met at the Lagos design meetup. " * 10)[:300]
    response = api.post("/invitations", {"handle": "ben", "how_we_know": "event", "note": note})
    assert response.status_code == 201, response.content
    assert len(Invitation.objects.get().note) == 300


# --- received ----------------------------------------------------------------------------


def test_received_cards_show_context_coach_and_band_never_numbers(ada, ben, chidi, ben_api):
    privacy_update(member=ada, connections_visibility="everyone")
    _connect(chidi, ada)
    _connect(chidi, ben)
    for member in (ada, ben):
        position_add(
            member=member,
            company_name="Acme",
            title="Designer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    invitation = _invite(ada, ben)
    services.invitation_message_add(member=ben, invitation_id=invitation.pk, text="How?")
    body = ben_api.get("/invitations/received").json()
    assert (body["total"], body["page"], body["pages"]) == (1, 1, 1)
    (card,) = body["items"]
    assert set(card) == {"invitation", "shared", "coach", "band", "messages"}
    assert card["invitation"]["id"] == invitation.pk
    assert card["invitation"]["sender"]["handle"] == "ada"
    assert card["invitation"]["sender"]["current_positions"][0]["title"] == "Designer"
    assert card["invitation"]["note"] == NOTE
    assert card["shared"] == {
        "mutual_count": 1,
        "mutual": [{"handle": "chidi", "display_name": "Chidi Anagonye"}],
        "employers": ["Acme"],
        "schools": [],
    }
    assert set(card["coach"]) == {"default_text", "pitch", "personalization", "reasons"}
    assert card["coach"]["default_text"] is False and card["coach"]["personalization"] > 0
    assert card["band"] == "good"
    assert card["messages"] == 1


def test_received_cards_do_not_name_mutuals_from_a_list_the_sender_hides(ada, ben, chidi, ben_api):
    _connect(chidi, ada)
    _connect(chidi, ben)
    _invite(ada, ben)  # ada shows her connections only to her connections; ben is not one
    (card,) = ben_api.get("/invitations/received").json()["items"]
    assert card["shared"]["mutual_count"] == 0 and card["shared"]["mutual"] == []


def test_received_shows_a_poor_band_for_a_restricted_sender(ada, ben, chidi, ben_api):
    tighten(restrict_negatives=1)
    services.invitation_decline(member=chidi, invitation_id=_invite(ada, chidi).pk)
    _invite(ada, ben, recipient_email="ben@example.com")
    (card,) = ben_api.get("/invitations/received").json()["items"]
    assert card["band"] == "poor"


def test_received_sorts_best_first_or_newest_and_filters_by_note(ada, ben, chidi, api):
    _invite(chidi, ada, note="")
    _invite(ben, ada, note="Hi Ada, Chidi's talk on engines mentioned your analytical engine work.")

    def senders(**params: str) -> list[str]:
        items = api.get("/invitations/received", **params).json()["items"]
        return [card["invitation"]["sender"]["handle"] for card in items]

    assert senders() == ["ben", "chidi"]
    assert senders(sort="newest") == ["ben", "chidi"]
    assert senders(show="default") == ["chidi"]
    assert senders(show="personal") == ["ben"]


def test_received_is_paged(ada, api):
    for member in crowd("m", 3):
        _invite(member, ada, note="")
    body = api.get("/invitations/received", page=2, size=2).json()
    assert (body["total"], body["pages"], body["page"], len(body["items"])) == (3, 2, 2, 1)
    assert api.get("/invitations/received", page=9).json()["items"] == []


def test_received_lists_only_pending_invitations_to_you(ada, ben, chidi, api):
    services.invitation_ignore(member=ada, invitation_id=_invite(ben, ada).pk)
    _invite(ada, chidi)
    _invite(ben, chidi)
    assert api.get("/invitations/received").json()["items"] == []


@pytest.mark.parametrize(
    "params", [{"sort": "worst"}, {"show": "everything"}, {"size": 0}, {"page": 0}]
)
def test_received_rejects_bad_parameters(api, params):
    assert_error(api.get("/invitations/received", **params), 422, "request.invalid")


# --- sent ----------------------------------------------------------------------------------


def test_sent_lists_pending_by_default_and_all_on_request(ada, ben, chidi, api):
    first = _invite(ada, ben)
    second = _invite(ada, chidi)
    services.invitation_accept(member=ben, invitation_id=first.pk)
    _invite(chidi, ben)  # not Ada's
    body = api.get("/invitations/sent").json()
    assert [item["id"] for item in body["items"]] == [second.pk]
    assert body["items"][0]["recipient"]["handle"] == "chidi"
    every = api.get("/invitations/sent", state="all").json()
    assert [(i["id"], i["state"]) for i in every["items"]] == [
        (second.pk, "pending"),
        (first.pk, "accepted"),
    ]


def test_sent_is_paged(ada, api):
    for member in crowd("m", 3):
        _invite(ada, member)
    body = api.get("/invitations/sent", size=2, page=2).json()
    assert (body["total"], body["pages"], len(body["items"])) == (3, 2, 1)


def test_sent_rejects_an_unknown_state(api):
    assert_error(api.get("/invitations/sent", state="accepted"), 422, "request.invalid")


# --- query counts --------------------------------------------------------------------------


def _busy_members(n: int) -> list[User]:
    members = crowd("q", n)
    for i, member in enumerate(members):
        position_add(
            member=member,
            company_name=f"Company {i}",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    return members


def test_sent_query_count_does_not_grow_with_the_list(ada, chidi, api, django_assert_num_queries):
    _connect(chidi, ada)
    for member in _busy_members(6):
        _connect(chidi, member)
        _invite(ada, member, how_we_know="mutual", mutual=chidi)
    api.get("/me")  # Records the token's first use, a write that happens once.
    # token, count, page of invitations, members with profiles, their current positions
    with django_assert_num_queries(5):
        body = api.get("/invitations/sent").json()
    assert len(body["items"]) == 6
    assert all(item["recipient"]["current_positions"] for item in body["items"])
    assert all(item["mutual"]["handle"] == "chidi" for item in body["items"])


# token, the pending invitations, policy, the senders' standings, their answer counts,
# the threads, what the senders share with the recipient (connections, mutual members,
# employers, schools), the senders' degrees (one change-log read inside a test's
# transaction), the page's members with profiles, their positions. (Names of shared
# employers and schools cost nothing here: Django skips a query on an empty set.)
RECEIVED_QUERIES = 12


def test_received_query_count_is_pinned(ada, api, django_assert_num_queries):
    for member in _busy_members(3):
        _invite(member, ada, note="")
    api.get("/me")  # Records the token's first use, a write that happens once.
    with django_assert_num_queries(RECEIVED_QUERIES):
        body = api.get("/invitations/received").json()
    assert len(body["items"]) == 3
    assert all(card["invitation"]["sender"]["current_positions"] for card in body["items"])


def test_received_query_count_does_not_grow_with_the_inbox(ada, api):
    senders = _busy_members(4)
    _invite(senders[0], ada, note="")
    api.get("/me")
    with CaptureQueriesContext(connection) as one:
        api.get("/invitations/received")
    for member in senders[1:]:
        _invite(member, ada, note="")
    with CaptureQueriesContext(connection) as four:
        api.get("/invitations/received")
    assert len(four.captured_queries) == len(one.captured_queries)


def test_detail_query_count_is_pinned(ada, ben, ben_api, django_assert_num_queries):
    invitation = _invite(ada, ben)
    for text in ("How do we know each other?", "The Lagos meetup.", "Ah, of course."):
        author = ben if text != "The Lagos meetup." else ada
        services.invitation_message_add(member=author, invitation_id=invitation.pk, text=text)
    ben_api.get("/me")
    # token, the invitation, its thread with authors, members with profiles, their positions
    with django_assert_num_queries(5):
        body = ben_api.get(f"/invitations/{invitation.pk}").json()
    assert len(body["thread"]) == 3


# --- one invitation ------------------------------------------------------------------------


def test_detail_shows_the_invitation_and_its_thread_to_both_sides(ada, ben, api, ben_api):
    invitation = _invite(ada, ben)
    services.invitation_message_add(member=ben, invitation_id=invitation.pk, text="Remind me?")
    services.invitation_message_add(member=ada, invitation_id=invitation.pk, text="Lagos.")
    mine = api.get(f"/invitations/{invitation.pk}").json()
    theirs = ben_api.get(f"/invitations/{invitation.pk}").json()
    assert (mine["role"], theirs["role"]) == ("sender", "recipient")
    for body in (mine, theirs):
        assert body["id"] == invitation.pk and body["note"] == NOTE
        assert [(m["author"]["handle"], m["text"]) for m in body["thread"]] == [
            ("ben", "Remind me?"),
            ("ada", "Lagos."),
        ]


def test_a_third_member_cannot_read_an_invitation(ada, ben, chidi_api):
    invitation = _invite(ada, ben)
    assert_error(chidi_api.get(f"/invitations/{invitation.pk}"), 404, "invitation.not_found")


def test_an_unknown_invitation_is_404(api):
    assert_error(api.get("/invitations/999999"), 404, "invitation.not_found")


@pytest.mark.parametrize("bad", ["0", "-1", "abc", str(2**63)])
def test_a_malformed_invitation_id_is_422(api, bad):
    assert_error(api.get(f"/invitations/{bad}"), 422, "request.invalid")


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
    invitation = _invite(ada, ben)
    response = ben_api.post(f"/invitations/{invitation.pk}/{action}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"]) == (invitation.pk, state)
    assert body["decided_at"] is not None
    assert _state(invitation) == state
    assert are_connected(ada.pk, ben.pk) is (state == State.ACCEPTED)


def test_the_sender_withdraws(ada, ben, api):
    invitation = _invite(ada, ben)
    body = api.post(f"/invitations/{invitation.pk}/withdraw").json()
    assert body["state"] == "withdrawn"
    assert _state(invitation) == State.WITHDRAWN


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report"])
def test_the_sender_cannot_answer_their_own_invitation(ada, ben, api, action):
    invitation = _invite(ada, ben)
    before = _snapshot()
    assert_error(api.post(f"/invitations/{invitation.pk}/{action}"), 404, "invitation.not_found")
    assert _snapshot() == before
    assert not are_connected(ada.pk, ben.pk)


def test_the_recipient_cannot_withdraw(ada, ben, ben_api):
    invitation = _invite(ada, ben)
    before = _snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/withdraw"), 404, "invitation.not_found"
    )
    assert _snapshot() == before


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report", "withdraw"])
def test_a_third_member_cannot_act_on_an_invitation(ada, ben, chidi_api, action):
    invitation = _invite(ada, ben)
    before = _snapshot()
    assert_error(
        chidi_api.post(f"/invitations/{invitation.pk}/{action}"), 404, "invitation.not_found"
    )
    assert _snapshot() == before


@pytest.mark.parametrize("action", ["accept", "ignore", "decline", "report"])
def test_an_answered_invitation_cannot_be_answered_again(ada, ben, ben_api, action):
    invitation = _invite(ada, ben)
    services.invitation_ignore(member=ben, invitation_id=invitation.pk)
    before = _snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/{action}"), 409, "invitation.bad_transition"
    )
    assert _snapshot() == before


def test_answering_an_unknown_invitation_is_404(api):
    assert_error(api.post("/invitations/424242/accept"), 404, "invitation.not_found")


# --- the thread ------------------------------------------------------------------------


def test_the_recipient_asks_and_the_sender_answers(ada, ben, api, ben_api):
    invitation = _invite(ada, ben)
    asked = ben_api.post(f"/invitations/{invitation.pk}/messages", {"text": "How do we know?"})
    assert asked.status_code == 201, asked.content
    assert asked.json()["author"] == {"handle": "ben", "display_name": "Ben Okafor"}
    answered = api.post(f"/invitations/{invitation.pk}/messages", {"text": "Lagos meetup."})
    assert answered.status_code == 201, answered.content
    assert list(invitation.messages.values_list("author__handle", "text")) == [
        ("ben", "How do we know?"),
        ("ada", "Lagos meetup."),
    ]
    assert _state(invitation) == State.PENDING


def _thread_refusal(case: str, ada: User, ben: User) -> tuple[int, dict[str, Any]]:
    invitation = _invite(ada, ben)
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
    before = _snapshot()
    assert_error(client.post(f"/invitations/{invitation_id}/messages", body), status, code)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "body", [{"text": "x" * 501}, {"text": 1}, {}, {"text": "bell\x07"}, {"text": "a", "to": 1}]
)
def test_thread_rejects_what_does_not_fit_the_schema(ada, ben, ben_api, body):
    invitation = _invite(ada, ben)
    before = _snapshot()
    assert_error(
        ben_api.post(f"/invitations/{invitation.pk}/messages", body), 422, "request.invalid"
    )
    assert _snapshot() == before


# --- in bulk ---------------------------------------------------------------------------


def test_ignore_the_listed_invitations_only_your_own(ada, ben, chidi, api):
    from_ben = _invite(ben, ada)
    from_chidi = _invite(chidi, ada)
    to_chidi = _invite(ben, chidi)
    body = api.post("/invitations/ignore", {"ids": [from_ben.pk, to_chidi.pk]}).json()
    assert body == {"ignored": 1}
    assert (_state(from_ben), _state(from_chidi), _state(to_chidi)) == (
        State.IGNORED,
        State.PENDING,
        State.PENDING,
    )


def test_ignore_every_default_text_invitation(ada, ben, chidi, api):
    default = _invite(ben, ada, note=DEFAULT)
    personal = _invite(chidi, ada, note="Hi Ada, Ben told me about your engine notes.")
    assert api.post("/invitations/ignore", {"default_text": True}).json() == {"ignored": 1}
    assert (_state(default), _state(personal)) == (State.IGNORED, State.PENDING)


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
    _invite(ben, ada, note=DEFAULT)
    before = _snapshot()
    assert_error(api.post("/invitations/ignore", body), status, code)
    assert _snapshot() == before


def test_withdraw_older_withdraws_only_old_pending_invitations(ada, ben, chidi, api):
    old = services.invitation_send(
        sender=ada, recipient=ben, note=NOTE, now=timezone.now() - 40 * DAY
    )
    new = _invite(ada, chidi)
    assert api.post("/me/invitations/withdraw-older", {"days": 30}).json() == {"withdrawn": 1}
    assert (_state(old), _state(new)) == (State.WITHDRAWN, State.PENDING)


@pytest.mark.parametrize("body", [{"days": -1}, {"days": 366}, {"days": "30"}, {}])
def test_withdraw_older_rejects_bad_days(ada, ben, api, body):
    _invite(ada, ben)
    before = _snapshot()
    assert_error(api.post("/me/invitations/withdraw-older", body), 422, "request.invalid")
    assert _snapshot() == before


# --- the coach -------------------------------------------------------------------------


def test_coach_spots_default_text(api):
    body = api.post("/invitations/coach", {"text": DEFAULT}).json()
    assert body["default_text"] is True and body["personalization"] == 0
    assert body["band"] == "low" and body["reasons"]


def test_coach_knows_what_you_share_with_the_recipient(ada, ben, api):
    for member in (ada, ben):
        position_add(
            member=member,
            company_name="Acme",
            title="Designer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    text = "Hi Ben, we both worked at Acme; I enjoyed your checkout redesign."
    with_context = api.post("/invitations/coach", {"text": text, "handle": "ben"}).json()
    without = api.post("/invitations/coach", {"text": text}).json()
    assert "Acme" in with_context["signals"]["shared"]["phrases"]
    assert "Acme" not in without["signals"]["shared"]["phrases"]


def test_coach_spots_a_pitch(api):
    body = api.post(
        "/invitations/coach",
        {
            "text": "Hi Ben, can we book a quick call about our platform? "
            "We help companies like yours boost sales."
        },
    ).json()
    assert body["pitch"] is True and body["pitch_signals"]


def test_coach_for_an_unknown_member_is_404(api):
    assert_error(
        api.post("/invitations/coach", {"text": "Hi", "handle": "nobody"}), 404, "member.not_found"
    )


@pytest.mark.parametrize("body", [{}, {"text": "x" * 2001}, {"text": None}, {"text": "a", "x": 1}])
def test_coach_rejects_what_does_not_fit_the_schema(api, body):
    assert_error(api.post("/invitations/coach", body), 422, "request.invalid")


# --- standing ----------------------------------------------------------------------------


def test_standing_shows_your_own_numbers(ada, ben, chidi, api, ben_api):
    services.invitation_accept(member=ben, invitation_id=_invite(ada, ben).pk)
    services.invitation_decline(member=chidi, invitation_id=_invite(ada, chidi).pk)
    _invite(ada, make_member("dora", "Dora Explorer"))
    body = api.get("/me/standing").json()
    assert body["acceptance_rate"] == 0.5
    assert (body["decided"], body["accepted"], body["negative_answers"]) == (2, 1, 1)
    assert (body["pending"], body["weekly_left"], body["weekly_cap"]) == (1, 97, 100)
    assert (body["daily_left"], body["daily_cap"]) == (22, 25)
    assert (body["throttled"], body["restricted"], body["restricted_until"]) == (False, False, None)
    assert body["band"] == "good"
    # Ben's standing is his own: none of Ada's answers show in it.
    theirs = ben_api.get("/me/standing").json()
    assert (theirs["decided"], theirs["acceptance_rate"], theirs["pending"]) == (0, None, 0)


def test_standing_explains_a_restriction_and_when_it_lifts(ada, chidi, api):
    tighten(restrict_negatives=1)
    services.invitation_report(member=chidi, invitation_id=_invite(ada, chidi).pk)
    body = api.get("/me/standing").json()
    assert (body["restricted"], body["band"]) == (True, "poor")
    assert body["restricted_until"] is not None
    assert any("lifts on" in text for text in body["lifts"])


def test_no_endpoint_shows_another_members_standing(ada, ben, api, ben_api):
    _invite(ada, ben)
    assert_error(api.get("/members/ben/standing"), 404, "not_found")
    (card,) = ben_api.get("/invitations/received").json()["items"]
    numbers = {"acceptance_rate", "decided", "accepted", "negative_answers", "weekly_left"}
    assert not numbers & set(card) and not numbers & set(card["invitation"]["sender"])


# --- preferences and appeals -----------------------------------------------------------


def test_preferences_default_to_anyone(api):
    assert api.get("/me/invitation-preferences").json() == {
        "who_may_invite": "anyone",
        "note_required": False,
    }


def test_preferences_update_and_apply_to_senders(ada, ben, api, ben_api):
    response = ben_api._send(
        "put", "/me/invitation-preferences", {"who_may_invite": "email", "note_required": True}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"who_may_invite": "email", "note_required": True}
    assert ben_api.get("/me/invitation-preferences").json()["who_may_invite"] == "email"
    assert_error(
        api.post("/invitations", {"handle": "ben", "how_we_know": "other"}),
        400,
        "invitation.email_required",
    )


@pytest.mark.parametrize(
    "body",
    [
        {"who_may_invite": "nobody", "note_required": False},
        {"who_may_invite": "anyone"},
        {"who_may_invite": "anyone", "note_required": "yes"},
        {"who_may_invite": "anyone", "note_required": False, "member": "ben"},
    ],
)
def test_preferences_reject_bad_input_and_change_nothing(ada, api, body):
    services.preferences_update(member=ada, who_may_invite="mutual", note_required=False)
    before = _snapshot()
    assert_error(api._send("put", "/me/invitation-preferences", body), 422, "request.invalid")
    assert _snapshot() == before


APPEAL = "I met every one of these people at the Lagos meetup; please lift the limit."


def test_a_restricted_member_appeals(ada, chidi, api):
    tighten(restrict_negatives=1)
    services.invitation_report(member=chidi, invitation_id=_invite(ada, chidi).pk)
    response = api.post("/me/appeals", {"text": APPEAL})
    assert response.status_code == 201, response.content
    assert (response.json()["state"], response.json()["text"]) == ("pending", APPEAL)
    assert Appeal.objects.get().member == ada


@pytest.mark.parametrize(
    ("case", "text", "status", "code"),
    [
        ("free", APPEAL, 409, "appeal.nothing_to_appeal"),
        ("restricted", "Please.", 400, "appeal.too_short"),
        ("appealed", APPEAL, 409, "appeal.pending"),
        ("restricted", "x" * 2001, 422, "request.invalid"),
    ],
)
def test_appeal_refusals_change_nothing(ada, chidi, api, case, text, status, code):
    if case != "free":
        tighten(restrict_negatives=1)
        services.invitation_report(member=chidi, invitation_id=_invite(ada, chidi).pk)
    if case == "appealed":
        services.appeal_submit(member=ada, text=APPEAL)
    before = _snapshot()
    assert_error(api.post("/me/appeals", {"text": text}), status, code)
    assert _snapshot() == before


# --- authentication ----------------------------------------------------------------------

ENDPOINTS = [
    ("post", "/invitations", {"handle": "ben", "how_we_know": "other"}),
    ("get", "/invitations/received", None),
    ("get", "/invitations/sent", None),
    ("get", "/invitations/{id}", None),
    ("post", "/invitations/{id}/accept", None),
    ("post", "/invitations/{id}/ignore", None),
    ("post", "/invitations/{id}/decline", None),
    ("post", "/invitations/{id}/report", None),
    ("post", "/invitations/{id}/withdraw", None),
    ("post", "/invitations/{id}/messages", {"text": "Who are you?"}),
    ("post", "/invitations/ignore", {"default_text": True}),
    ("post", "/invitations/coach", {"text": "Hi"}),
    ("post", "/me/invitations/withdraw-older", {"days": 0}),
    ("get", "/me/standing", None),
    ("get", "/me/invitation-preferences", None),
    ("put", "/me/invitation-preferences", {"who_may_invite": "email", "note_required": True}),
    ("post", "/me/appeals", {"text": APPEAL}),
]


def _call(client: ApiClient, method: str, path: str, body: Any) -> Any:
    if method == "get":
        return client.get(path)
    return client._send(method, path, body)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_every_endpoint_needs_a_member(ada, ben, method, path, body):
    invitation = _invite(ben, ada, note=DEFAULT)
    before = _snapshot()
    response = _call(ApiClient(), method, path.format(id=invitation.pk), body)
    assert_error(response, 401, "auth.required")
    assert _snapshot() == before


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_a_revoked_token_is_refused_everywhere(ada, ben, method, path, body):
    invitation = _invite(ben, ada, note=DEFAULT)
    issued = token_create(member=ada, name="script")
    token_revoke(member=ada, token_id=issued.token.pk)
    before = _snapshot()
    response = _call(ApiClient(issued.secret), method, path.format(id=invitation.pk), body)
    assert_error(response, 401, "auth.required")
    assert _snapshot() == before


def test_the_endpoints_are_in_the_schema(client, db):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/invitations",
        "/api/v1/invitations/received",
        "/api/v1/invitations/sent",
        "/api/v1/invitations/ignore",
        "/api/v1/invitations/coach",
        "/api/v1/invitations/{invitation_id}",
        "/api/v1/invitations/{invitation_id}/accept",
        "/api/v1/invitations/{invitation_id}/ignore",
        "/api/v1/invitations/{invitation_id}/decline",
        "/api/v1/invitations/{invitation_id}/report",
        "/api/v1/invitations/{invitation_id}/withdraw",
        "/api/v1/invitations/{invitation_id}/messages",
        "/api/v1/me/invitations/withdraw-older",
        "/api/v1/me/standing",
        "/api/v1/me/invitation-preferences",
        "/api/v1/me/appeals",
    } <= paths
