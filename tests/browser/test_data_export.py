"""Your data in a real browser: from Settings, a member asks for a copy, is told it is
ready, and downloads a zip that holds their own messages and a README."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import expect

from rapport.accounts.tests.factories import make_member
from rapport.conversations.services import message_send
from rapport.conversations.tests.factories import connect
from tests.browser.test_posts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_takes_a_copy_of_their_data(page, shot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ada = make_member("ada", "Ada Mensah")
    ben = make_member("ben", "Ben Castillo")
    connect(ada, ben)
    message_send(sender=ben, recipient=ada, text="Coffee next week?")

    log_in(page, "ada")
    page.goto("/accounts/settings/")
    page.get_by_test_id("your-data").click()
    page.get_by_test_id("request-export").click()
    # The job ran (immediately in tests); the bell and the page say it is ready.
    expect(page.get_by_text("We are preparing your copy")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("download")).to_be_visible()
    shot("97-your-data")
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        messages = json.loads(archive.read("messages.json"))
        assert [m["text"] for m in messages] == ["Coffee next week?"]
        assert "messages.csv" in archive.read("README.txt").decode()
    page.goto("/notifications/")
    expect(page.get_by_text("Your copy of your Rapport data is ready")).to_be_visible()
    # Asking again the same day is refused with a reason, and nothing is added.
    page.goto("/me/data/")
    page.get_by_test_id("request-export").click()
    expect(page.get_by_text("today already")).to_be_visible()
    expect(page.get_by_test_id("export")).to_have_count(1)
