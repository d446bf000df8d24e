"""Imports end to end through the services: preview, confirm, merges and undo, jobs, deletion."""

from __future__ import annotations

import pytest

from rapport.contacts import selectors
from rapport.contacts.models import ContactImport, ContactMerge, ImportedContact, ImportState
from rapport.contacts.parsing import ContactsFileError
from rapport.contacts.services import (
    contact_delete,
    contacts_delete_all,
    import_cancel,
    import_confirm,
    import_start,
    merge_undo,
)
from rapport.contacts.services.imports import BACKGROUND_BYTES, BACKGROUND_CONTACTS, import_read
from rapport.contacts.tests.factories import big_linkedin, imported, sample
from rapport.core.errors import Conflict, NotFound

pytestmark = pytest.mark.django_db


def names(owner) -> list[str]:
    return list(selectors.contacts_of(owner).values_list("name", flat=True))


def test_small_file_is_previewed_then_written_on_confirm(ada) -> None:
    started = import_start(owner=ada, file_name="Connections.csv", data=sample("linkedin_2026.csv"))
    assert started.state == ImportState.PREVIEW
    assert started.parsed is not None
    assert started.parsed["count"] == 4
    assert started.parsed["merges"] == [
        {"name": "Ben Okafor", "lines": [6, 9], "reason": "name_company"}
    ]
    assert not ImportedContact.objects.exists()
    done = import_confirm(owner=ada, import_id=started.pk)
    assert (done.state, done.added, done.merged) == (ImportState.DONE, 4, 1)
    assert names(ada) == ["Ada Quill", "Ben Okafor", "Chidi Anozie", "Dörte Ünal"]


def test_a_bad_file_changes_nothing(ada) -> None:
    with pytest.raises(ContactsFileError) as caught:
        import_start(owner=ada, file_name="x.vcf", data=b"BEGIN:VCARD\nFN:A\n")
    assert caught.value.code == "contacts.vcard_unclosed"
    assert not ContactImport.objects.exists()
    assert not ImportedContact.objects.exists()


def test_a_second_import_merges_by_email_into_the_first_and_the_merge_can_be_undone(ada) -> None:
    imported(ada, sample("linkedin_2026.csv"))
    second = imported(ada, sample("google.csv"), "contacts.csv")
    assert (second.added, second.merged) == (
        1,
        2,
    )  # Gita is new; Ada Quill merged; Gita's twin merged
    quill = ImportedContact.objects.get(owner=ada, name="Ada Quill")
    assert quill.emails == ["ada.quill@example.org", "ada@home.example"]
    merge = ContactMerge.objects.get(owner=ada, kept=quill)
    assert merge.reason == "email"
    restored = merge_undo(owner=ada, merge_id=merge.pk)
    quill.refresh_from_db()
    assert quill.emails == ["ada.quill@example.org"]
    assert restored.emails == ["ada.quill@example.org", "ada@home.example"]
    assert restored.name == "Ada Quill"
    assert not ContactMerge.objects.filter(pk=merge.pk).exists()


def test_undo_takes_back_only_the_fields_the_merge_filled(ada) -> None:
    imported(ada, sample("linkedin_2016.csv"))
    elena = ImportedContact.objects.get(owner=ada, name="Elena Marsh")
    assert (elena.company, elena.title) == ("Tidewater", "Engineer")
    merge = ContactMerge.objects.get(kept=elena)
    merge_undo(owner=ada, merge_id=merge.pk)
    elena.refresh_from_db()
    assert (elena.company, elena.title, elena.emails) == (
        "Tidewater",
        "Engineer",
        ["elena@marsh.example"],
    )
    assert ImportedContact.objects.filter(owner=ada, name="Elena Marsh").count() == 2


def test_nobody_reads_or_undoes_what_is_not_theirs(ada, ben) -> None:
    done = imported(ada, sample("linkedin_2026.csv"))
    merge = ContactMerge.objects.get(owner=ada)
    contact = ImportedContact.objects.filter(owner=ada).first()
    assert contact is not None
    with pytest.raises(NotFound):
        selectors.import_for(ben, done.pk)
    with pytest.raises(NotFound):
        merge_undo(owner=ben, merge_id=merge.pk)
    with pytest.raises(NotFound):
        contact_delete(owner=ben, contact_id=contact.pk)
    assert selectors.contact_rows(ben) == []
    assert ImportedContact.objects.filter(owner=ada).count() == 4


