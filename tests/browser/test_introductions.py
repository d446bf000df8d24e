"""Introductions in a real browser: ask for an introduction to a 2nd-degree member, the
connector passes it on with a note, the target accepts and the three-way conversation
opens — and each person sees only their part of the chain."""

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.conversations.models import Participant
from rapport.conversations.tests.factories import connect
from rapport.trust.models import Introduction, IntroductionState
from rapport.trust.services import trust_recompute

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "I am moving our clinic's records to open standards and Chidi led that at Lagos General."
OFFER = "Our migration playbook and the data-quality checks we wrote, free to reuse."


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_ask_forward_accept_and_the_three_way_conversation_opens(page, shot):
    ada = make_member("ada", "Ada Lovelace", headline="Analyst at Engines Ltd")
    ben = make_member("ben", "Ben Okafor", headline="Product designer")
    chidi = make_member("chidi", "Chidi Anagonye", headline="CTO at Lagos General")
    connect(ada, ben, days_ago=300)
    connect(ben, chidi, days_ago=300)
    for member in (ada, ben, chidi):
        trust_recompute(member=member)

    # Ada, on Chidi's 2nd-degree profile, asks for an introduction through Ben.
    log_in(page, ada.email)
    page.goto("/in/chidi/")
    page.get_by_test_id("ask-introduction").click()
    expect(page).to_have_url(re.compile(r"/trust/introductions/ask/chidi/$"))
    route = page.get_by_test_id("route")
    expect(route).to_have_count(1)
    expect(route).to_contain_text("Ben Okafor")
    expect(route).to_contain_text("You have never exchanged a message with Ben.")
    expect(page.get_by_test_id("all-weak")).to_be_visible()
    page.get_by_label("Why do you want to meet them?").fill(REASON)
    page.get_by_label("What is in it for them?").fill(OFFER)
    shot("40-ask-for-introduction")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_test_id("intro-status")).to_have_text("Under way")
    intro = Introduction.objects.get()
    log_out(page)

    # Chidi has not been asked yet and sees nothing.
    log_in(page, chidi.email)
    response = page.goto(f"/trust/introductions/{intro.pk}/")
    assert response is not None and response.status == 404
    page.goto("/trust/introductions/")
    expect(page.get_by_test_id("to-answer")).to_contain_text("Nothing waiting for you.")
    log_out(page)

    # Ben reads the reason and passes it on with his own note.
    log_in(page, ben.email)
    page.get_by_role("link", name="Introductions").click()
    page.get_by_role("link", name=re.compile("Ada Lovelace would like to meet Chidi")).click()
    expect(page.get_by_test_id("intro-reason")).to_contain_text("open standards")
    page.get_by_label("Your note to the next person").fill(
        "I'll vouch for Ada: we built forms together."
    )
    shot("41-introducer-forwards")
    page.get_by_role("button", name=re.compile("^Pass it on")).click()
    expect(page.get_by_text("Passed on, with your note.")).to_be_visible()
    log_out(page)

    # Chidi sees who brought it and Ben's note, and accepts.
    log_in(page, chidi.email)
    page.get_by_role("link", name="Introductions").click()
    page.get_by_role("link", name=re.compile("Ada Lovelace would like to meet you")).click()
    expect(page.get_by_test_id("brought-by")).to_contain_text("I'll vouch for Ada")
    shot("42-target-sees-the-vouch")
    page.get_by_role("button", name="Accept the introduction").click()
    expect(page).to_have_url(re.compile(r"/messages/\d+/$"))
    expect(page.get_by_test_id("message").first).to_contain_text("Ben Okafor introduced Ada")
    shot("43-three-way-conversation")
    intro.refresh_from_db()
    assert intro.state == IntroductionState.ACCEPTED
    members = set(
        Participant.objects.filter(conversation=intro.conversation).values_list(
            "member_id", flat=True
        )
    )
    assert members == {ada.pk, ben.pk, chidi.pk}
    page.get_by_label("Your message").fill("Hello Ada, happy to help. Thank you, Ben!")
    page.get_by_test_id("send").click()
    expect(page.get_by_test_id("message").last).to_contain_text("happy to help")
