"""Profiles, privacy and education over the API (lists: test_api_lists.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.accounts.models import User
from rapport.companies.services import position_add
from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.members.models import Education, Profile
from rapport.members.services import education_add, privacy_update, profile_update
from rapport.network.services import connection_create


def _connect(a: User, b: User) -> None:
    connection_create(member=a, other=b, source="operator")


def _profile_state(member: User) -> tuple:
    member.refresh_from_db()
    profile = Profile.objects.get(member=member)
    return (
        member.display_name,
        profile.headline,
        profile.location,
        profile.about,
        sorted(profile.skills.values_list("name", flat=True)),
        list(profile.open_to),
        member.connections_visibility,
        member.email_visibility,
    )


@pytest.fixture
def api(ada) -> ApiClient:
    return as_member(ada)


# --- /me ---------------------------------------------------------------------------------


def test_me_returns_the_full_own_profile(ada, api):
    profile_update(
        member=ada,
        location="London",
        about="Notes on engines.",
        skills=["Mathematics", "Poetry"],
        open_to=["mentoring"],
    )
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    body = api.get("/me").json()
    assert body["handle"] == "ada"
    assert body["email"] == "ada@example.com"
    assert body["headline"] == "Analyst at Engines Ltd"
    assert body["location"] == "London"
    assert body["about"] == "Notes on engines."
    assert sorted(body["skills"]) == ["Mathematics", "Poetry"]
    assert body["open_to"] == ["mentoring"]
    assert body["privacy"] == {
        "connections_visibility": "connections",
        "email_visibility": "only_me",
        "email_findable": "network",
    }
    assert body["avatar_url"] == "/in/ada/avatar/"
    assert body["profile_url"] == "/in/ada/"
    assert body["current_positions"] == [
        {
            "title": "Analyst",
            "company": {"name": "Engines Ltd", "slug": "engines-ltd"},
            "started_on": "2020-01-01",
        }
    ]


def test_patch_me_changes_the_given_fields_only(ada, api):
    response = api.patch(
        "/me",
        {
            "display_name": "Ada King",
            "location": "Marylebone",
            "skills": ["Analysis", "Analysis", "Notes"],
            "open_to": ["speaking", "advising"],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["display_name"] == "Ada King"
    assert body["headline"] == "Analyst at Engines Ltd"
    assert sorted(body["skills"]) == ["Analysis", "Notes"]
    assert _profile_state(ada)[:6] == (
        "Ada King",
        "Analyst at Engines Ltd",
        "Marylebone",
        "",
        ["Analysis", "Notes"],
        ["speaking", "advising"],
    )


@pytest.mark.parametrize(
    "body",
    [
        {"handle": "someone-else"},  # not a profile field: cannot touch another's profile
        {"email": "x@example.com"},
        {"headline": 5},
        {"headline": None, "about": ["a"]},
        {"display_name": ""},
        {"display_name": "x" * 101},
        {"headline": "x" * 161},
        {"location": "x" * 121},
        {"about": "x" * 5001},
        {"headline": "nul\x00byte"},
        {"skills": "Python"},
        {"skills": ["x" * 61]},
        {"skills": [f"skill {i}" for i in range(51)]},
        {"skills": [1, 2]},
        {"open_to": ["world-domination"]},
        {"open_to": "mentoring"},
    ],
)
def test_patch_me_rejects_bad_input_and_changes_nothing(ada, api, body):
    before = _profile_state(ada)
    assert_error(api.patch("/me", body), 422, "request.invalid")
    assert _profile_state(ada) == before


def test_patch_me_with_a_blank_name_is_refused_by_the_service_and_changes_nothing(ada, api):
    before = _profile_state(ada)
    body = assert_error(
        api.patch("/me", {"display_name": "   ", "headline": "New"}), 400, "profile.name_required"
    )
    assert body["field"] == "display_name"
    assert _profile_state(ada) == before


def test_patch_me_with_a_skill_that_is_only_punctuation_changes_nothing(ada, api):
    before = _profile_state(ada)
    assert_error(
        api.patch("/me", {"headline": "New", "skills": ["!!!"]}), 400, "profile.skill_invalid"
    )
    assert _profile_state(ada) == before


def test_patch_privacy(ada, api):
    response = api.patch("/me/privacy", {"connections_visibility": "only_me"})
    assert response.status_code == 200
    assert response.json() == {
        "connections_visibility": "only_me",
        "email_visibility": "only_me",
        "email_findable": "network",
    }
    ada.refresh_from_db()
    assert ada.connections_visibility == "only_me"


@pytest.mark.parametrize(
    "body",
    [
        {"connections_visibility": "nobody"},
        {"email_visibility": "everyone"},
        {"email_visibility": 1},
        {"is_staff": True},
    ],
)
def test_patch_privacy_rejects_bad_input_and_changes_nothing(ada, api, body):
    before = _profile_state(ada)
    assert_error(api.patch("/me/privacy", body), 422, "request.invalid")
    assert _profile_state(ada) == before


# --- /members/{handle} -------------------------------------------------------------------


def test_member_profile_hides_email_by_default(api, ben):
    body = api.get("/members/ben").json()
    assert body["handle"] == "ben"
    assert body["email"] is None
    assert body["is_connected"] is False
    assert body["is_self"] is False


def test_member_profile_shows_email_to_connections_when_allowed(ada, ben, chidi, api):
    privacy_update(member=ben, email_visibility="connections")
    _connect(ada, ben)
    body = api.get("/members/ben").json()
    assert body["email"] == "ben@example.com"
    assert body["is_connected"] is True
    assert body["connection_count"] == 1
    # Chidi is not connected with Ben, so Ben's email stays hidden from him.
    assert as_member(chidi).get("/members/ben").json()["email"] is None


def test_member_profile_email_only_me_hides_it_even_from_connections(ada, ben, api):
    _connect(ada, ben)
    assert api.get("/members/ben").json()["email"] is None


def test_member_handle_is_case_insensitive(api, ben):
    assert api.get("/members/BEN").json()["handle"] == "ben"


def test_unknown_member_is_404(api):
    assert_error(api.get("/members/nobody"), 404, "member.not_found")


def test_inactive_member_is_404(api, ben):
    ben.is_active = False
    ben.save(update_fields=["is_active"])
    assert_error(api.get("/members/ben"), 404, "member.not_found")
    assert_error(api.get("/members/ben/education"), 404, "member.not_found")


def test_malformed_handle_is_422(api):
    assert_error(api.get("/members/not_a%00handle"), 422, "request.invalid")


def test_no_auth_on_member_profile_is_401(ben):
    assert_error(ApiClient().get("/members/ben"), 401, "auth.required")


# --- education ---------------------------------------------------------------------------


def test_member_education_lists_schools(api, ben):
    education_add(
        member=ben,
        school_name="Lagos Polytechnic",
        degree="BSc",
        field="Design",
        start_year=2010,
        end_year=2014,
    )
    body = api.get("/members/ben/education").json()
    assert [(e["school"]["name"], e["degree"], e["start_year"], e["end_year"]) for e in body] == [
        ("Lagos Polytechnic", "BSc", 2010, 2014)
    ]


def test_add_education(ada, api):
    response = api.post(
        "/me/education",
        {"school": "University of London", "degree": "Mathematics", "start_year": 2001},
    )
    assert response.status_code == 201, response.content
    assert response.json()["school"]["slug"] == "university-of-london"
    assert Education.objects.filter(member=ada).count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"school": "UCL", "start_year": "2001"}, 422, "request.invalid"),
        ({"school": "UCL", "start_year": 1800}, 422, "request.invalid"),
        ({"school": "UCL", "start_year": 2001, "end_year": 1999}, 400, "education.end_invalid"),
        ({"school": "UCL", "start_year": 2099}, 400, "education.start_invalid"),
        ({"school": "", "start_year": 2001}, 422, "request.invalid"),
        ({"school": "!!!", "start_year": 2001}, 400, "education.school_required"),
        ({"school": "UCL", "start_year": 2001, "member": "ben"}, 422, "request.invalid"),
    ],
)
def test_add_education_rejects_bad_input_and_adds_nothing(ada, api, body, status, code):
    assert_error(api.post("/me/education", body), status, code)
    assert not Education.objects.exists()


def test_remove_own_education(ada, api):
    row = education_add(member=ada, school_name="UCL", start_year=2001)
    assert api.delete(f"/me/education/{row.pk}").status_code == 204
    assert not Education.objects.filter(pk=row.pk).exists()


def test_cannot_remove_someone_elses_education(api, ben):
    row = education_add(member=ben, school_name="UCL", start_year=2001)
    assert_error(api.delete(f"/me/education/{row.pk}"), 404, "education.not_found")
    assert Education.objects.filter(pk=row.pk).exists()
