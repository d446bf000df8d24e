"""Imports: upload, read (now or in a job), preview, confirm, and merges across imports.

A file is read whole before anything is written, so a bad file changes
nothing. Writing goes in chunks, each in its own transaction with the
progress counter, so the page's progress bar moves and a job that stops
half-way carries on from where it was when run again (tasks are idempotent).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from rapport.accounts.models import User
from rapport.contacts.models import ContactImport, ContactMerge, ImportedContact, ImportState
from rapport.contacts.parsing import (
    Contact,
    ContactsFileError,
    name_key,
    parse_bytes,
)
from rapport.contacts.parsing.merge import combine
from rapport.core.errors import Conflict, NotFound
from rapport.core.memory import cycle_collector_paused

logger = logging.getLogger(__name__)

BACKGROUND_BYTES = 256 * 1024  # about 2,000 LinkedIn rows: bigger files are read in a job
BACKGROUND_CONTACTS = 1000  # more contacts than this are written in a job
CHUNK = 250
_FIELDS = (
    "name",
    "first_name",
    "last_name",
    "emails",
    "company",
    "title",
    "url",
    "connected_on",
    "labels",
)
_LISTS = ("emails", "labels")


def _enqueue(task_name: str, import_id: int) -> None:
    from rapport.contacts import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(import_id))


def import_start(*, owner: User, file_name: str, data: bytes) -> ContactImport:
    """Accept an upload. A small file is read now and refused now (nothing is stored);
    a big one is kept and read by a job, and its import shows the refusal if any."""
    file_name = file_name[-255:]
    if len(data) > BACKGROUND_BYTES:
        with transaction.atomic():
            found = ContactImport.objects.create(owner=owner, file_name=file_name, upload=data)
            _enqueue("contacts_read", found.pk)
        return found
    result = parse_bytes(data)  # raises ContactsFileError: nothing written
    with transaction.atomic():
        return ContactImport.objects.create(
            owner=owner,
            file_name=file_name,
            format=result.format,
            state=ImportState.PREVIEW,
            parsed=_parsed_json(result.originals, result.as_json()),
            total=len(result.originals),
        )


def _parsed_json(originals: list[Contact], summary: dict[str, Any]) -> dict[str, Any]:
    # Both lists are kept: the originals are what confirming writes (each merge recorded,
    # so it can be undone), the merged contacts are what the preview shows, read as they
    # are instead of merging 10,000 contacts again on every visit to the preview.
    return {
        "originals": [c.as_json() for c in originals],
        "contacts": summary["contacts"],
        "merges": summary["merges"],
        "skipped": summary["skipped"],
        "count": len(summary["contacts"]),
    }


def import_read(*, import_id: int) -> ContactImport | None:
    """Read a stored upload (the job's half of `import_start`). Safe to run twice.

    The result is written by a conditional update from "parsing": of two readers at
    once (the job and the command line, or a retried job), one wins and the other
    changes nothing, and an import cancelled meanwhile stays cancelled.
    """
    found = ContactImport.objects.filter(pk=import_id, state=ImportState.PARSING).first()
    if found is None:
        return None
    data = bytes(found.upload or b"")
    try:
        with cycle_collector_paused():
            result = parse_bytes(data, parallel=True)  # the job worker runs no threads
            parsed = _parsed_json(result.originals, result.as_json())
    except ContactsFileError as exc:
        failed: dict[str, Any] = {
            "error_code": exc.code,
            "error_message": exc.message,
            "error_line": exc.line,
        }
    except Exception:  # a bug must not leave the member's import "reading" for ever
        logger.exception("contacts: reading import %s failed", import_id)
        failed = {
            "error_code": "contacts.read_failed",
            "error_message": "This file could not be read. Try exporting it again.",
            "error_line": None,
        }
    else:
        with cycle_collector_paused():  # the JSON of every contact, written
            ContactImport.objects.filter(pk=import_id, state=ImportState.PARSING).update(
                format=result.format,
                parsed=parsed,
                total=len(result.originals),
                state=ImportState.PREVIEW,
                upload=None,
            )
        return _reread(import_id)
    ContactImport.objects.filter(pk=import_id, state=ImportState.PARSING).update(
        state=ImportState.FAILED, upload=None, finished_at=timezone.now(), **failed
    )
    return _reread(import_id)


def _reread(import_id: int) -> ContactImport | None:
    with cycle_collector_paused():
        return ContactImport.objects.filter(pk=import_id).defer("upload").first()


def import_confirm(*, owner: User, import_id: int) -> ContactImport:
    """Write a previewed import: now when small, in a job (with a progress bar) when big."""
    with transaction.atomic():
        found = ContactImport.objects.select_for_update().filter(owner=owner, pk=import_id).first()
        if found is None:
            raise NotFound("No such import.", code="contacts.import_not_found")
        if found.state != ImportState.PREVIEW:
            raise Conflict(
                f"This import is {found.get_state_display().lower()}; "
                "only a preview can be confirmed.",
                code="contacts.import_not_ready",
            )
        found.state = ImportState.IMPORTING
        found.done = 0
        found.save(update_fields=["state", "done"])
        if found.total > BACKGROUND_CONTACTS:
            _enqueue("contacts_write", found.pk)
            return found
    return import_commit(import_id=found.pk) or found


def import_cancel(*, owner: User, import_id: int) -> ContactImport:
    """Stop an import. Before writing, nothing was added; while it is being written
    (a job that died for good leaves it there), everything it wrote is taken back —
    its new contacts removed, its merges into older ones undone — so an import is all
    or nothing for the member, as reading it was."""
    with transaction.atomic():
        found = ContactImport.objects.select_for_update().filter(owner=owner, pk=import_id).first()
        if found is None:
            raise NotFound("No such import.", code="contacts.import_not_found")
        if found.state not in (ImportState.PREVIEW, ImportState.PARSING, ImportState.IMPORTING):
            raise Conflict(
                "Only an import that is not finished can be cancelled.",
                code="contacts.import_not_ready",
            )
        writing = found.state == ImportState.IMPORTING
        found.state = ImportState.CANCELLED
        found.parsed = None
        found.upload = None
        found.finished_at = timezone.now()
        found.save(update_fields=["state", "parsed", "upload", "finished_at"])
        if writing:
            # Newest first, so each undo finds its contact as that merge left it.
            for merge_id in (
                ContactMerge.objects.filter(source=found)
                .order_by("-pk")
                .values_list("pk", flat=True)
            ):
                merge_undo(owner=owner, merge_id=merge_id)
            # Its new contacts go, except those a later import has merged into since
            # (a stuck import, the file uploaded again): they are that import's too.
            merged_later = ContactMerge.objects.filter(kept=OuterRef("pk")).exclude(source=found)
            ImportedContact.objects.filter(owner=owner, source=found).exclude(
                Exists(merged_later)
            ).delete()
    return found


class _Book:
    """The owner's contacts keyed by e-mail and by name plus company, for merging."""

    def __init__(self, owner: User):
        self.by_key: dict[str, ImportedContact] = {}
        for contact in ImportedContact.objects.filter(owner=owner).order_by("pk"):
            self.remember(contact)

    def remember(self, contact: ImportedContact) -> None:
        for email in contact.emails:
            self.by_key.setdefault("e:" + email, contact)
        if contact.name_key:
            self.by_key.setdefault("n:" + contact.name_key, contact)

    def find(self, incoming: Contact) -> tuple[ImportedContact | None, str]:
        for email in incoming.emails:
            if ("e:" + email) in self.by_key:
                return self.by_key["e:" + email], "email"
        key = name_key(incoming)
        if key is not None and ("n:" + key) in self.by_key:
            return self.by_key["n:" + key], "name_company"
        return None, ""


def _as_contact(row: ImportedContact) -> Contact:
    return Contact(
        name=row.name,
        first_name=row.first_name,
        last_name=row.last_name,
        emails=list(row.emails),
        company=row.company,
        title=row.title,
        url=row.url,
        connected_on=row.connected_on,
        labels=list(row.labels),
    )


def _apply(row: ImportedContact, contact: Contact) -> None:
    for f in _FIELDS:
        setattr(row, f, list(getattr(contact, f)) if f in _LISTS else getattr(contact, f))
    row.email = contact.emails[0] if contact.emails else ""
    row.name_key = name_key(contact) or ""


def _snapshot(contact: Contact) -> dict[str, Any]:
    data = contact.as_json()
    data.pop("line", None)
    return data


def import_commit(
    *, import_id: int, on_chunk: Callable[[int], object] | None = None
) -> ContactImport | None:
    """Write the import's contacts chunk by chunk, merging into the owner's book.

    Each chunk, its merges and the progress counter commit together; run again
    after a stop, it resumes at `done`.
    """
    found = ContactImport.objects.filter(pk=import_id, state=ImportState.IMPORTING).first()
    if found is None:
        return None
    owner = found.owner
    originals = [Contact.from_json(c) for c in (found.parsed or {}).get("originals", [])]
    book = _Book(owner)
    while found.done < len(originals):
        with transaction.atomic():
            found = ContactImport.objects.select_for_update().get(pk=import_id)
            if found.state != ImportState.IMPORTING:
                return found  # cancelled meanwhile: the cancel took back what was written
            chunk = originals[found.done : found.done + CHUNK]
            added = merged = 0
            for incoming in chunk:
                kept, reason = book.find(incoming)
                if kept is None:
                    row = ImportedContact(owner=owner, source=found)
                    _apply(row, incoming)
                    row.save()
                    book.remember(row)
                    added += 1
                    continue
                before = _as_contact(kept)
                after = _as_contact(kept)
                combine(after, incoming)
                _apply(kept, after)
                kept.save()
                book.remember(kept)
                ContactMerge.objects.create(
                    owner=owner,
                    kept=kept,
                    source=found,
                    reason=reason,
                    before=_snapshot(before),
                    incoming=_snapshot(incoming),
                )
                merged += 1
            found.done += len(chunk)
            found.added += added
            found.merged += merged
            found.save(update_fields=["done", "added", "merged"])
        if on_chunk is not None:
            on_chunk(len(chunk))  # the command line's tqdm bar
    # Done only if still importing: a cancel after the last chunk took it all back.
    # The contacts are in the book now; the preview is not kept.
    ContactImport.objects.filter(pk=import_id, state=ImportState.IMPORTING).update(
        state=ImportState.DONE, finished_at=timezone.now(), parsed=None
    )
    return ContactImport.objects.filter(pk=import_id).defer("upload", "parsed").first()


def merge_undo(*, owner: User, merge_id: int) -> ImportedContact:
    """Split a merge: the folded-in contact comes back on its own, and the kept one loses
    exactly what that merge gave it (e-mails it did not have, fields that were blank)."""
    with transaction.atomic():
        merge = (
            ContactMerge.objects.select_for_update()
            .filter(owner=owner, pk=merge_id)
            .select_related("kept")
            .first()
        )
        if merge is None:
            raise NotFound("No such merge.", code="contacts.merge_not_found")
        kept, before, incoming = (
            merge.kept,
            Contact.from_json(merge.before),
            Contact.from_json(merge.incoming),
        )
        current = _as_contact(kept)
        current.emails = [
            e for e in current.emails if e in before.emails or e not in incoming.emails
        ]
        current.labels = [
            x for x in current.labels if x in before.labels or x not in incoming.labels
        ]
        for f in ("first_name", "last_name", "company", "title", "url"):
            if not getattr(before, f) and getattr(current, f) == getattr(incoming, f):
                setattr(current, f, "")
        if (
            before.connected_on != current.connected_on
            and current.connected_on == incoming.connected_on
        ):
            current.connected_on = before.connected_on
        _apply(kept, current)
        kept.save()
        restored = ImportedContact(owner=owner, source=merge.source)
        _apply(restored, incoming)
        restored.save()
        merge.delete()
    return restored


def contact_delete(*, owner: User, contact_id: int) -> None:
    deleted, _ = ImportedContact.objects.filter(owner=owner, pk=contact_id).delete()
    if not deleted:
        raise NotFound("No such contact.", code="contacts.not_found")


def contacts_delete_all(*, owner: User) -> int:
    """Every imported contact, merge and import of the member, gone."""
    with transaction.atomic():
        count = ImportedContact.objects.filter(owner=owner).count()
        ContactMerge.objects.filter(owner=owner).delete()
        ImportedContact.objects.filter(owner=owner).delete()
        ContactImport.objects.filter(owner=owner).delete()
    return count
