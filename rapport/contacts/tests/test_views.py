"""The pages: upload, preview with merges and matches, confirm, list with filters, export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rapport.accounts.tests.factories import PASSWORD
from rapport.contacts.models import ContactImport, ImportedContact
from rapport.contacts.tests.factories import imported, linkedin, sample
from rapport.conversations.tests.factories import connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(client, ada):
    client.login(email=ada.email, password=PASSWORD)
    return client


def test_upload_shows_the_preview_with_merges_and_matches(browser, ada, ben) -> None:
    connect(ada, ben)
    data = sample("linkedin_2026.csv").replace(b"ben@okafor.example", b"ben@example.com")
    response = browser.post(
        reverse("contacts:import"), {"file": SimpleUploadedFile("Connections.csv", data)}
    )
    assert response.status_code == 302
    page = browser.get(response["Location"]).content.decode()
    assert "Ben Okafor: lines 6, 9 (same name and company)" in page
    assert 'data-status="connected">Already connected: <a href="/in/ben/">Ben Okafor</a>' in page
    assert "1 hidden profile skipped" in page
    assert not ImportedContact.objects.exists()
    found = ContactImport.objects.get()
    confirmed = browser.post(reverse("contacts:import_action", args=[found.pk, "confirm"]))
    assert confirmed["Location"] == reverse("contacts:list")
    assert ImportedContact.objects.filter(owner=ada).count() == 4


def test_a_bad_upload_says_why_with_the_line(browser) -> None:
    response = browser.post(
        reverse("contacts:import"),
        {"file": SimpleUploadedFile("cut.vcf", b"BEGIN:VCARD\nVERSION:4.0\nFN:A\n")},
    )
    assert response.status_code == 400
    assert "has no END:VCARD" in response.content.decode()
    assert not ContactImport.objects.exists()


def test_list_page_filters_and_pins_its_queries(
    browser, ada, ben, django_assert_num_queries
) -> None:
    connect(ada, ben)
    rows = [("Ben", "Okafor", "ben@example.com", "")] + [
        (f"P{i}", "X", f"p{i}@example.org", "") for i in range(30)
    ]
    imported(ada, linkedin(rows))
    # With the count of merges for "See all"; objections (complaints and negative answers)
    # are read in one query per source, no longer four.
    with django_assert_num_queries(24):
        page = browser.get(reverse("contacts:list"), {"status": "connected"}).content.decode()
    assert page.count('data-testid="contact-row"') == 1
    assert "Already connected (1)" in page and "Not on Rapport (30)" in page
    assert "You can send 25 invitations now." in page


def test_other_members_imports_are_404(client, ada, ben) -> None:
    found = imported(ada, sample("linkedin_2016.csv"))
    client.login(email=ben.email, password=PASSWORD)
    assert client.get(reverse("contacts:preview", args=[found.pk])).status_code == 404
    assert client.get(reverse("contacts:progress", args=[found.pk])).status_code == 404


def test_progress_poll_keeps_polling_while_importing_and_refreshes_when_done(browser, ada) -> None:
    found = ContactImport.objects.create(owner=ada, state="importing", total=200, done=50)
    page = browser.get(reverse("contacts:progress", args=[found.pk]))
    html = page.content.decode()
    assert 'value="50"' in html and 'max="200"' in html and "hx-trigger" in html
    assert "HX-Refresh" not in page
    ContactImport.objects.filter(pk=found.pk).update(state="done", done=200)
    assert browser.get(reverse("contacts:progress", args=[found.pk]))["HX-Refresh"] == "true"


def test_export_page_downloads_linkedin_csv(browser, ada, ben) -> None:
    connect(ada, ben)
    response = browser.get(reverse("contacts:export"), {"format": "linkedin"})
    assert response["Content-Disposition"] == 'attachment; filename="Connections.csv"'
    assert (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On" in response.content
    )


def test_opt_out_link_puts_the_address_on_the_list(client) -> None:
    from rapport.contacts.models import JoinOptOut
    from rapport.contacts.services import join_opt_out_token

    url = reverse("contacts:opt_out", args=[join_opt_out_token("x@y.example")])
    assert client.get(url).status_code == 200
    assert not JoinOptOut.objects.exists()
    assert "will not be sent" in client.post(url).content.decode()
    assert JoinOptOut.objects.count() == 1


def test_every_merge_is_listed_on_its_own_page_and_can_be_undone_there(browser, ada, ben) -> None:
    from rapport.contacts.models import ContactMerge
    from rapport.contacts.views import MERGES_SHOWN

    rows = [(f"P{i}", "Twice", f"p{i}@x.example", "") for i in range(MERGES_SHOWN + 3)]
    imported(
        ada, linkedin(rows + [(f"Q{i}", "Twice", f"p{i}@x.example", "") for i in range(len(rows))])
    )
    total = ContactMerge.objects.filter(owner=ada).count()
    assert total == MERGES_SHOWN + 3
    listing = browser.get(reverse("contacts:list")).content.decode()
    assert f"See all {total} merges" in listing
    page = browser.get(reverse("contacts:merges")).content.decode()
    assert page.count("merged into") == total
    oldest = ContactMerge.objects.filter(owner=ada).order_by("created_at", "pk").first()
    assert oldest is not None
    after = browser.post(reverse("contacts:merge_undo", args=[oldest.pk]), {"next": "merges"})
    assert after["Location"] == reverse("contacts:merges")
    assert ContactMerge.objects.filter(owner=ada).count() == total - 1
    from django.test import Client

    other = Client()
    other.login(email=ben.email, password=PASSWORD)
    assert "merged into" not in other.get(reverse("contacts:merges")).content.decode()


@pytest.mark.parametrize("on", [False, True])
def test_the_invite_to_join_button_shows_only_when_the_site_allows_it(
    browser, ada, settings, on
) -> None:
    settings.RAPPORT = {**settings.RAPPORT, "CONTACTS_JOIN_INVITATIONS": on}
    imported(ada, sample("linkedin_2016.csv"))
    page = browser.get(reverse("contacts:list")).content.decode()
    assert ('data-testid="invite-to-join"' in page) == on
    assert ("Nobody outside Rapport is e-mailed." in page) == (not on)
    assert ("at most 20 a week" in page) == on
