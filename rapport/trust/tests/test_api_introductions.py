"""Introductions over the API: the same services, each person's view, strict input."""

from __future__ import annotations

import pytest

from rapport.core.tests.test_api import as_member, assert_error
from rapport.trust.models import Introduction
from rapport.trust.tests.factories import OFFER, REASON, chain

pytestmark = pytest.mark.django_db


def body(**kwargs):
    return {
        "target": "chidi",
        "via": "ben",
        "reason": REASON,
        "offer": OFFER,
        **kwargs,
    }


def test_routes_ask_forward_accept(ada, ben, chidi):
    chain(ada, ben, chidi)
    api = as_member(ada)
    routes = api.get("/introductions/routes/chidi").json()
    assert routes["routes"][0]["via"] == "ben"
    assert routes["routes"][0]["path"] == ["you", "Ben Okafor", "Chidi Anagonye"]
    assert "strength" not in routes["routes"][0]  # a band, never someone's private score
    assert routes["all_weak"] is True  # no trust computed yet: every hop is unknown
    made = api.post("/introductions", body())
    assert made.status_code == 201, made.content
    intro = made.json()
    assert intro["role"] == "requester" and [s["state"] for s in intro["steps"]] == [
        "asked",
        "waiting",
    ]
    # Chidi is not asked yet: the introduction does not exist for them.
    assert_error(
        as_member(chidi).get(f"/introductions/{intro['id']}"), 404, "introduction.not_found"
    )
    ben_api = as_member(ben)
    assert [i["id"] for i in ben_api.get("/introductions").json()] == [intro["id"]]
    forwarded = ben_api.post(f"/introductions/{intro['id']}/forward", {"note": "I vouch for Ada."})
    assert forwarded.status_code == 200 and forwarded.json()["my_state"] == "forwarded"
    chidi_view = as_member(chidi).get(f"/introductions/{intro['id']}").json()
    assert chidi_view["role"] == "target"
    assert [s["member"] for s in chidi_view["steps"]] == ["ben", "chidi"]
    accepted = as_member(chidi).post(f"/introductions/{intro['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    cid = accepted.json()["conversation_id"]
    assert api.get(f"/conversations/{cid}").status_code == 200
    assert ben_api.get(f"/conversations/{cid}").status_code == 200


def test_the_requester_sees_a_decline_only_as_could_not_help(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = as_member(ada).post("/introductions", body()).json()
    as_member(ben).post(f"/introductions/{intro['id']}/decline")
    mine = as_member(ada).get(f"/introductions/{intro['id']}").json()
    assert mine["status"] == "Could not help this time"
    assert [s["state"] for s in mine["steps"]] == ["could_not_help", "skipped"]
    assert [s["member"] for s in mine["steps"]] == ["ben", "chidi"]


def test_refusals_with_stable_codes_and_nothing_changed(ada, ben, chidi):
    chain(ada, ben, chidi)
    api = as_member(ada)
    assert_error(api.post("/introductions", body(via="chidi")), 400, "introduction.bad_route")
    assert api.post("/introductions", body(reason=7)).status_code == 422
    assert api.post("/introductions", body(extra=True)).status_code == 422
    assert_error(api.post("/introductions", body(target="nobody")), 404, "member.not_found")
    assert Introduction.objects.count() == 0
    intro = api.post("/introductions", body()).json()
    assert_error(api.post("/introductions", body()), 409, "introduction.pending")
    # Only the one asked may answer; others get "not found" or "not for you".
    assert_error(
        as_member(chidi).post(f"/introductions/{intro['id']}/accept"), 404, "introduction.not_found"
    )
    assert_error(api.post(f"/introductions/{intro['id']}/accept"), 404, "introduction.not_found")
    assert as_member(ben).post(f"/introductions/{intro['id']}/maybe").status_code == 422
    assert api.post(f"/introductions/{intro['id']}/withdraw").json()["state"] == "withdrawn"


def test_who_can_introduce_me_at_a_company(ada, ben, chidi):
    import datetime as dt

    from rapport.companies.services import position_add

    chain(ada, ben, chidi)
    position = position_add(
        member=chidi,
        company_name="Lagos General",
        title="CTO",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    rows = as_member(ada).get(f"/companies/{position.company.slug}/introducers").json()
    assert [(r["member"]["handle"], r["connector"]) for r in rows] == [("chidi", "ben")]
    assert_error(as_member(ada).get("/companies/no-such/introducers"), 404, "company.not_found")