def test_a_big_file_is_read_and_written_in_background_jobs(
    ada, django_capture_on_commit_callbacks
) -> None:
    data = big_linkedin(6000)
    assert len(data) > BACKGROUND_BYTES
    with django_capture_on_commit_callbacks(execute=True) as jobs:
        started = import_start(owner=ada, file_name="big.csv", data=data)
    assert len(jobs) == 1
    assert started.state == ImportState.PARSING
    started.refresh_from_db()  # the job ran (immediately, in tests) on commit
    assert started.state == ImportState.PREVIEW
    assert started.upload is None
    assert started.total == 6000 > BACKGROUND_CONTACTS
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = import_confirm(owner=ada, import_id=started.pk)
    assert confirmed.state == ImportState.IMPORTING  # the page shows the bar from here
    started.refresh_from_db()
    assert (started.state, started.done, started.added, started.percent) == (
        ImportState.DONE,
        6000,
        6000,
        100,
    )
    assert ImportedContact.objects.filter(owner=ada).count() == 6000


def test_a_big_bad_file_fails_in_the_job_and_writes_no_contacts(
    ada, django_capture_on_commit_callbacks
) -> None:
    data = big_linkedin(6000) + b'Ann,"Unclosed,,,x,,08 Feb 2026\r\n'
    with django_capture_on_commit_callbacks(execute=True):
        started = import_start(owner=ada, file_name="big.csv", data=data)
    started.refresh_from_db()
    assert (started.state, started.error_code, started.error_line) == (
        ImportState.FAILED,
        "contacts.unterminated_quote",
        6002,
    )
    with pytest.raises(Conflict):
        import_confirm(owner=ada, import_id=started.pk)
    assert not ImportedContact.objects.exists()


def test_delete_one_and_all(ada) -> None:
    imported(ada, sample("linkedin_2026.csv"))
    first = ImportedContact.objects.filter(owner=ada).order_by("name").first()
    assert first is not None
    contact_delete(owner=ada, contact_id=first.pk)
    assert "Ada Quill" not in names(ada)
    assert contacts_delete_all(owner=ada) == 3
    assert not ImportedContact.objects.filter(owner=ada).exists()
    assert not ContactMerge.objects.filter(owner=ada).exists()


def test_contacts_go_with_the_account(ada) -> None:
    imported(ada, sample("linkedin_2026.csv"))
    ada.delete()
    assert not ImportedContact.objects.exists()
    assert not ContactImport.objects.exists()
    assert not ContactMerge.objects.exists()


def test_reading_twice_or_after_a_cancel_changes_nothing(ada) -> None:
    started = import_start(owner=ada, file_name="big.csv", data=big_linkedin(6000))
    assert started.state == ImportState.PARSING  # the job is not run here
    import_cancel(owner=ada, import_id=started.pk)
    assert import_read(import_id=started.pk) is None
    started.refresh_from_db()
    assert (started.state, started.parsed) == (ImportState.CANCELLED, None)


def test_a_reader_that_loses_the_race_leaves_the_winners_result(ada, monkeypatch) -> None:
    from rapport.contacts.services import imports

    started = import_start(owner=ada, file_name="big.csv", data=big_linkedin(6000))
    real = imports.parse_bytes

    def cancelled_meanwhile(data: bytes, **kwargs: object):
        ContactImport.objects.filter(pk=started.pk).update(state=ImportState.CANCELLED)
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imports, "parse_bytes", cancelled_meanwhile)
    after = import_read(import_id=started.pk)
    assert after is not None and after.state == ImportState.CANCELLED and not after.parsed


def test_a_file_the_reader_chokes_on_fails_instead_of_reading_for_ever(ada, monkeypatch) -> None:
    from rapport.contacts.services import imports

    started = import_start(owner=ada, file_name="big.csv", data=big_linkedin(6000))

    def broken(data: bytes, **kwargs: object):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "parse_bytes", broken)
    after = import_read(import_id=started.pk)
    assert after is not None
    assert (after.state, after.error_code) == (ImportState.FAILED, "contacts.read_failed")


