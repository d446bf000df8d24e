"""Contacts in a real browser: upload a LinkedIn export, see merges and matches in the
preview, invite three members from the list, and watch a large file's progress bar move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from rapport.accounts.models import EmailFindable, User
from rapport.accounts.tests.factories import PASSWORD, make_member
from rapport.contacts.models import ContactImport, ImportState
from rapport.contacts.services import imports
from rapport.contacts.tasks import contacts_read
from rapport.contacts.tests.factories import big_linkedin
from rapport.conversations.tests.factories import connect
from rapport.invitations.models import Invitation

from .test_csp_pages import watch as watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPORT = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Ben,Okafor,,ben@example.com,Studio Okafor,Designer,08 Feb 2026\r\n"
    "Chidi,Anagonye,,chidi@example.com,St. John's,Lecturer,14 Jan 2025\r\n"
    "Dana,Ito,,dana@example.com,Harbour Bank,Analyst,02 May 2024\r\n"
    "Eve,Moreau,,eve@example.com,Lumen,Engineer,30 Jun 2023\r\n"
    "Finn,Walsh,,finn@example.com,Tidewater,Founder,17 Aug 2022\r\n"
    "Dana,Ito,,DANA@example.com,Harbour Bank,Senior Analyst,01 Jan 2021\r\n"
    "Gus,Stranger,,gus@elsewhere.example,Nowhere,,05 Sep 2020\r\n"
    ",,,,,,03 Mar 2019\r\n"
)


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Home")).to_be_visible()


def upload(page, name: str, data: bytes) -> None:
    page.goto("/contacts/import/")
    page.get_by_label("Address book").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_upload_preview_invite_three_and_watch_a_big_import(page, shot, settings):
    ada = make_member("ada", "Ada Lovelace")
    ben = make_member("ben", "Ben Okafor")
    others = [
        make_member(h, n)
        for h, n in [
            ("chidi", "Chidi Anagonye"),
            ("dana", "Dana Ito"),
            ("eve", "Eve Moreau"),
            ("finn", "Finn Walsh"),
        ]
    ]
    connect(ada, ben)
    User.objects.filter(handle__in=["chidi", "dana", "eve"]).update(
        email_findable=EmailFindable.EVERYONE
    )
    # Finn is within two steps (through Ben), so the default would reveal him: only his
    # own "nobody" keeps him "not on Rapport" below.
    connect(ben, others[3])
    User.objects.filter(handle="finn").update(email_findable=EmailFindable.NOBODY)
    assert len(others) == 4
    violations = watch_csp(page)  # the strict CSP holds on every contacts page and poll

    log_in(page, ada.email)
    upload(page, "Connections.csv", EXPORT.encode("utf-8-sig"))
    expect(page.get_by_test_id("preview-summary")).to_contain_text(
        "LinkedIn file: 6 people from 7 entries"
    )
    expect(page.get_by_test_id("preview-merges")).to_contain_text(
        "Dana Ito: lines 7, 10 (same e-mail)"
    )
    table = page.get_by_test_id("preview-table")
    expect(table.locator('[data-status="connected"]')).to_have_count(1)
    expect(table.locator('[data-status="member"]')).to_have_count(3)
    expect(table.get_by_role("row", name=re.compile("Finn Walsh"))).to_contain_text(
        "Not on Rapport"
    )
    shot("contacts-01-preview-merges-and-matches")

    page.get_by_test_id("confirm-import").click()
    expect(page).to_have_url(re.compile(r"/contacts/$"))
    page.get_by_test_id("filter-member").click()
    rows = page.get_by_test_id("contact-row")
    expect(rows).to_have_count(3)
    for name in ("Chidi Anagonye", "Dana Ito", "Eve Moreau"):
        page.get_by_label(f"Select {name}").check()
    shot("contacts-02-three-selected")
    page.get_by_test_id("invite-selected").click()
    expect(page.get_by_text("Sent 3 invitations.")).to_be_visible()
    shot("contacts-03-invited")
    invited = Invitation.objects.filter(sender=ada).values_list("recipient__handle", flat=True)
    assert sorted(invited) == [
        "chidi",
        "dana",
        "eve",
    ]

    # A large file: jobs wait in the queue so the page can be watched while they run.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    upload(page, "big.csv", big_linkedin(5000))
    found = ContactImport.objects.get(owner=ada, file_name="big.csv")
    progress = page.get_by_test_id("import-progress")
    expect(progress).to_contain_text("Reading big.csv")
    shot("contacts-04-reading-big-file")
    page.get_by_role("link", name="Contacts", exact=True).click()  # the site stays usable meanwhile
    expect(page.get_by_test_id("contacts-table")).to_be_visible()
    page.go_back()
    contacts_read.call(found.pk)  # the worker's turn
    expect(page.get_by_test_id("preview-summary")).to_contain_text(
        "5000 people"
    )  # the poll reloaded it
    page.get_by_test_id("confirm-import").click()
    bar = page.get_by_test_id("progress-bar")
    expect(bar).to_have_attribute("value", "0")
    seen: list[str] = []

    def watch(count: int) -> None:
        done = ContactImport.objects.get(pk=found.pk).done
        if done in (1000, 2500):
            expect(bar).to_have_attribute("value", str(done))
            seen.append(bar.get_attribute("value") or "")
            shot(f"contacts-05-progress-{done}")

    imports.import_commit(import_id=found.pk, on_chunk=watch)
    assert seen == ["1000", "2500"]
    expect(page.get_by_test_id("import-done")).to_contain_text("Imported: 5000 new")
    shot("contacts-06-big-import-done")
    assert ContactImport.objects.get(pk=found.pk).state == ImportState.DONE
    page.goto("/contacts/export/")
    expect(page.get_by_test_id("export-download")).to_be_visible()
    assert violations == []
