"""Notifications in a real browser: Ada's post collects reactions from many members; she
sees one grouped row, opens it to see everyone, and — while more reactions arrive and
the bell counts them without a reload — turns that kind off from the row, and the bell
clears. Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import make_member
from rapport.notifications.models import Notification
from rapport.posts.services import post_publish, reaction_set
from tests.browser.test_posts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reactions_group_into_one_row_and_the_kind_is_turned_off_from_it(page, shot, settings):
    settings.RAPPORT = {**settings.RAPPORT, "NOTIFICATION_POLL_SECONDS": 1}
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    ada = make_member("ada", "Ada Mensah", headline="Product manager")
    post = post_publish(author=ada, body="We shipped the new onboarding today.")
    crowd = [make_member(f"r{i}", f"Reader {i:02d}") for i in range(12)]
    for member in crowd[:9]:
        reaction_set(member=member, post_id=post.pk)

    log_in(page, "ada")
    expect(page.get_by_test_id("unread-count")).to_have_text("1")  # one row, not nine
    page.get_by_role("link", name=re.compile("^Notifications")).first.click()
    rows = page.get_by_test_id("notifications").locator("li")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Reader 08, Reader 07 and 7 others reacted to your post")
    expect(page.get_by_test_id("unread-count")).to_have_count(0)  # looking marked it seen
    shot("90-notifications-grouped")

    rows.first.get_by_test_id("group-people").click()
    expect(page.get_by_test_id("group-actors").locator("li")).to_have_count(9)
    page.go_back()

    # Three more reactions while Ada looks: the bell counts the group again, no reload.
    for member in crowd[9:]:
        reaction_set(member=member, post_id=post.pk)
    expect(page.get_by_test_id("unread-count")).to_have_text("1", timeout=10_000)
    shot("91-notifications-bell-updated")

    row = page.get_by_test_id("notifications").locator("li").first
    row.get_by_text("Options").click()
    row.get_by_test_id("turn-off-kind").click()
    expect(page.get_by_test_id("control-done")).to_contain_text(
        "Turned off: Reactions to your posts"
    )
    expect(page.get_by_test_id("unread-count")).to_have_count(0)
    shot("92-notifications-kind-turned-off")

    reaction_set(member=make_member("late", "Late Reader"), post_id=post.pk)
    page.reload()
    expect(page.get_by_test_id("notifications")).to_contain_text("Nothing yet.")
    assert not Notification.objects.filter(recipient=ada, on_site=True).exists()
    assert errors == []
