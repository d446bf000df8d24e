"""LinkedIn, Google Contacts and Outlook CSV, told apart by their header row.

Python's `csv` reads the rows; this module only knows which column means what
in each exporter's header, in every era we have seen.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from rapport.contacts.parsing.model import Contact, ContactsFileError, Format
from rapport.core.text import clean_line, spreadsheet_text

HEADER_SEARCH_ROWS = 12  # LinkedIn's "Notes:" preamble is three rows; nobody else has one
GOOGLE_SEPARATOR = " ::: "
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_GOOGLE_EMAIL = re.compile(r"^e-mail \d+ - value$")
_OUTLOOK_EMAIL = re.compile(r"^e-mail( \d+)? address$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def detect(header: list[str]) -> Format | None:
    names = {clean_line(h).lower() for h in header}
    if {"first name", "last name", "connected on"} <= names:
        return "linkedin"
    if any(_GOOGLE_EMAIL.match(n) for n in names) or {"given name", "family name"} <= names:
        return "google"
    if "e-mail address" in names and ({"job title", "company"} & names):
        return "outlook"
    return None


def parse_date(value: str) -> dt.date | None:
    """LinkedIn's `08 Feb 2026` (and its older `2/8/26`, ISO); unknown dates are dropped."""
    value = value.strip()
    parts = value.split()
    if len(parts) == 3 and parts[1][:3].lower() in _MONTHS:
        try:
            return dt.date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
        except ValueError:
            return None
    for fmt in ("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value.split(",")[0], fmt).date()
        except ValueError:
            continue
    return None


def emails_of(*values: str) -> list[str]:
    """Trimmed, lowercased, each once, in order; things that are not addresses are left out."""
    seen: list[str] = []
    for value in values:
        for part in value.split(GOOGLE_SEPARATOR.strip()):
            email = part.strip().lower()
            if email and _EMAIL.match(email) and email not in seen:
                seen.append(email)
    return seen


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line of the row, fields), with the line where a broken quote opened."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # A quote never closed swallows the rest of the file: at its end ("end of
            # data"), or earlier once the field outgrows csv's limit (131,072 characters).
            if any(s in str(exc) for s in ("end of data", "unexpected end", "field limit")):
                too_long = " (or it holds over 131,072 characters)" * ("limit" in str(exc))
                raise ContactsFileError(
                    f"A quoted field opened on line {start} is never closed{too_long}; "
                    "the file is cut off or was edited by hand.",
                    code="contacts.unterminated_quote",
                    line=start,
                ) from exc
            raise ContactsFileError(
                f"Line {reader.line_num} is not valid CSV ({exc}).",
                code="contacts.bad_csv",
                line=reader.line_num,
            ) from exc
        yield start, row
        start = reader.line_num + 1


def parse_csv(text: str) -> tuple[Format, list[Contact], int, int]:
    """(format, contacts in file order, hidden rows skipped, empty rows skipped)."""
    rows = _rows(text)
    header: list[str] | None = None
    kind: Format | None = None
    for index, (_, row) in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            break
        if row and (kind := detect(row)) is not None:
            header = [clean_line(h).lower() for h in row]
            break
    if kind is None or header is None:
        raise ContactsFileError(
            "This is not a file we know: upload LinkedIn's Connections.csv (or its .zip), "
            "a Google Contacts or Outlook CSV export, or a .vcf file.",
            code="contacts.unknown_format",
        )
    reader = {"linkedin": _linkedin, "google": _google, "outlook": _outlook}[kind]
    contacts: list[Contact] = []
    hidden = empty = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        # A cell written formula-safe (ours, or a spreadsheet's) reads as its text.
        record = dict(zip(header, map(spreadsheet_text, row), strict=False))
        contact = reader(record, header)
        if contact is None:
            if kind == "linkedin" and record.get("connected on", "").strip():
                hidden += 1  # a hidden profile: LinkedIn gives only the date
            else:
                empty += 1
            continue
        contact.line = line
        contacts.append(contact)
    return kind, contacts, hidden, empty


def _person(first: str, last: str, full: str = "") -> tuple[str, str, str]:
    first, last = clean_line(first), clean_line(last)
    name = clean_line(full) or clean_line(f"{first} {last}")
    return name, first, last


def _linkedin(r: dict[str, str], header: list[str]) -> Contact | None:
    name, first, last = _person(r.get("first name", ""), r.get("last name", ""))
    emails = emails_of(r.get("email address", ""))
    if not name and not emails:
        return None
    return Contact(
        name=name or emails[0],
        first_name=first,
        last_name=last,
        emails=emails,
        company=clean_line(r.get("company", "")),
        title=clean_line(r.get("position", "")),
        url=clean_line(r.get("url", "") or r.get("profile url", "")),
        connected_on=parse_date(r.get("connected on", "")),
    )


def _google(r: dict[str, str], header: list[str]) -> Contact | None:
    first = r.get("first name", "") or r.get("given name", "")
    last = r.get("last name", "") or r.get("family name", "")
    name, first, last = _person(first, last, r.get("name", ""))
    emails = emails_of(*(r.get(h, "") for h in header if _GOOGLE_EMAIL.match(h)))
    if not name and not emails:
        return None
    labels_cell = r.get("labels", "") or r.get("group membership", "")
    labels = [
        clean_line(lab).lstrip("* ")
        for lab in labels_cell.split(GOOGLE_SEPARATOR.strip())
        if clean_line(lab) and "mycontacts" not in lab.lower().replace(" ", "")
    ]
    return Contact(
        name=name or emails[0],
        first_name=first,
        last_name=last,
        emails=emails,
        company=clean_line(r.get("organization name", "") or r.get("organization 1 - name", "")),
        title=clean_line(r.get("organization title", "") or r.get("organization 1 - title", "")),
        url=clean_line(r.get("website 1 - value", "").split(GOOGLE_SEPARATOR.strip())[0]),
        labels=labels,
    )


def _outlook(r: dict[str, str], header: list[str]) -> Contact | None:
    name, first, last = _person(r.get("first name", ""), r.get("last name", ""))
    if not name:
        name = clean_line(r.get("e-mail display name", "").split("(")[0])
    emails = emails_of(*(r.get(h, "") for h in header if _OUTLOOK_EMAIL.match(h)))
    if not name and not emails:
        return None
    return Contact(
        name=name or emails[0],
        first_name=first,
        last_name=last,
        emails=emails,
        company=clean_line(r.get("company", "")),
        title=clean_line(r.get("job title", "")),
        url=clean_line(r.get("web page", "")),
    )