def test_stopping_an_import_being_written_takes_back_all_it_wrote(ada) -> None:
    from rapport.contacts.services.imports import import_commit
    from rapport.contacts.tests.factories import linkedin

    imported(ada, linkedin([("Kemi", "Okoro", "kemi@baobab.example", "")]))
    rows = [("Kemi", "Okoro", "KEMI@baobab.example", "Baobab Health")]
    rows += [(f"P{i}", "Person", f"p{i}@x.example", "Co") for i in range(1500)]
    started = import_start(owner=ada, file_name="big.csv", data=linkedin(rows))
    if started.state == ImportState.PARSING:
        started = import_read(import_id=started.pk) or started
    confirmed = import_confirm(owner=ada, import_id=started.pk)
    assert confirmed.state == ImportState.IMPORTING  # the job's turn; it is run below
    stopped: list[ContactImport] = []

    def after_a_chunk(n: int) -> None:
        if not stopped:  # the member presses "stop" while the bar moves
            stopped.append(import_cancel(owner=ada, import_id=started.pk))

    import_commit(import_id=started.pk, on_chunk=after_a_chunk)
    started.refresh_from_db()
    assert started.state == ImportState.CANCELLED and started.done == 250  # one chunk, no more
    kemi = ImportedContact.objects.get(owner=ada)  # only what was there before
    assert (kemi.company, kemi.emails) == ("", ["kemi@baobab.example"])
    assert not ContactMerge.objects.filter(source=started).exists()
    with pytest.raises(Conflict):
        import_cancel(owner=ada, import_id=started.pk)


def test_labels_are_kept_merged_and_taken_back_with_an_undo(ada) -> None:
    imported(ada, sample("google.csv"))
    quill = ImportedContact.objects.get(owner=ada, email="ada.quill@example.org")
    assert quill.labels == ["Work"]
    header = sample("google.csv").split(b"\n", 1)[0]
    again = header + b"\nAda,,Quill,,,,,,,,Lumen Works,,,,,,Friends,,ada.quill@example.org\n"
    imported(ada, again, name="again.csv")
    quill.refresh_from_db()
    assert quill.labels == ["Work", "Friends"]
    merge = ContactMerge.objects.filter(owner=ada, kept=quill).latest("pk")
    merge_undo(owner=ada, merge_id=merge.pk)
    quill.refresh_from_db()
    assert quill.labels == ["Work"]


def test_a_cancel_after_the_last_chunk_is_not_undone_by_the_job(ada) -> None:
    from rapport.contacts.services.imports import import_commit
    from rapport.contacts.tests.factories import linkedin

    rows = [(f"P{i}", "Person", f"p{i}@x.example", "Co") for i in range(10)]
    started = import_start(owner=ada, file_name="c.csv", data=linkedin(rows))
    ContactImport.objects.filter(pk=started.pk).update(state=ImportState.IMPORTING)
    import_commit(
        import_id=started.pk, on_chunk=lambda n: import_cancel(owner=ada, import_id=started.pk)
    )
    started.refresh_from_db()
    assert started.state == ImportState.CANCELLED
    assert not ImportedContact.objects.filter(owner=ada).exists()


def test_stopping_a_stuck_import_keeps_what_a_later_import_merged_into(ada) -> None:
    from rapport.contacts.services.imports import import_commit
    from rapport.contacts.tests.factories import linkedin

    rows = [("Kemi", "Okoro", "kemi@x.example", "Baobab")]
    rows += [(f"P{i}", "Person", f"p{i}@x.example", "Co") for i in range(300)]
    stuck = import_start(owner=ada, file_name="a.csv", data=linkedin(rows))
    ContactImport.objects.filter(pk=stuck.pk).update(state=ImportState.IMPORTING)

    def dies(n: int) -> None:
        raise RuntimeError("the worker died")

    with pytest.raises(RuntimeError):
        import_commit(import_id=stuck.pk, on_chunk=dies)  # one chunk of 250 written
    again = imported(ada, linkedin([("Kemi", "Okoro", "KEMI@x.example", "Baobab")]), "b.csv")
    assert again.merged == 1
    import_cancel(owner=ada, import_id=stuck.pk)
    kemi = ImportedContact.objects.get(owner=ada)  # the stuck import's others are gone
    assert kemi.emails == ["kemi@x.example"]
    assert ContactMerge.objects.filter(source=again).count() == 1
