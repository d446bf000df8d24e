"""Invitations in a real browser: the coach reacts as you type, the recipient accepts one
and asks "how do we know each other?" about another."""

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.invitations.models import Invitation, InvitationMessage, State
from rapport.invitations.services import invitation_send
from rapport.network.selectors import are_connected

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()


def test_write_with_the_coach_then_accept_and_ask(page, shot):
    ada = make_member("ada", "Ada Lovelace", headline="Analyst at Engines Ltd")
    ben = make_member("ben", "Ben Okafor", headline="Product designer")
    chidi = make_member("chidi", "Chidi Anagonye", headline="Ethics lecturer")
    invitation_send(sender=chidi, recipient=ben, note="")

    log_in(page, ada.email)
    page.goto("/in/ben/")
    page.get_by_test_id("connect").click()
    expect(page).to_have_url(re.compile(r"/invitations/to/ben/$"))

    note = page.get_by_label("Personal note")
    coach = page.get_by_test_id("coach")
    note.fill("I'd like to add you to my professional network.")
    expect(coach.get_by_test_id("coach-default")).to_be_visible()
    shot("10-coach-default-text")

    note.fill(
        "Hi Ben, can we book a quick call? Our platform helps companies like yours "
        "boost sales by 30%."
    )
    expect(coach.get_by_test_id("coach-pitch")).to_be_visible()
    shot("11-coach-pitch")

    note.fill(
        "Hi Ben, we met at the Lagos design meetup last week — your talk on "
        "accessible forms changed how I build our survey tool. I'd love to stay in touch."
    )
    expect(coach.get_by_test_id("coach-default")).to_have_count(0)
    expect(coach.get_by_test_id("coach-pitch")).to_have_count(0)
    expect(coach).to_contain_text("Names the recipient")
    shot("12-coach-personal-note")
    page.get_by_label("How do you know each other?").select_option("event")
    page.get_by_label("Where, or through whom?").fill("Lagos design meetup")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_test_id("invitation-pending")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, ben.email)
    expect(page.get_by_test_id("pending-invitations")).to_have_text("2")
    page.get_by_role("link", name=re.compile("^Invitations")).click()
    cards = page.get_by_test_id("invitation-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Ada Lovelace")  # best first: the personal note
    shot("13-inbox-best-first")
    cards.first.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You are now connected with Ada Lovelace.")).to_be_visible()
    assert are_connected(ada.pk, ben.pk)

    page.get_by_role("link", name="How do we know each other?").click()
    message = page.get_by_role("textbox", name="Message")
    expect(message).to_have_value(re.compile(r"^Hi Chidi, thanks for your invitation"))
    page.get_by_role("button", name="Ask how we know each other").click()
    expect(page.get_by_test_id("thread")).to_contain_text("thanks for your invitation")
    expect(page.get_by_test_id("invitation-state")).to_have_text("Pending")
    shot("14-ask-how-we-know")
    theirs = Invitation.objects.get(sender=chidi)
    assert theirs.state == State.PENDING
    assert InvitationMessage.objects.filter(invitation=theirs, author=ben).count() == 1
