"""Stored insights: thresholds, hidden histories, deleted accounts, refresh on change."""

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Company, CompanyInsights
from rapport.companies.selectors import insights_for
from rapport.companies.services import insights_hide_set, insights_refresh, position_add

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
LAST_YEAR = dt.date(TODAY.year - 1, 1, 1)


def staff(n: int, company: str = "Harborline Software", prefix: str = "staff"):
    people = []
    for i in range(n):
        member = make_member(f"{prefix}{i}")
        position_add(
            member=member,
            company_name=company,
            title="Engineer",
            started_on=LAST_YEAR,
            is_current=True,
        )
        people.append(member)
    return people


def view_of(company: Company) -> dict:
    view = insights_for(company=company)
    assert view is not None
    return view


def harborline():
    return Company.objects.get(slug="harborline-software")


def test_a_group_below_the_threshold_shows_no_figure(limit, settings):
    limit("companies.insights_min_group", 5)
    staff(4)
    insights_refresh(company_id=harborline().pk)
    shown = view_of(harborline())
    assert shown["headcount_now"] is None
    assert shown["median_tenure_current"] is None
    assert all(row["count"] is None for row in shown["headcount"])


def test_a_group_at_the_threshold_shows_its_figures(limit, settings):
    limit("companies.insights_min_group", 5)
    staff(5)
    insights_refresh(company_id=harborline().pk)
    shown = view_of(harborline())
    assert shown["headcount_now"] == 5
    assert shown["median_tenure_current"] is not None
    assert "fewer than 5 members" in shown["definitions"]["threshold"]


def test_where_leavers_went_lists_only_companies_with_enough_of_them(limit, settings):
    limit("companies.insights_min_group", 2)
    for i, next_company in enumerate(["Globex", "Globex", "Initech"]):
        member = make_member(f"leaver{i}")
        position_add(
            member=member,
            company_name="Harborline Software",
            title="Engineer",
            started_on=dt.date(2019, 3, 1),
            ended_on=dt.date(2021, 1, 1),
        )
        position_add(
            member=member,
            company_name=next_company,
            title="Lead",
            started_on=dt.date(2021, 2, 1),
            is_current=True,
        )
    insights_refresh(company_id=harborline().pk)
    went = view_of(harborline())["went_to"]
    assert went["top"] == [{"company": "Globex", "count": 2}]
    assert went["elsewhere"] is None  # Initech's one leaver is not shown, even as "other"


def test_a_hidden_work_history_leaves_every_figure(django_capture_on_commit_callbacks):
    people = staff(6)
    with django_capture_on_commit_callbacks(execute=True):
        insights_hide_set(member=people[0], hidden=True)
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        insights_hide_set(member=people[0], hidden=False)
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 6


def test_adding_a_position_refreshes_the_company_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff(2)
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 2


def test_moving_a_position_to_another_company_refreshes_both(django_capture_on_commit_callbacks):
    from rapport.companies.services import position_update

    (ada,) = staff(1, prefix="mover")
    position = ada.positions.get()
    with django_capture_on_commit_callbacks(execute=True):
        position_update(
            member=ada,
            position_id=position.pk,
            company_name="Globex",
            title="Engineer",
            started_on=LAST_YEAR,
            is_current=True,
        )
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 0
    globex = Company.objects.get(slug="globex")
    assert CompanyInsights.objects.get(company=globex).figures["headcount_now"] == 1


def test_a_deleted_account_leaves_the_figures(django_capture_on_commit_callbacks):
    people = staff(3)
    with django_capture_on_commit_callbacks(execute=True):
        people[0].delete()
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 2


def test_a_deactivated_account_leaves_the_figures(django_capture_on_commit_callbacks):
    people = staff(3)
    with django_capture_on_commit_callbacks(execute=True):
        people[0].is_active = False
        people[0].save()
    assert CompanyInsights.objects.get(company=harborline()).figures["headcount_now"] == 2


def test_no_insights_before_the_first_computation():
    staff(1)
    assert insights_for(company=harborline()) is None
