import datetime as dt

import pytest
from django.urls import reverse

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Position
from rapport.companies.services import position_add
from rapport.members.models import Education, Profile
from rapport.members.services import education_add, privacy_update
from rapport.network.selectors import are_connected
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_the_landing_page_and_are_sent_to_log_in(client, ada):
    assert b"Join Rapport" in client.get("/").content
    response = client.get(reverse("members:profile", args=["ada"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sign_up_with_taken_handle_shows_the_reason(client, ada):
    response = client.post(
        reverse("members:signup"),
        {
            "display_name": "Ada Two",
            "handle": "ada",
            "email": "ada2@example.com",
            "password": "a long enough secret",
        },
    )
    assert response.status_code == 200
    assert "That handle is taken" in response.content.decode()
    assert User.objects.count() == 1


def test_editing_saves_only_ones_own_profile(client, ada, ben):
    client.force_login(ben)
    client.post(
        reverse("members:edit"),
        {
            "display_name": "Ben O",
            "headline": "Hacked?",
            "skills": "Design, Research",
            "open_to": ["hiring"],
        },
    )
    assert Profile.objects.get(member=ben).headline == "Hacked?"
    assert Profile.objects.get(member=ada).headline == "Analyst at Engines Ltd"


def test_positions_of_others_cannot_be_edited_or_removed(client, ada, ben):
    position = position_add(
        member=ada,
        company_name="Engines",
        title="Analyst",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    client.force_login(ben)
    edit = client.post(
        reverse("members:position_edit", args=[position.pk]),
        {"company": "Evil", "title": "Owned", "started_on": "2020-01", "is_current": "on"},
    )
    delete = client.post(reverse("members:position_delete", args=[position.pk]))
    assert edit.status_code == 404
    assert delete.status_code == 302
    position.refresh_from_db()
    assert position.title == "Analyst"


def test_education_of_others_cannot_be_removed(client, ada, ben):
    edu = education_add(member=ada, school_name="MIT", start_year=2010)
    client.force_login(ben)
    client.post(reverse("members:education_delete", args=[edu.pk]))
    assert Education.objects.filter(pk=edu.pk).exists()


def test_position_form_adds_a_position_with_months(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("members:position_add"),
        {"company": "Engines Ltd", "title": "Analyst", "started_on": "2021-04", "is_current": "on"},
    )
    assert response.status_code == 302
    assert Position.objects.get(member=ada).started_on == dt.date(2021, 4, 1)


def test_bad_position_shows_error_and_changes_nothing(client, ada):
    client.force_login(ada)
    response = client.post(
        reverse("members:position_add"),
        {
            "company": "Engines Ltd",
            "title": "Analyst",
            "started_on": "2021-04",
            "ended_on": "2020-01",
        },
    )
    assert "The end month is before the start month." in response.content.decode()
    assert not Position.objects.exists()


def test_hidden_connection_list_is_not_shown(client, ada, ben, chidi):
    connection_create(member=ada, other=ben, source="operator")
    privacy_update(member=ada, connections_visibility="only_me")
    client.force_login(chidi)
    page = client.get(reverse("members:connections", args=["ada"]))
    assert page.context["hidden"] is True
    assert "Ben Okafor" not in page.content.decode()
    profile = client.get(reverse("members:profile", args=["ada"])).content.decode()
    assert "Connections are private" in profile


def test_email_is_shown_only_where_privacy_allows(client, ada, ben, chidi):
    connection_create(member=ada, other=ben, source="operator")
    privacy_update(member=ada, email_visibility="connections")
    client.force_login(chidi)
    assert "ada@example.com" not in client.get("/in/ada/").content.decode()
    client.force_login(ben)
    assert "ada@example.com" in client.get("/in/ada/").content.decode()


def test_removing_a_connection_from_the_profile(client, ada, ben):
    connection_create(member=ada, other=ben, source="operator")
    client.force_login(ada)
    client.post(reverse("members:disconnect", args=["ben"]))
    assert not are_connected(ada.pk, ben.pk)


def test_avatar_is_an_svg_with_initials(client, ada):
    response = client.get(reverse("members:avatar", args=["ada"]))
    assert response["Content-Type"] == "image/svg+xml"
    assert b">AL</text>" in response.content


def test_search_page_lists_matches_in_fixed_queries(client, ada, django_assert_num_queries):
    for i in range(8):
        member = make_member(f"analyst{i}", f"Analyst Number {i}")
        position_add(
            member=member,
            company_name=f"Firm {i}",
            title="Analyst",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    client.force_login(ada)
    # session, user, unread notifications, pending invitations, the three message counts
    # (unread, requests, filtered), count, page of members, positions, and one change-log
    # read for each of the two graph lookups (degrees, mutuals): inside a test's
    # transaction the index cannot use its cached state.
    with django_assert_num_queries(10):
        response = client.get(reverse("members:search"), {"q": "analyst"})
    assert response.context["page"].total == 8  # the eight analysts; never Ada herself


def test_connections_page_lists_in_fixed_queries(client, ada, django_assert_num_queries):
    for i in range(8):
        connection_create(
            member=ada, other=make_member(f"friend{i}"), source="operator", notify=False
        )
    client.force_login(ada)
    # session, user, unread notifications, pending invitations, three message counts,
    # owner, count, page, positions, one change-log read for each of the two graph
    # lookups (see above), the viewer's private connections for the degree badges
    with django_assert_num_queries(12):
        response = client.get(reverse("members:connections", args=["ada"]))
    assert len(response.context["page"].items) == 8


def test_unknown_profile_is_404(client, ada):
    client.force_login(ada)
    assert client.get("/in/nobody/").status_code == 404
