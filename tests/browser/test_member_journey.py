"""A newcomer's first visit, in a real browser: sign up, fill a profile and a position,
find a demo member, open their profile and their connections."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Exists, OuterRef, Q
from playwright.sync_api import expect

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.network.models import Connection
from rapport.network.selectors import connection_count

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo_member_to_find() -> User:
    """A demo member with a current job who shows their connections to everyone."""
    has_job = Exists(Position.objects.filter(member=OuterRef("pk"), is_current=True))
    has_links = Exists(
        Connection.objects.filter(Q(member_low=OuterRef("pk")) | Q(member_high=OuterRef("pk")))
    )
    member = (
        User.objects.filter(has_job, has_links, connections_visibility="everyone", is_staff=False)
        .order_by("pk")
        .first()
    )
    assert member is not None, "the demo community should have such a member"
    return member


def test_sign_up_fill_profile_find_a_member_and_see_their_connections(page, shot):
    call_command("demo", members=120, seed=3)
    target = _demo_member_to_find()
    surname = target.display_name.split()[-1]

    page.goto("/signup/")
    page.get_by_label("Your name").fill("Zoe Newcomer")
    page.get_by_label("Handle").fill("zoe")
    page.get_by_label("Email").fill("zoe@example.com")
    page.get_by_label("Password").fill("a long enough secret")
    shot("01-sign-up")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    # The confirmation link from the e-mail (decision 0012), then the button it shows.
    (confirmation,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/\S+)", str(confirmation.body))
    assert link is not None
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm and log in").click()
    expect(page).to_have_url(re.compile(r"/me/edit/$"))
    page.get_by_label("Headline").fill("Data engineer who likes maps")
    page.get_by_label("Location").fill("Lisbon")
    page.get_by_label("Skills").fill("Python, PostgreSQL, Cartography")
    page.get_by_label("Being introduced").check()
    shot("02-edit-profile")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name="Zoe Newcomer")).to_be_visible()
    expect(page.get_by_text("Data engineer who likes maps")).to_be_visible()

    page.get_by_role("link", name="Edit history").click()
    page.get_by_label("Company", exact=True).fill("Atlas Maps")
    page.get_by_label("Title").fill("Data Engineer")
    page.get_by_label("Start month").fill("2022-05")
    page.get_by_label("I work here now").check()
    page.get_by_role("button", name="Add position").click()
    expect(page.get_by_test_id("positions")).to_contain_text("Data Engineer at Atlas Maps")
    shot("03-work-history")

    page.get_by_role("link", name="Me", exact=True).click()
    expect(page.get_by_text("May 2022 – present")).to_be_visible()
    shot("04-own-profile")

    page.get_by_label("Search members").fill(surname)
    page.get_by_label("Search members").press("Enter")
    results = page.get_by_test_id("results")
    expect(results).to_contain_text(target.display_name)
    shot("05-search")

    results.get_by_role("link", name=target.display_name).first.click()
    expect(page.get_by_role("heading", name=target.display_name)).to_be_visible()
    shot("06-member-profile")

    count = connection_count(target.pk)
    page.get_by_test_id("connections-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"({count})")
    expect(page.get_by_test_id("connection-list").locator("li").first).to_be_visible()
    shot("07-member-connections")


def test_the_header_counts_unread_notifications_and_search_updates_as_you_type(page, shot):
    call_command("demo", members=60, seed=5)
    member = _demo_member_to_find()
    other = User.objects.exclude(pk=member.pk).exclude(is_staff=True).order_by("pk").first()
    assert other is not None
    from rapport.accounts.tests.factories import PASSWORD
    from rapport.notifications.services import notification_send

    member.set_password(PASSWORD)
    member.save()
    notification_send(recipient=member, kind="network.connection_made", actor=other)
    unseen = member.notifications.filter(is_seen=False, on_site=True, is_filtered=False).count()

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("unread-count")).to_have_text(str(unseen))
    # Looking at the list marks what it showed as seen (issue 11, item 17; issue 13):
    # the bell keeps counting only what is on later pages.
    page.goto("/notifications/")
    expect(page.get_by_test_id("notifications").first).to_be_visible()
    left = member.notifications.filter(is_seen=False, on_site=True, is_filtered=False).count()
    assert left < unseen
    if left:
        expect(page.get_by_test_id("unread-count")).to_have_text(str(left))
    else:
        expect(page.get_by_test_id("unread-count")).to_have_count(0)

    page.goto("/search/")
    page.locator("#id_q").fill(other.display_name.split()[0])
    # htmx swaps the results in without a page load.
    expect(page.get_by_test_id("results")).to_contain_text(other.display_name)
    shot("08-search-as-you-type")
