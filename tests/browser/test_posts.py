"""Posts in a real browser: Ada writes a post mentioning Ben (picked from the @
autocomplete), Ben reacts, comments and reposts it, and Ada opens the post's statistics
and sees the chart drawn under the strict CSP. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.network.services import connection_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, handle: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(f"{handle}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_post_with_a_mention_reactions_comment_repost_and_statistics(page, shot):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    ada = make_member("ada", "Ada Mensah", headline="Product manager")
    ben = make_member("ben", "Ben Castillo", headline="Data scientist")
    connection_create(member=ada, other=ben, source="invitation", notify=False)

    log_in(page, "ada")
    composer = page.get_by_test_id("composer")
    box = composer.get_by_label("Start a post")
    box.click()
    box.press_sequentially("Looking for advice on survey design, @be")
    option = page.get_by_role("option", name=re.compile("Ben Castillo"))
    expect(option).to_be_visible()
    shot("80-post-mention-autocomplete")
    box.press("Enter")
    expect(box).to_have_value(re.compile(r"@ben $"))
    box.press_sequentially("what would you ask first?")
    composer.get_by_role("button", name="Post").click()
    expect(page.get_by_test_id("post-card").first).to_contain_text("Looking for advice")
    expect(page.locator("a.mention", has_text="@ben").first).to_be_visible()
    post_url = page.url
    shot("81-post-published")

    log_in(page, "ben")
    page.goto("/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text(
        "Ada Mensah mentioned you in a post"
    )
    page.goto("/")
    card = page.get_by_test_id("post-card").first
    expect(card).to_contain_text("Looking for advice")
    card.get_by_role("button", name="Like").click()
    expect(card.get_by_test_id("reaction-count")).to_contain_text("Like · 1")
    page.goto(post_url)
    page.get_by_test_id("comment-form").get_by_label("Add a comment").fill(
        "Start with what decision the answers will change."
    )
    page.get_by_test_id("comment-form").get_by_role("button", name="Comment").click()
    expect(page.get_by_test_id("comments")).to_contain_text("what decision the answers will change")
    shot("82-post-commented")
    page.get_by_role("link", name=re.compile("^Repost")).first.click()
    page.get_by_test_id("repost-form").get_by_label("Add your own words (optional)").fill(
        "Good question from Ada."
    )
    page.get_by_test_id("repost-form").get_by_role("button", name="Repost").click()
    expect(page.get_by_text("Reposted to your network.")).to_be_visible()

    log_in(page, "ada")
    page.goto(post_url + "stats/")
    expect(page.get_by_test_id("stats-unique")).to_contain_text("1")
    expect(page.get_by_test_id("stats-reactions")).to_contain_text("1")
    expect(page.get_by_test_id("stats-comments")).to_contain_text("1")
    expect(page.get_by_test_id("stats-reposts")).to_contain_text("1")
    expect(page.get_by_test_id("stats-reposters")).to_contain_text("Ben Castillo")
    expect(page.locator("#stats-days-chart[data-drawn='true']")).to_have_count(1)
    expect(page.get_by_test_id("stats-days-table")).to_be_attached()
    shot("83-post-statistics")
    assert errors == []
