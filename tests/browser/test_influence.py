"""Influence in a real browser: a member whose post drew responses opens their score,
sees its parts and what moved it this week, the history chart drawn under the strict CSP,
and chooses to show it; another member can then open it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from rapport.accounts.tests.factories import make_member
from rapport.influence.services import influence_recompute_all
from rapport.posts.services import comment_add, post_publish, reaction_set
from tests.browser.test_posts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_reads_their_score_and_chooses_to_show_it(page, shot):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    ada = make_member("ada", "Ada Mensah", headline="Product manager")
    make_member("ben", "Ben Castillo")
    readers = [make_member(f"r{i}", f"Reader {i}") for i in range(6)]
    influence_recompute_all(now=timezone.now() - dt.timedelta(days=8))  # before any post
    post = post_publish(author=ada, body="How we hire: what we ask, and why.")
    reaction_set(member=readers[0], post_id=post.pk)
    for reader in readers[1:]:
        comment_add(member=reader, post_id=post.pk, body="Thank you for writing this.")
    influence_recompute_all()

    log_in(page, "ada")
    page.get_by_test_id("influence-link").click()
    expect(page.get_by_test_id("influence-score")).to_have_text("100")
    expect(page.get_by_test_id("influence-parts")).to_contain_text(
        "6 people responded to your posts"
    )
    expect(page.get_by_test_id("influence-reasons")).to_contain_text(
        "6 more people responded to your posts, most of all to “How we hire: what we ask, and why”"
    )
    expect(page.locator("#influence-chart[data-drawn]")).to_have_count(1)
    shot("95-influence")
    # Before she shows it, her profile tells her it is hers alone, and where to show it.
    page.goto(reverse("members:profile", args=["ada"]))
    expect(page.get_by_test_id("influence-badge")).to_contain_text("only you see it")
    page.get_by_role("link", name="show it on your profile").click()
    page.get_by_label("Show my score to other members").check()
    page.get_by_test_id("influence-visibility").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Other members can now see your score.")).to_be_visible()

    log_in(page, "ben")
    page.goto("/influence/of/ada/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Mensah’s influence")
    expect(page.get_by_test_id("influence-visibility")).to_have_count(0)
    # …and on Ada's profile, where it links to her page.
    page.goto(reverse("members:profile", args=["ada"]))
    badge = page.get_by_test_id("influence-badge")
    expect(badge).to_contain_text("Influence 100 / 100")
    badge.get_by_role("link", name="100").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Mensah’s influence")
    assert errors == []
