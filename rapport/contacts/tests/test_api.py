"""The contacts API: upload, preview, confirm, list with filters and pinned queries, export."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rapport.accounts.models import EmailFindable, User
from rapport.contacts.models import ContactMerge, ImportedContact
from rapport.contacts.parsing import parse_bytes
from rapport.contacts.tests.factories import imported, linkedin, sample
from rapport.conversations.tests.factories import connect
from rapport.core.tests.test_api import API, as_member, assert_error

pytestmark = pytest.mark.django_db


def upload(client, name: str, data: bytes):
    return client.client.post(
        API + "/contacts/imports",
        {"file": SimpleUploadedFile(name, data)},
        headers=client._headers(),
    )


def test_upload_preview_then_confirm(ada) -> None:
    api = as_member(ada)
    response = upload(api, "Connections.csv", sample("linkedin_2026.csv"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["format"], body["total"]) == ("preview", "linkedin", 5)
    assert body["merges"] == [{"name": "Ben Okafor", "lines": [6, 9], "reason": "name_company"}]
    done = api.post(f"/contacts/imports/{body['id']}/confirm").json()
    assert (done["state"], done["added"], done["merged"]) == ("done", 4, 1)


def test_a_bad_upload_is_a_400_with_the_line_and_keeps_nothing(ada) -> None:
    response = upload(
        as_member(ada), "x.csv", b'First Name,Last Name,Connected On\nAda,"Q,1 Jan 2020\n'
    )
    body = assert_error(response, 400, "contacts.unterminated_quote")
    assert body["line"] == 2
    assert not ImportedContact.objects.exists()


def test_another_members_import_is_a_404(ada, ben) -> None:
    found = imported(ada, sample("linkedin_2016.csv"))
    assert_error(
        as_member(ben).get(f"/contacts/imports/{found.pk}"), 404, "contacts.import_not_found"
    )
    merge = ContactMerge.objects.get(owner=ada)
    assert_error(
        as_member(ben).post(f"/contacts/merges/{merge.pk}/undo"), 404, "contacts.merge_not_found"
    )


def test_list_filters_by_status_in_a_fixed_number_of_queries(
    ada, ben, django_assert_num_queries
) -> None:
    connect(ada, ben)
    rows = [("Ben", "Okafor", "ben@example.com", "")] + [
        (f"P{i}", "Person", f"p{i}@example.org", "Co") for i in range(25)
    ]
    imported(ada, linkedin(rows))
    api = as_member(ada)
    with django_assert_num_queries(10):
        body = api.get("/contacts", status="connected").json()
    assert [(c["name"], c["status"], c["member"]["handle"]) for c in body["items"]] == [
        ("Ben Okafor", "connected", "ben")
    ]
    assert api.get("/contacts", status="none", size=10).json()["total"] == 25


def test_invite_reports_sent_and_waiting(ada, ben, chidi) -> None:
    User.objects.filter(pk__in=[ben.pk, chidi.pk]).update(email_findable=EmailFindable.EVERYONE)
    imported(
        ada,
        linkedin([("Ben", "O", "ben@example.com", ""), ("Chidi", "A", "chidi@example.com", "")]),
    )
    ids = list(ImportedContact.objects.filter(owner=ada).values_list("pk", flat=True))
    body = as_member(ada).post("/contacts/invite", {"contact_ids": ids}).json()
    assert (sorted(body["sent"]), body["waiting"], body["not_members"]) == (
        ["Ben O", "Chidi A"],
        [],
        0,
    )


def test_export_as_each_format_reads_back_as_the_same_connections(ada, ben, chidi) -> None:
    connect(ada, ben)
    connect(ada, chidi)
    User.objects.filter(pk=ben.pk).update(email_visibility="connections")
    api = as_member(ada)
    for fmt in ("linkedin", "google", "vcard"):
        response = api.get("/contacts/export", format=fmt)
        assert response.status_code == 200
        people = parse_bytes(response.content).contacts
        assert [(c.name, c.emails) for c in people] == [
            ("Ben Okafor", ["ben@example.com"]),  # Ben shows his e-mail to connections
            ("Chidi Anagonye", []),  # Chidi keeps his to himself
        ], fmt
