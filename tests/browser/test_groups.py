"""Groups in a real browser (issue 17): a closed group is created, a member asks to join,
the manager approves, the member asks a question, another member answers, and the
manager opens the statistics and sees the chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import make_member
from rapport.discussions.statistics import refresh
from rapport.groups.models import Group, Membership
from tests.browser.test_posts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_closed_group_from_creation_to_its_statistics(page, shot):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    make_member("ada", "Ada Mensah")
    make_member("ben", "Ben Castillo")
    make_member("chidi", "Chidi Okafor")

    # Ada creates a closed group.
    log_in(page, "ada")
    page.goto("/groups/")
    page.get_by_test_id("group-create-link").click()
    page.get_by_label("Name").fill("Product Managers Guild")
    page.get_by_label("Description").fill("Product managers comparing notes.")
    page.get_by_label("Closed — anyone can find it and ask to join; managers approve").check()
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_test_id("group-head")).to_contain_text("Closed")
    group = Group.objects.get()
    # Chidi joins by invitation (closed groups let managers invite).
    page.get_by_label("Invite a member").fill("chidi")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("Invited Chidi Okafor.")).to_be_visible()

    # Ben finds it and asks to join; its discussions stay closed to him until then.
    log_in(page, "ben")
    page.goto("/groups/?q=product")
    page.get_by_test_id("group-results").get_by_text("Product Managers Guild").click()
    expect(page.get_by_test_id("group-closed")).to_contain_text("Only members read")
    page.get_by_label("Ask to join").fill("I run the PM meetup in Leeds.")
    page.get_by_test_id("group-request").click()
    expect(page.get_by_text("Asked to join; the group's managers will answer.")).to_be_visible()
    shot("100-group-request")

    # Ada approves from the requests list the notification leads to.
    log_in(page, "ada")
    page.goto(f"/groups/{group.slug}/requests/")
    expect(page.get_by_text("I run the PM meetup in Leeds.")).to_be_visible()
    page.get_by_test_id("approve").click()
    expect(page.get_by_text("Approved: they are a member now.")).to_be_visible()
    assert Membership.objects.get(group=group, member__handle="ben").state == "member"

    # Ben asks a question; Chidi, who accepts his invitation, answers it.
    log_in(page, "ben")
    page.goto(f"/groups/{group.slug}/")
    page.get_by_label("Start a discussion in Product Managers Guild").fill(
        "How do you run discovery with a team of two?"
    )
    page.get_by_test_id("gp-question").check()
    page.get_by_test_id("gp-submit").click()
    expect(page.get_by_test_id("question-pill")).to_be_visible()
    log_in(page, "chidi")
    page.goto(f"/groups/{group.slug}/")
    page.get_by_test_id("group-accept").click()
    page.goto(f"/groups/{group.slug}/?show=unanswered")
    post = page.get_by_test_id("group-post").first
    expect(post).to_contain_text("discovery with a team of two")
    post.get_by_role("link", name="Comment").first.click()
    page.get_by_test_id("comment-form").get_by_label("Add a comment").fill(
        "Interview five customers a week; keep notes in one place."
    )
    page.get_by_test_id("comment-form").get_by_role("button", name="Comment").click()
    expect(page.get_by_test_id("comments")).to_contain_text("five customers a week")
    page.goto(f"/groups/{group.slug}/?show=unanswered")
    expect(page.get_by_text("Every question here has an answer.")).to_be_visible()

    # The hourly job computes the statistics; Ada opens them and sees the chart.
    refresh(group)
    log_in(page, "ada")
    page.goto(f"/groups/{group.slug}/")
    page.get_by_test_id("group-stats-link").click()
    expect(page.get_by_test_id("breakdown-table")).to_contain_text("30 days")
    expect(page.get_by_test_id("group-breakdown-chart")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("group-weeks-chart")).to_have_attribute("data-drawn", "true")
    expect(page.get_by_test_id("questions-summary")).to_contain_text("1 of 1 questions")
    shot("101-group-statistics")
    assert not errors, errors
