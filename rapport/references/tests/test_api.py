"""Reference checks over the API: the permission flow end to end."""

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.core.tests.test_api import as_member, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(db):
    cand = make_member("cand")
    for member, company, start, end in [
        (cand, "Harborline Software", dt.date(2019, 3, 1), dt.date(2021, 1, 1)),
        (cand, "Current Corp", dt.date(2021, 2, 1), None),
        (make_member("dora"), "Harborline Software", dt.date(2018, 1, 1), dt.date(2022, 1, 1)),
        (make_member("boss"), "Current Corp", dt.date(2020, 1, 1), None),
    ]:
        position_add(
            member=member,
            company_name=company,
            title="Engineer",
            started_on=start,
            ended_on=end,
            is_current=end is None,
        )
    return cand


def handles(response):
    return [c["handle"] for c in response.json()["colleagues"]]


def test_ask_then_allowed_shows_the_current_employer(ada, candidate):
    api = as_member(ada)
    first = api.get("/members/cand/references")
    assert handles(first) == ["dora"] and first.json()["current_employer_shown"] is False
    assert api.post("/members/cand/references/permission", {}).status_code == 201
    assert_error(api.post("/members/cand/references/permission", {}), 409, "references.asked")
    answered = as_member(candidate).post(f"/me/references/requests/{ada.pk}", {"allow": True})
    assert answered.json()["state"] == "allowed"
    assert sorted(handles(api.get("/members/cand/references"))) == ["boss", "dora"]


def test_turning_checks_off_makes_the_candidate_unavailable(ada, candidate):
    saved = as_member(candidate)._send(
        "put",
        "/me/references/settings",
        {"reference_checks": False, "hide_history_from_insights": False},
    )
    assert saved.json() == {"reference_checks": False, "hide_history_from_insights": False}
    assert_error(as_member(ada).get("/members/cand/references"), 404, "references.unavailable")


def test_colleagues_come_a_page_at_a_time(ada, candidate):
    for handle, months in (("eli", 10), ("fay", 14)):
        position_add(
            member=make_member(handle),
            company_name="Harborline Software",
            title="Engineer",
            started_on=dt.date(2019, 3, 1),
            ended_on=dt.date(2019 + (months + 1) // 12, (months + 1) % 12 + 1, 1),
            is_current=False,
        )
    api = as_member(ada)
    first = api.get("/members/cand/references?size=2").json()
    assert [c["handle"] for c in first["colleagues"]] == ["dora", "fay"]  # 23, 14 months
    assert (first["page"], first["pages"], first["total"]) == (1, 2, 3)
    second = api.get("/members/cand/references?size=2&page=2").json()
    assert [c["handle"] for c in second["colleagues"]] == ["eli"]
    assert api.get("/members/cand/references?page=0").status_code == 422
