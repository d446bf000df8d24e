"""In a real browser, saving privacy or messaging settings shows a visible confirmation
(issue 11, item 19)."""

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import PASSWORD, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_privacy_and_messaging_saves_are_confirmed_on_screen(page, shot):
    make_member("ada", "Ada Lovelace")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/me/edit/")
    page.get_by_role("group", name="Who may see my connections").get_by_label("Everyone").check()
    page.get_by_role("button", name="Save privacy").click()
    expect(page.get_by_role("status")).to_contain_text("Your privacy settings are saved.")
    shot("settings-01-privacy-saved")

    page.goto("/messages/settings/")
    page.get_by_label("Read receipts").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Messaging settings saved.")
    shot("settings-02-messaging-saved")
