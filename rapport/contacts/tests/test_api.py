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
    with django_assert_num_queries(9):
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


def test_the_preview_over_the_api_pages_people_with_their_matches(ada, ben) -> None:
    connect(ada, ben)
    User.objects.filter(pk=ben.pk).update(email=ben.email.lower())
    rows = [("Ben", "Okafor", ben.email, "Studio")]
    rows += [(f"P{i}", "Person", f"p{i}@out.example", "Co") for i in range(4)]
    rows += [("Ben", "Again", ben.email.upper(), "Studio")]  # merged with the first
    api = as_member(ada)
    started = upload(api, "c.csv", linkedin(rows)).json()
    first = api.get(f"/contacts/imports/{started['id']}/preview?size=2").json()
    assert (first["total"], first["pages"], first["counts"]) == (
        5,
        3,
        {"connected": 1, "member": 0, "none": 4},
    )
    assert [(r["name"], r["status"], r["member"]) for r in first["items"]] == [
        ("Ben Okafor", "connected", {"handle": ben.handle, "name": ben.display_name}),
        ("P0 Person", "none", None),
    ]
    last = api.get(f"/contacts/imports/{started['id']}/preview?size=2&page=3").json()
    assert [r["name"] for r in last["items"]] == ["P3 Person"]
    past = api.get(f"/contacts/imports/{started['id']}/preview?size=2&page=90").json()
    assert (past["page"], [r["name"] for r in past["items"]]) == (3, ["P3 Person"])
    assert_error(
        as_member(ben).get(f"/contacts/imports/{started['id']}/preview"),
        404,
        "contacts.import_not_found",
    )
    api.post(f"/contacts/imports/{started['id']}/confirm")
    assert_error(
        api.get(f"/contacts/imports/{started['id']}/preview"), 409, "contacts.import_not_ready"
    )


def test_imports_and_merges_are_listed_and_a_listed_merge_can_be_undone(ada, ben) -> None:
    imported(ada, sample("linkedin_2016.csv"))
    api = as_member(ada)
    imports = api.get("/contacts/imports").json()
    assert imports["total"] == 1 and imports["items"][0]["state"] == "done"
    assert "merges" not in imports["items"][0]
    merges = api.get("/contacts/merges").json()
    assert merges["total"] == ContactMerge.objects.filter(owner=ada).count() >= 1
    merge = merges["items"][0]
    assert merge["incoming_name"] and merge["kept"]["id"]
    assert as_member(ben).get("/contacts/merges").json()["total"] == 0
    assert api.post(f"/contacts/merges/{merge['id']}/undo").status_code == 200
    assert api.get("/contacts/merges").json()["total"] == merges["total"] - 1
