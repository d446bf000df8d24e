"""The company directory and following a company."""

import datetime as dt

import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.models import CompanyFollow
from rapport.companies.services import company_get_or_create, position_add
from rapport.conversations.tests.factories import connect

pytestmark = pytest.mark.django_db


def test_the_directory_finds_companies_by_part_of_their_name(client, ada):
    for name in ["Harborline Software", "Globex", "Initech"]:
        company_get_or_create(name=name)
    client.force_login(ada)
    page = client.get("/companies/", {"q": "line"}).content.decode()
    assert "Harborline Software" in page and "Globex" not in page


def test_the_directory_takes_the_same_queries_for_any_number_of_companies(
    client, ada, django_assert_num_queries
):
    for i in range(12):
        position_add(
            member=make_member(f"m{i}"),
            company_name=f"Company {i}",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    client.force_login(ada)
    # session, member, count, the page of companies, and the five counts the header shows
    with django_assert_num_queries(7):
        response = client.get("/companies/")
    assert response.context["companies"].items[0].headcount == 1


def test_following_and_unfollowing_a_company(client, ada):
    company = company_get_or_create(name="Harborline Software")
    client.force_login(ada)
    client.post("/companies/harborline-software/follow/", {"follow": "on"})
    client.post("/companies/harborline-software/follow/", {"follow": "on"})
    assert CompanyFollow.objects.filter(member=ada, company=company).count() == 1
    assert (
        'data-testid="unfollow"' in client.get("/companies/harborline-software/").content.decode()
    )
    client.post("/companies/harborline-software/follow/", {"follow": "off"})
    assert not CompanyFollow.objects.exists()


def test_following_a_company_that_does_not_exist_is_not_found(client, ada):
    client.force_login(ada)
    assert client.post("/companies/nowhere/follow/", {"follow": "on"}).status_code == 404
    assert not CompanyFollow.objects.exists()


def test_the_company_page_takes_the_same_queries_with_insights_for_any_staff(
    client, ada, django_assert_num_queries
):
    from rapport.companies.models import Company
    from rapport.companies.services import insights_refresh

    def hire(n: int, start: int) -> None:
        for i in range(start, start + n):
            position_add(
                member=make_member(f"s{i}"),
                company_name="Harborline Software",
                title="Engineer",
                started_on=dt.date(2020, 1, 1),
                is_current=True,
            )
        insights_refresh(company_id=Company.objects.get(slug="harborline-software").pk)

    client.force_login(ada)
    hire(2, 0)
    connect(ada, User.objects.get(handle="s0"))  # so "in your network here" is looked up
    client.get("/companies/harborline-software/")
    with django_assert_num_queries(PAGE_QUERIES):
        client.get("/companies/harborline-software/")
    hire(10, 2)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get("/companies/harborline-software/")
    assert response.context["insights"]["headcount_now"] == 12


# The header's counts, the company, its staff page, degrees and mutuals, who you know
# there, the stored insights and the names of companies they list, the follow, admin rights
# — for a viewer with a connection (one without any skips "who you know there").
PAGE_QUERIES = 18


def test_only_an_approved_admin_reaches_the_edit_page(client, ada, ben):
    from django.utils import timezone

    from rapport.companies.admins import admin_claim_decide
    from rapport.companies.models import Company

    position_add(
        member=ada,
        company_name="Harborline Software",
        title="CTO",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    company = Company.objects.get(slug="harborline-software")
    client.force_login(ada)
    assert client.get("/companies/harborline-software/edit/").status_code == 404
    client.post("/companies/harborline-software/claim/")
    claim = company.admin_claims.get(member=ada)
    admin_claim_decide(claim=claim, approve=True, now=timezone.now())
    response = client.post(
        "/companies/harborline-software/edit/",
        {"description": "Harbours.", "website": "https://h.example", "size_band": "11-50"},
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.description, company.size_band) == ("Harbours.", "11-50")
    client.force_login(ben)
    assert (
        client.post("/companies/harborline-software/edit/", {"description": "x"}).status_code == 404
    )
