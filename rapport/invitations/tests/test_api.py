"""Invitations over the API: sending, lists and one invitation; every refusal changes
nothing, and list endpoints answer in a pinned number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.accounts.models import User
from rapport.companies.services import position_add
from rapport.core.tests.test_api import assert_error
from rapport.invitations import services
from rapport.invitations.models import (
    Invitation,
    State,
)
from rapport.invitations.tests.api_helpers import (
    DEFAULT,
    NOTE,
    connect,
    invite,
    snapshot,
)
from rapport.invitations.tests.factories import crowd, tighten
from rapport.members.services import privacy_update
from rapport.network.selectors import are_connected

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
    connect(chidi, ada)
    connect(chidi, ben)
    body = api.post(
        "/invitations", {"handle": "ben", "how_we_know": "mutual", "mutual": "chidi"}
    ).json()
    assert body["mutual"] == {"handle": "chidi", "display_name": "Chidi Anagonye"}
    assert Invitation.objects.get().mutual == chidi


def test_send_to_someone_who_invited_you_accepts_theirs_with_200(ada, ben, api):
    theirs = invite(ben, ada, note="Hi Ada, we met at the engines meetup.")
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
        connect(ada, ben)
    elif case == "pending":
        invite(ada, ben)
    elif case == "mutual_required":
        body["how_we_know"] = "mutual"
    elif case == "mutual_unknown":
        body.update(how_we_know="mutual", mutual="nobody")
    elif case == "mutual_invalid":
        body.update(how_we_know="mutual", mutual="chidi")
    elif case == "cooldown":
        services.invitation_withdraw(member=ada, invitation_id=invite(ada, ben).pk)
    elif case == "refused":
        services.invitation_decline(member=ben, invitation_id=invite(ada, ben).pk)
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
        services.invitation_report(member=chidi, invitation_id=invite(ada, chidi).pk)
    elif case == "day_limit":
        tighten(daily_cap=1)
        invite(ada, chidi)
    elif case == "week_limit":
        tighten(weekly_cap=1, throttled_weekly_cap=1)
        invite(ada, chidi)
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
        ("refused", 400, "invitation.not_accepted"),
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
    before = snapshot()
    assert_error(api.post("/invitations", body), status, code)
    assert snapshot() == before


def test_a_wrong_email_is_refused_and_uses_up_one_invitation(ada, ben, chidi, api):
    body = _setup_refusal("email_mismatch", ada, ben, chidi)
    invitations, messages, connections, _slots, *rest = snapshot()
    assert_error(api.post("/invitations", body), 400, "invitation.email_mismatch")
    after = snapshot()
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
    before = snapshot()
    assert_error(api.post("/invitations", body), 422, "request.invalid")
    assert snapshot() == before


def test_a_note_of_300_characters_is_accepted(ada, ben, api):
    note = ("Hi Ben, we met at the Lagos design meetup. " * 10)[:300]
    response = api.post("/invitations", {"handle": "ben", "how_we_know": "event", "note": note})
    assert response.status_code == 201, response.content
    assert len(Invitation.objects.get().note) == 300


# --- received ----------------------------------------------------------------------------


def test_received_cards_show_context_coach_and_band_never_numbers(ada, ben, chidi, ben_api):
    privacy_update(member=ada, connections_visibility="everyone")
    connect(chidi, ada)
    connect(chidi, ben)
    for member in (ada, ben):
        position_add(
            member=member,
            company_name="Acme",
            title="Designer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    invitation = invite(ada, ben)
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
        "groups": [],
    }
    assert set(card["coach"]) == {"default_text", "pitch", "personalization", "reasons"}
    assert card["coach"]["default_text"] is False and card["coach"]["personalization"] > 0
    assert card["band"] == "good"
    assert card["messages"] == 1


def test_received_cards_name_the_mutuals_the_profile_names(ada, ben, chidi, ben_api):
    from rapport.members.services import privacy_update
    from rapport.network.selectors import mutual_connections

    connect(chidi, ada)
    connect(chidi, ben)
    invite(ada, ben)  # ada shows her list only to her connections; ben is not one
    # Chidi is Ben's connection and shows Ben his list: Ben may see that Chidi knows
    # Ada, so the card says what Ada's profile says (one definition, issue 11 item 11).
    (card,) = ben_api.get("/invitations/received").json()["items"]
    assert card["shared"]["mutual_count"] == 1 == mutual_connections(ben, ada)[0]
    assert [m["handle"] for m in card["shared"]["mutual"]] == ["chidi"]
    privacy_update(member=chidi, connections_visibility="only_me")
    (card,) = ben_api.get("/invitations/received").json()["items"]
    assert card["shared"]["mutual_count"] == 0 and card["shared"]["mutual"] == []


def test_received_shows_a_poor_band_for_a_restricted_sender(ada, ben, chidi, ben_api):
    tighten(restrict_negatives=1)
    services.invitation_decline(member=chidi, invitation_id=invite(ada, chidi).pk)
    invite(ada, ben, recipient_email="ben@example.com")
    (card,) = ben_api.get("/invitations/received").json()["items"]
    assert card["band"] == "poor"


def test_received_sorts_best_first_or_newest_and_filters_by_note(ada, ben, chidi, api):
    invite(chidi, ada, note="")
    invite(ben, ada, note="Hi Ada, Chidi's talk on engines mentioned your analytical engine work.")

    def senders(**params: str) -> list[str]:
        items = api.get("/invitations/received", **params).json()["items"]
        return [card["invitation"]["sender"]["handle"] for card in items]

    assert senders() == ["ben", "chidi"]
    assert senders(sort="newest") == ["ben", "chidi"]
    assert senders(show="default") == ["chidi"]
    assert senders(show="personal") == ["ben"]


def test_received_is_paged(ada, api):
    for member in crowd("m", 3):
        invite(member, ada, note="")
    body = api.get("/invitations/received", page=2, size=2).json()
    assert (body["total"], body["pages"], body["page"], len(body["items"])) == (3, 2, 2, 1)
    past_the_end = api.get("/invitations/received", page=9, size=2).json()
    assert (past_the_end["page"], len(past_the_end["items"])) == (2, 1)


def test_received_lists_only_pending_invitations_to_you(ada, ben, chidi, api):
    services.invitation_ignore(member=ada, invitation_id=invite(ben, ada).pk)
    invite(ada, chidi)
    invite(ben, chidi)
    assert api.get("/invitations/received").json()["items"] == []


@pytest.mark.parametrize(
    "params", [{"sort": "worst"}, {"show": "everything"}, {"size": 0}, {"page": 0}]
)
def test_received_rejects_bad_parameters(api, params):
    assert_error(api.get("/invitations/received", **params), 422, "request.invalid")


# --- sent ----------------------------------------------------------------------------------


def test_sent_lists_pending_by_default_and_all_on_request(ada, ben, chidi, api):
    first = invite(ada, ben)
    second = invite(ada, chidi)
    services.invitation_accept(member=ben, invitation_id=first.pk)
    invite(chidi, ben)  # not Ada's
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
        invite(ada, member)
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
    connect(chidi, ada)
    for member in _busy_members(6):
        connect(chidi, member)
        invite(ada, member, how_we_know="mutual", mutual=chidi)
    api.get("/me")  # Records the token's first use, a write that happens once.
    # token, count, page of invitations, members with profiles, their current positions
    with django_assert_num_queries(5):
        body = api.get("/invitations/sent").json()
    assert len(body["items"]) == 6
    assert all(item["recipient"]["current_positions"] for item in body["items"])
    assert all(item["mutual"]["handle"] == "chidi" for item in body["items"])


# token, the pending invitations (the limits, read once when the senders were invited,
# are cached for a few seconds: core/limits.py), the senders' standings, their answer counts,
# the threads, what the senders share with the recipient (connections, mutual members,
# employers and schools in one query), the senders' degrees (one change-log read inside a test's
# transaction), the page's members with profiles, their positions. (Names of shared
# employers and schools cost nothing here: Django skips a query on an empty set), the
# groups each sender shares with the member.
RECEIVED_QUERIES = 11


def test_received_query_count_is_pinned(ada, api, django_assert_num_queries):
    for member in _busy_members(3):
        invite(member, ada, note="")
    api.get("/me")  # Records the token's first use, a write that happens once.
    with django_assert_num_queries(RECEIVED_QUERIES):
        body = api.get("/invitations/received").json()
    assert len(body["items"]) == 3
    assert all(card["invitation"]["sender"]["current_positions"] for card in body["items"])


def test_received_query_count_does_not_grow_with_the_inbox(ada, api):
    senders = _busy_members(4)
    invite(senders[0], ada, note="")
    api.get("/me")
    with CaptureQueriesContext(connection) as one:
        api.get("/invitations/received")
    for member in senders[1:]:
        invite(member, ada, note="")
    with CaptureQueriesContext(connection) as four:
        api.get("/invitations/received")
    assert len(four.captured_queries) == len(one.captured_queries)


def test_detail_query_count_is_pinned(ada, ben, ben_api, django_assert_num_queries):
    invitation = invite(ada, ben)
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
    invitation = invite(ada, ben)
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
    invitation = invite(ada, ben)
    assert_error(chidi_api.get(f"/invitations/{invitation.pk}"), 404, "invitation.not_found")


def test_an_unknown_invitation_is_404(api):
    assert_error(api.get("/invitations/999999"), 404, "invitation.not_found")


@pytest.mark.parametrize("bad", ["0", "-1", "abc", str(2**63)])
def test_a_malformed_invitation_id_is_422(api, bad):
    assert_error(api.get(f"/invitations/{bad}"), 422, "request.invalid")
