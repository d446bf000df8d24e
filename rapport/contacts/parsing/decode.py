"""From uploaded bytes to text: the LinkedIn .zip, byte-order marks, UTF-16, Windows-1252, limits.

Every refusal here happens before anything is parsed, so a bad file never
gets half-way into a member's contacts.
"""

from __future__ import annotations

import io
import re
import zipfile

from rapport.contacts.parsing.model import ContactsFileError

MAX_BYTES = 20 * 1024 * 1024  # 10,000 LinkedIn rows are about 1.5 MB; Outlook with notes more
MAX_LINE_CHARS = (
    64 * 1024
)  # no real address-book line comes near; a 2 MB line is an attack or a mistake
ZIP_MAGIC = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def from_zip(data: bytes) -> bytes:
    """`Connections.csv` from LinkedIn's data-export archive (wherever it sits inside)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ContactsFileError(
            "This .zip file is damaged; download the export again.", code="contacts.bad_zip"
        ) from exc
    for info in infos:
        if info.filename.rsplit("/", 1)[-1].lower() == "connections.csv":
            if info.file_size > MAX_BYTES:
                raise _too_large(info.file_size)
            try:
                with archive.open(info) as handle:
                    content = handle.read(MAX_BYTES + 1)
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                raise ContactsFileError(
                    "Connections.csv in this .zip cannot be read (damaged or encrypted).",
                    code="contacts.bad_zip",
                ) from exc
            if len(content) > MAX_BYTES:
                raise _too_large(len(content))
            return content
    raise ContactsFileError(
        "This .zip has no Connections.csv. Upload LinkedIn's data export, or the CSV itself.",
        code="contacts.zip_without_connections",
    )


def _too_large(size: int) -> ContactsFileError:
    return ContactsFileError(
        f"The file is {size / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB. "
        "Split it, or export fewer contacts at a time.",
        code="contacts.too_large",
    )


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII text leaves a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.6 and even < half * 0.1:
        return "utf-16-le"
    if even > half * 0.6 and odd < half * 0.1:
        return "utf-16-be"
    return None


def to_text(data: bytes) -> str:
    """Decode an address book: UTF-8 (with or without BOM), UTF-16, else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    if data.startswith(ZIP_MAGIC):
        data = from_zip(data)
    if not data.strip():
        raise ContactsFileError("The file is empty.", code="contacts.empty")
    text: str | None = None
    if data.startswith(b"\xef\xbb\xbf"):
        text = _decode(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16")
    elif (guess := _looks_utf16(data)) is not None:
        text = _decode(data, guess)
    elif b"\x00" in data:
        raise _binary()
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on Windows saves CSV as Windows-1252; its five unassigned bytes mean latin-1.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    head = text[:8192]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise _binary()
    _check_lines(text)
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ContactsFileError(
            f"The file says it is {encoding.upper()} but is not; save it again as UTF-8.",
            code="contacts.bad_encoding",
        ) from exc


def _binary() -> ContactsFileError:
    return ContactsFileError(
        "This is not a text file. Upload a .csv, a .vcf or LinkedIn's .zip export.",
        code="contacts.binary",
    )


def _check_lines(text: str) -> None:
    start = 0
    number = 1
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end == -1:
            end = length
        if end - start > MAX_LINE_CHARS:
            raise ContactsFileError(
                f"Line {number} is {end - start:,} characters long; the limit is "
                f"{MAX_LINE_CHARS:,}. This does not look like an address book.",
                code="contacts.line_too_long",
                line=number,
            )
        start = end + 1
        number += 1
