"""vCard 2.1, 3.0 and 4.0 through `vobject` (Apache-2.0); we only prepare what it does not.

`vobject` unfolds lines, decodes quoted-printable and charsets and unescapes
values. Two things are done first: vCard 2.1's quoted-printable soft line
breaks (`=` at the end of a line) are joined, which `vobject` does not, and
every BEGIN is checked for its END so a cut-off file names the line.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor

import vobject
from vobject.base import ParseError as VobjectParseError

from rapport.contacts.parsing.csv_formats import emails_of
from rapport.contacts.parsing.model import Contact, ContactsFileError
from rapport.core.text import clean_line

_READ = frozenset({"BEGIN", "END", "VERSION", "FN", "N", "EMAIL", "ORG", "TITLE", "URL"})
_QP = re.compile(r"ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE[;:]", re.IGNORECASE)


def looks_like_vcard(text: str) -> bool:
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.strip().upper() == "BEGIN:VCARD"
    return False


def _name(line: str) -> str | None:
    """The property a line starts (`item1.EMAIL;TYPE=work:…` → EMAIL); None without a colon."""
    head, colon, _ = line.partition(":")
    if not colon:
        return None
    return head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()


def _prepare(text: str) -> tuple[list[str], list[int]]:
    """Physical lines → lines with QP soft breaks joined, and each one's first line number.

    Properties we never read (PHOTO, ADR, TEL, NOTE, X-…) are left out with their folded
    lines before `vobject` sees the card: a phone's export is mostly base64 photos, and
    `vobject` builds an object per line. A line without a colon is kept, so `vobject`
    still refuses it.
    """
    lines = text.splitlines()
    out: list[str] = []
    numbers: list[int] = []
    keeping = True
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        if line[:1] in (" ", "\t"):  # a folded continuation of the line before
            if keeping:
                out.append(line)
                numbers.append(number)
            i += 1
            continue
        name = _name(line)
        if name is not None and _QP.search(line.split(":", 1)[0] + ":"):
            while line.endswith("=") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + lines[i]
        keeping = name is None or name in _READ
        if keeping:
            out.append(line)
            numbers.append(number)
        i += 1
    return out, numbers


def _check_balanced(lines: list[str], numbers: list[int]) -> None:
    open_at: int | None = None
    for line, number in zip(lines, numbers, strict=True):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if open_at is not None:
                raise _unclosed(open_at)
            open_at = number
        elif word == "END:VCARD":
            if open_at is None:
                raise ContactsFileError(
                    f"Line {number} ends a vCard that never began.",
                    code="contacts.vcard_unbalanced",
                    line=number,
                )
            open_at = None
    if open_at is not None:
        raise _unclosed(open_at)


def _unclosed(line: int) -> ContactsFileError:
    return ContactsFileError(
        f"The vCard that begins on line {line} has no END:VCARD; the file is cut off.",
        code="contacts.vcard_unclosed",
        line=line,
    )


# From this many cards on, the cards are read by several processes at once: vobject
# builds an object per line, and 10,000 cards took about 2 s in one process here.
PARALLEL_FROM = 2000
_WORKERS = max(1, min(4, os.cpu_count() or 1))


def parse_vcards(text: str, *, parallel: bool = False) -> list[Contact]:
    lines, numbers = _prepare(text)
    _check_balanced(lines, numbers)
    begins = [i for i, line in enumerate(lines) if line.strip().upper() == "BEGIN:VCARD"]
    if not parallel or len(begins) < PARALLEL_FROM or _WORKERS < 2:
        return _unwrap(_read(lines, numbers))
    # Whole cards per process, in file order; the first part also takes anything before
    # the first card, so what vobject refuses is refused as in one pass.
    step = -(-len(begins) // _WORKERS)
    cuts = [0, *(begins[i] for i in range(step, len(begins), step)), len(lines)]
    parts = [(lines[a:b], numbers[a:b]) for a, b in itertools.pairwise(cuts)]
    # Forked (the parent's modules are already loaded), and only for reading: the
    # children touch no database and return plain data or the refusal.
    # This process reads the first part while the others read the rest.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=context) as pool:
        others = pool.map(_read, *zip(*parts[1:], strict=True))
        results = [_read(*parts[0]), *others]
    contacts: list[Contact] = []
    for result in results:
        contacts.extend(_unwrap(result))
    return contacts


_Refusal = tuple[str, str, "int | None"]


def _unwrap(result: list[Contact] | _Refusal) -> list[Contact]:
    if isinstance(result, tuple):
        message, code, line = result
        raise ContactsFileError(message, code=code, line=line)
    return result


def _read(lines: list[str], numbers: list[int]) -> list[Contact] | _Refusal:
    """The cards in these lines, or why they cannot be read (as plain data, so a worker
    process can send it back)."""
    starts = [
        n for line, n in zip(lines, numbers, strict=True) if line.strip().upper() == "BEGIN:VCARD"
    ]
    contacts: list[Contact] = []
    try:
        for index, card in enumerate(vobject.readComponents("\r\n".join(lines) + "\r\n")):
            contact = _contact(card)
            if contact is not None:
                contact.line = starts[index] if index < len(starts) else None
                contacts.append(contact)
    except VobjectParseError as exc:
        line = _line_of(str(getattr(exc, "msg", "")), lines, numbers)
        message = (
            f"Line {line}: this vCard line cannot be read."
            if line
            else "This vCard cannot be read."
        )
        return (message, "contacts.bad_vcard", line)
    except (UnicodeError, LookupError, ValueError, TypeError, AttributeError):
        # LookupError: a CHARSET parameter naming no codec Python knows.
        return (
            "This vCard cannot be read: a value has an encoding we cannot decode.",
            "contacts.bad_vcard",
            None,
        )
    return contacts


def _line_of(message: str, lines: list[str], numbers: list[int]) -> int | None:
    """vobject's own line numbers count oddly; find the line it quotes instead."""
    prefix = "Failed to parse line: "
    if not message.startswith(prefix):
        return None
    quoted = message[len(prefix) :]
    for line, number in zip(lines, numbers, strict=True):
        if line and quoted.startswith(line.rstrip()):
            return number
    return None


def _text(value: object) -> str:
    if isinstance(value, list):
        return clean_line(" ".join(str(v) for v in value if v))
    return clean_line(str(value or ""))


def _contact(card: object) -> Contact | None:
    contents: dict[str, list[object]] = getattr(card, "contents", {})

    def first(key: str) -> object:
        items = contents.get(key)
        return items[0].value if items else ""  # type: ignore[attr-defined]

    first_name = last_name = ""
    n = first("n")
    if n:
        first_name = _text(getattr(n, "given", ""))
        last_name = _text(getattr(n, "family", ""))
    name = _text(first("fn")) or clean_line(f"{first_name} {last_name}")
    emails = emails_of(*(str(e.value) for e in contents.get("email", [])))  # type: ignore[attr-defined]
    if not name and not emails:
        return None
    org = first("org")
    company = _text(org[0]) if isinstance(org, list) and org else _text(org)
    return Contact(
        name=name or emails[0],
        first_name=first_name,
        last_name=last_name,
        emails=emails,
        company=company,
        title=_text(first("title")),
        url=_text(first("url")),
    )
