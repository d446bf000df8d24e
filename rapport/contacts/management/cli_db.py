"""The database half of `rapport contacts`: import with a tqdm bar, export by format."""

from __future__ import annotations

from typing import IO, Any

from tqdm import tqdm

from rapport.contacts import selectors
from rapport.contacts.models import ContactImport, ImportState
from rapport.contacts.parsing import ContactsFileError
from rapport.contacts.services import imports
from rapport.contacts.writing import WRITERS
from rapport.members.selectors import member_by_handle


def _member(handle: str) -> Any:
    member = member_by_handle(handle)
    if member is None:
        raise ContactsFileError(
            f"No member with the handle {handle!r}.", code="contacts.no_such_member"
        )
    return member


def import_file(handle: str, data: bytes, err: IO[str] | Any) -> dict[str, Any]:
    """Read the file (refused whole if bad), then write it chunk by chunk under a progress bar."""
    member = _member(handle)
    found = imports.import_start(owner=member, file_name="(command line)", data=data)
    if found.state == ImportState.PARSING:
        found = imports.import_read(import_id=found.pk) or found
    if found.state == ImportState.FAILED:
        raise ContactsFileError(found.error_message, code=found.error_code, line=found.error_line)
    # From preview to importing by a conditional update: the command line writes the
    # file itself (under its progress bar), and nothing else may have taken it.
    if not ContactImport.objects.filter(pk=found.pk, state=ImportState.PREVIEW).update(
        state=ImportState.IMPORTING
    ):
        raise ContactsFileError(
            "This import was taken over or cancelled meanwhile.", code="contacts.import_not_ready"
        )
    found.refresh_from_db(fields=["state"])
    bar = tqdm(total=found.total, unit="contact", file=getattr(err, "_out", err), disable=None)
    originals = found.total
    try:
        done = imports.import_commit(import_id=found.pk, on_chunk=bar.update)
    finally:
        bar.close()
    assert done is not None
    return {
        "import": done.pk,
        "format": done.format,
        "read": originals,
        "added": done.added,
        "merged": done.merged,
        "contacts": selectors.contacts_of(member).count(),
    }


def export(handle: str, fmt: str) -> str:
    return WRITERS[fmt](selectors.connections_as_contacts(_member(handle)))
