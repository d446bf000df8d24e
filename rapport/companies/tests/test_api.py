"""Company pages and work history over the API."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.companies.models import Company, Position
from rapport.companies.services import position_add
from rapport.core.tests.test_api import ApiClient, as_member, assert_error


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


def _position(member, **fields) -> Position:
    values = {
        "company_name": "Acme",
        "title": "Engineer",
        "started_on": dt.date(2020, 1, 1),
        "is_current": True,
        **fields,
    }
    return position_add(member=member, **values)


def _state(position: Position) -> tuple:
    position.refresh_from_db()
    return (
        position.company_id,
        position.title,
        position.started_on,
        position.ended_on,
        position.is_current,
        position.description,
    )


# --- companies ---------------------------------------------------------------------------


def test_company_shows_headcount_of_current_staff(api, ada, ben, chidi):
    _position(ada)
    _position(ada, title="Second hat")  # The same person twice is one head.
    _position(ben)
    _position(chidi, is_current=False, ended_on=dt.date(2021, 1, 1))
    body = api.get("/companies/acme").json()
    assert body["name"] == "Acme"
    assert body["slug"] == "acme"
    assert body["headcount"] == 2


def test_unknown_company_is_404(api):
    assert_error(api.get("/companies/nowhere"), 404, "company.not_found")


def test_company_needs_auth(ada):
    _position(ada)
    assert_error(ApiClient().get("/companies/acme"), 401, "auth.required")


# --- reading work history ----------------------------------------------------------------


def test_member_positions_current_first(api, ben):
    _position(
        ben,
        company_name="Old Co",
        is_current=False,
        started_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2019, 12, 1),
    )
    _position(ben, company_name="New Co")
    body = api.get("/members/ben/positions").json()
    assert [(p["company"]["name"], p["is_current"], p["ended_on"]) for p in body] == [
        ("New Co", True, None),
        ("Old Co", False, "2019-12-01"),
    ]


def test_positions_of_unknown_member_is_404(api):
    assert_error(api.get("/members/nobody/positions"), 404, "member.not_found")


# --- adding ------------------------------------------------------------------------------


def test_add_position_with_months(ada, api):
    response = api.post(
        "/me/positions",
        {"company": "Engines Ltd", "title": "Analyst", "started_on": "2019-03", "is_current": True},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["started_on"] == "2019-03-01"
    assert body["company"] == {"name": "Engines Ltd", "slug": "engines-ltd"}
    assert Position.objects.get(pk=body["id"]).member == ada


def test_add_past_position_with_full_dates(api):
    response = api.post(
        "/me/positions",
        {
            "company": "Acme",
            "title": "Intern",
            "started_on": "2018-06-15",
            "ended_on": "2018-09-30",
        },
    )
    assert response.status_code == 201, response.content
    assert (response.json()["started_on"], response.json()["ended_on"]) == (
        "2018-06-01",
        "2018-09-01",
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (
            {"company": "Acme", "title": "X", "started_on": "2020-01", "is_current": "true"},
            422,
            "request.invalid",
        ),
        (
            {"company": "Acme", "title": "X", "started_on": 1577836800, "is_current": True},
            422,
            "request.invalid",
        ),
        (
            {"company": "Acme", "title": "X", "started_on": "2020-13", "is_current": True},
            422,
            "request.invalid",
        ),
        (
            {
                "company": "Acme",
                "title": "X",
                "started_on": "2020-01",
                "is_current": True,
                "member": 2,
            },
            422,
            "request.invalid",
        ),
        (
            {"company": "Acme", "title": "x" * 121, "started_on": "2020-01", "is_current": True},
            422,
            "request.invalid",
        ),
        ({"company": "Acme", "title": "X", "started_on": "2020-01"}, 400, "position.end_required"),
        (
            {"company": "Acme", "title": "X", "started_on": "2020-05", "ended_on": "2020-01"},
            400,
            "position.end_before_start",
        ),
        (
            # The schema says a date or a month; pydantic alone would also read these.
            {"company": "Acme", "title": "X", "started_on": "2020-01-01T00:00:00"},
            422,
            "request.invalid",
        ),
        (
            {"company": "Acme", "title": "X", "started_on": "２０２０-０１", "is_current": True},
            422,
            "request.invalid",
        ),
        (
            {"company": "Acme", "title": "X", "started_on": "2999-01", "is_current": True},
            400,
            "position.start_future",
        ),
        (
            {"company": "Acme", "title": "X", "started_on": "1900-01", "is_current": True},
            400,
            "position.start_too_early",
        ),
        (
            {"company": "Acme", "title": "   ", "started_on": "2020-01", "is_current": True},
            400,
            "position.title_required",
        ),
        (
            {"company": "???", "title": "X", "started_on": "2020-01", "is_current": True},
            400,
            "company.name_required",
        ),
    ],
)
def test_add_position_rejects_bad_input_and_adds_nothing(api, body, status, code):
    assert_error(api.post("/me/positions", body), status, code)
    assert not Position.objects.exists()
    assert not Company.objects.exists()


# --- changing ----------------------------------------------------------------------------


def test_patch_position_changes_given_fields(ada, api):
    position = _position(ada, description="Widgets")
    response = api.patch(f"/me/positions/{position.pk}", {"title": "Senior Engineer"})
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Senior Engineer"
    assert response.json()["description"] == "Widgets"
    assert response.json()["company"]["name"] == "Acme"


def test_patch_position_ending_it(ada, api):
    position = _position(ada)
    response = api.patch(f"/me/positions/{position.pk}", {"ended_on": "2023-04"})
    assert response.status_code == 200, response.content
    assert (response.json()["is_current"], response.json()["ended_on"]) == (False, "2023-04-01")


def test_patch_position_making_it_current_clears_the_end(ada, api):
    position = _position(ada, is_current=False, ended_on=dt.date(2021, 1, 1))
    response = api.patch(f"/me/positions/{position.pk}", {"is_current": True})
    assert response.status_code == 200, response.content
    assert (response.json()["is_current"], response.json()["ended_on"]) == (True, None)


def test_patch_position_refused_by_the_service_changes_nothing(ada, api):
    position = _position(ada)
    before = _state(position)
    assert_error(
        api.patch(f"/me/positions/{position.pk}", {"started_on": "2999-01"}),
        400,
        "position.start_future",
    )
    assert_error(
        api.patch(f"/me/positions/{position.pk}", {"is_current": True, "ended_on": "2021-01"}),
        400,
        "position.current_with_end",
    )
    assert _state(position) == before


def test_patch_position_rejects_bad_types_and_changes_nothing(ada, api):
    position = _position(ada)
    before = _state(position)
    for body in ({"title": 1}, {"is_current": 1}, {"ended_on": 20200101}, {"owner": "ben"}):
        assert_error(api.patch(f"/me/positions/{position.pk}", body), 422, "request.invalid")
    assert _state(position) == before


def test_cannot_patch_someone_elses_position(api, ben):
    position = _position(ben)
    before = _state(position)
    assert_error(
        api.patch(f"/me/positions/{position.pk}", {"title": "Mine now"}), 404, "position.not_found"
    )
    assert _state(position) == before


# --- removing ----------------------------------------------------------------------------


def test_remove_own_position(ada, api):
    position = _position(ada)
    assert api.delete(f"/me/positions/{position.pk}").status_code == 204
    assert not Position.objects.filter(pk=position.pk).exists()


def test_cannot_remove_someone_elses_position(api, ben):
    position = _position(ben)
    assert_error(api.delete(f"/me/positions/{position.pk}"), 404, "position.not_found")
    assert Position.objects.filter(pk=position.pk).exists()


def test_remove_position_needs_auth(ada):
    position = _position(ada)
    assert_error(ApiClient().delete(f"/me/positions/{position.pk}"), 401, "auth.required")
    assert Position.objects.filter(pk=position.pk).exists()
