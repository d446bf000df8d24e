"""The coach, standing, preferences, appeals and authentication of the invitation API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rapport.accounts.services import token_create, token_revoke
from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.tests.test_api import ApiClient, assert_error
from rapport.invitations import services
from rapport.invitations.models import (
    Appeal,
)
from rapport.invitations.tests.api_helpers import (
    DEFAULT,
    invite,
    snapshot,
)
from rapport.invitations.tests.factories import tighten

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
    services.invitation_accept(member=ben, invitation_id=invite(ada, ben).pk)
    services.invitation_decline(member=chidi, invitation_id=invite(ada, chidi).pk)
    invite(ada, make_member("dora", "Dora Explorer"))
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
    services.invitation_report(member=chidi, invitation_id=invite(ada, chidi).pk)
    body = api.get("/me/standing").json()
    assert (body["restricted"], body["band"]) == (True, "poor")
    assert body["restricted_until"] is not None
    assert any("lifts on" in text for text in body["lifts"])


def test_no_endpoint_shows_another_members_standing(ada, ben, api, ben_api):
    invite(ada, ben)
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
    before = snapshot()
    assert_error(api._send("put", "/me/invitation-preferences", body), 422, "request.invalid")
    assert snapshot() == before


APPEAL = "I met every one of these people at the Lagos meetup; please lift the limit."


def test_a_restricted_member_appeals(ada, chidi, api):
    tighten(restrict_negatives=1)
    services.invitation_report(member=chidi, invitation_id=invite(ada, chidi).pk)
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
        services.invitation_report(member=chidi, invitation_id=invite(ada, chidi).pk)
    if case == "appealed":
        services.appeal_submit(member=ada, text=APPEAL)
    before = snapshot()
    assert_error(api.post("/me/appeals", {"text": text}), status, code)
    assert snapshot() == before


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
    invitation = invite(ben, ada, note=DEFAULT)
    before = snapshot()
    response = _call(ApiClient(), method, path.format(id=invitation.pk), body)
    assert_error(response, 401, "auth.required")
    assert snapshot() == before


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
def test_a_revoked_token_is_refused_everywhere(ada, ben, method, path, body):
    invitation = invite(ben, ada, note=DEFAULT)
    issued = token_create(member=ada, name="script")
    token_revoke(member=ada, token_id=issued.token.pk)
    before = snapshot()
    response = _call(ApiClient(issued.secret), method, path.format(id=invitation.pk), body)
    assert_error(response, 401, "auth.required")
    assert snapshot() == before


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
