"""Companies and reference checks in a real browser: a company's insights chart drawn
under the strict CSP, then a reference check that is refused at the candidate's current
employer until the candidate allows it. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from rapport.accounts.models import User as Member
from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.companies.admins import admin_claim, admin_claim_decide
from rapport.companies.models import Company
from rapport.companies.services import insights_refresh, position_add
from rapport.posts.services import post_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, handle: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(f"{handle}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def job(member, company, start, end=None):
    position_add(
        member=member,
        company_name=company,
        title="Engineer",
        started_on=start,
        ended_on=end,
        is_current=end is None,
    )


def test_insights_chart_and_a_reference_check_with_permission(limit, page, shot, settings):
    limit("companies.insights_min_group", 2)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    make_member("hirer", "Hana Hirer")
    candidate = make_member("cand", "Casey Candidate")
    job(candidate, "Harborline Software", dt.date(2019, 3, 1), dt.date(2021, 1, 1))
    job(candidate, "Current Corp", dt.date(2021, 2, 1))
    job(
        make_member("dora", "Dora Former"),
        "Harborline Software",
        dt.date(2018, 1, 1),
        dt.date(2022, 1, 1),
    )
    job(make_member("boss", "Bo Current"), "Current Corp", dt.date(2020, 1, 1))
    for i in range(3):
        job(make_member(f"staff{i}"), "Harborline Software", dt.date(2024, 1 + i, 1))
    insights_refresh(company_id=Company.objects.get(slug="harborline-software").pk)

    log_in(page, "hirer")
    page.goto("/companies/harborline-software/")
    expect(page.get_by_test_id("insights-headcount")).to_contain_text("3")
    expect(page.locator("#insights-chart[data-drawn='true']")).to_have_count(1)
    shot("70-company-insights")
    # Following it: the button turns, and the company's posts reach Hana's feed.
    page.get_by_test_id("follow").click()
    expect(page.get_by_test_id("unfollow")).to_be_visible()
    staff = Member.objects.get(handle="staff0")
    admin_claim_decide(
        claim=admin_claim(member=staff, company=Company.objects.get(slug="harborline-software")),
        approve=True,
        now=timezone.now(),
    )
    post_publish(
        author=staff,
        body="Harborline is hiring in Lisbon.",
        company=Company.objects.get(slug="harborline-software"),
    )
    page.goto("/")
    card = page.get_by_test_id("post-card").filter(has_text="Harborline is hiring in Lisbon.")
    expect(card.get_by_test_id("post-company")).to_have_text("Harborline Software")

    page.goto("/in/cand/")
    page.get_by_test_id("references-link").click()
    expect(page.get_by_test_id("colleagues")).to_contain_text("Dora Former")
    expect(page.get_by_test_id("colleagues")).to_contain_text("Mar 2019 – Jan 2021, 23 months")
    expect(page.get_by_test_id("colleagues")).not_to_contain_text("Bo Current")
    page.get_by_test_id("ask-permission").click()
    expect(page.get_by_test_id("permission-asked")).to_be_visible()
    shot("71-references-asked")

    log_in(page, "cand")
    page.goto("/references/")
    expect(page.get_by_test_id("permission-requests")).to_contain_text("Hana Hirer")
    expect(page.get_by_test_id("lookups")).to_contain_text("Hana Hirer")
    page.get_by_test_id("allow").click()
    expect(page.get_by_test_id("permission-requests")).to_contain_text("allowed until")
    shot("72-references-candidate")

    log_in(page, "hirer")
    page.goto("/references/cand/")
    expect(page.get_by_test_id("colleagues")).to_contain_text("Bo Current")
    shot("73-references-allowed")
    assert errors == []
