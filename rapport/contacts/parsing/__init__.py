"""Reading address books without touching the database: bytes in, contacts (or one refusal) out."""

from __future__ import annotations

from rapport.contacts.parsing.csv_formats import parse_csv
from rapport.contacts.parsing.decode import MAX_BYTES, MAX_LINE_CHARS, to_text
from rapport.contacts.parsing.merge import merge_duplicates, name_key
from rapport.contacts.parsing.model import (
    FORMATS,
    Contact,
    ContactsFileError,
    Format,
    Merge,
    ParseResult,
)
from rapport.contacts.parsing.vcard import looks_like_vcard, parse_vcards

MAX_CONTACTS = 50_000


def parse_bytes(data: bytes, *, parallel: bool = False) -> ParseResult:
    """Detect the format from the content and read every contact, duplicates merged.

    `parallel` lets a big vCard be read by forked processes: only for callers that
    run no other threads (the job worker, the command line), never a web request,
    where forking a threaded server process could leave a lock held in the child.

    Raises `ContactsFileError` for any problem; it then says nothing about the
    rest of the file, because an import is all-or-nothing.
    """
    text = to_text(data)
    hidden = empty = 0
    fmt: Format
    if looks_like_vcard(text):
        fmt, contacts = "vcard", parse_vcards(text, parallel=parallel)
    else:
        fmt, contacts, hidden, empty = parse_csv(text)
    if len(contacts) > MAX_CONTACTS:
        raise ContactsFileError(
            f"The file has {len(contacts):,} contacts; the limit is {MAX_CONTACTS:,} at a time.",
            code="contacts.too_many",
        )
    kept, merges = merge_duplicates(contacts)
    return ParseResult(
        fmt, kept, merges, skipped_hidden=hidden, skipped_empty=empty, originals=contacts
    )


__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_CONTACTS",
    "MAX_LINE_CHARS",
    "Contact",
    "ContactsFileError",
    "Format",
    "Merge",
    "ParseResult",
    "merge_duplicates",
    "name_key",
    "parse_bytes",
]
