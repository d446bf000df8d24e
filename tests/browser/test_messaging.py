"""Messaging in a real browser: a new connection's pitch is warned about, sent anyway and
filtered with its reasons; a genuine message reaches the inbox and appears without a reload."""

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.conversations.models import Message
from rapport.conversations.tests.factories import PITCH, connect_by_invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GENUINE = "Ben, the slides from my talk on form design are at https://example.org/slides"


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()


def test_pitch_is_filtered_and_a_genuine_message_arrives_live(
    browser, live_server, page, shot, settings
):
    settings.RAPPORT = {**settings.RAPPORT, "MESSAGE_POLL_SECONDS": 1}
    ada = make_member("ada", "Ada Lovelace", headline="Analyst at Engines Ltd")
    ben = make_member("ben", "Ben Okafor", headline="Product designer")
    connect_by_invitation(ada, ben)  # Ada asked, so the guard checks her messages

    # Ada writes a pitch and is warned before it is sent.
    log_in(page, ada.email)
    page.goto("/in/ben/")
    page.get_by_test_id("message-member").click()
    expect(page).to_have_url(re.compile(r"/messages/to/ben/$"))
    page.get_by_label("Your message").fill(PITCH)
    page.get_by_test_id("send").click()
    warning = page.get_by_test_id("guard-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Filtered")
    expect(warning).to_contain_text("15 minutes")
    shot("30-guard-warning")
    assert Message.objects.count() == 0
    page.get_by_test_id("send-anyway").click()
    expect(page).to_have_url(re.compile(r"/messages/\d+/$"))
    assert Message.objects.get().held

    # Ben finds it in Filtered, labelled with its reasons, not in his inbox.
    ben_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1200, "height": 900}
    )
    ben_page = ben_context.new_page()
    ben_page.set_default_timeout(15_000)
    try:
        log_in(ben_page, ben.email)
        ben_page.goto("/messages/")
        expect(ben_page.get_by_test_id("conversation-list")).to_have_count(0)
        ben_page.get_by_role("link", name=re.compile("^Filtered")).click()
        expect(ben_page.get_by_test_id("conversation-list")).to_contain_text("Ada Lovelace")
        ben_page.get_by_role("link", name="Ada Lovelace").click()
        reasons = ben_page.get_by_test_id("filtered-reasons")
        expect(reasons).to_be_visible()
        expect(reasons).to_contain_text("pitch")
        shot_path = shot("31-filtered-with-reasons")
        ben_page.screenshot(path=str(shot_path), full_page=True)

        # Ada sends a genuine message; it appears on Ben's open page without a reload.
        ben_page.evaluate("window.__stillHere = true")
        page.get_by_label("Your message").fill(GENUINE)
        page.get_by_test_id("send").click()
        expect(page.get_by_test_id("message").last).to_contain_text("form design")
        arrived = ben_page.get_by_test_id("message").filter(has_text="form design")
        expect(arrived).to_be_visible(timeout=10_000)
        assert ben_page.evaluate("window.__stillHere") is True  # no reload happened
        expect(arrived.get_by_role("link", name="https://example.org/slides")).to_be_visible()
        ben_page.screenshot(path=str(shot("32-genuine-arrives-live")), full_page=True)
        genuine = Message.objects.get(text=GENUINE)
        assert genuine.checked and not genuine.held
        ben_page.goto("/messages/")
        expect(ben_page.get_by_test_id("conversation-list")).to_contain_text("Ada Lovelace")
    finally:
        ben_context.close()
