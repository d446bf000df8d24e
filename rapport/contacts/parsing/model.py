"""What a parsed address book is made of, independent of the file it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from rapport.core.errors import ValidationFailed

Format = Literal["linkedin", "google", "outlook", "vcard"]
FORMATS: tuple[Format, ...] = ("linkedin", "google", "outlook", "vcard")


class ContactsFileError(ValidationFailed):
    """A file we refuse as a whole: nothing of it is imported (all-or-nothing).

    `code` is stable (`contacts.<reason>`); `line` is the 1-based line of the
    problem where the file has lines and the problem has a place.
    """

    status = 400

    def __init__(self, message: str, *, code: str, line: int | None = None):
        super().__init__(message, code=code)
        self.line = line

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "line": self.line}


@dataclass
class Contact:
    """One person as an address book describes them; e-mails lowercased and trimmed."""

    name: str
    first_name: str = ""
    last_name: str = ""
    emails: list[str] = field(default_factory=list)
    company: str = ""
    title: str = ""
    url: str = ""
    connected_on: dt.date | None = None
    labels: list[str] = field(default_factory=list)
    line: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "emails": list(self.emails),
            "company": self.company,
            "title": self.title,
            "url": self.url,
            "connected_on": self.connected_on.isoformat() if self.connected_on else None,
            "labels": list(self.labels),
            "line": self.line,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contact:
        when = data.get("connected_on")
        return cls(
            name=data["name"],
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            emails=list(data.get("emails", [])),
            company=data.get("company", ""),
            title=data.get("title", ""),
            url=data.get("url", ""),
            connected_on=dt.date.fromisoformat(when) if when else None,
            labels=list(data.get("labels", [])),
            line=data.get("line"),
        )


@dataclass
class Merge:
    """Contacts of one file found to be one person: what was kept and why."""

    kept: Contact
    lines: list[int | None]
    reason: Literal["email", "name_company"]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.kept.name, "lines": self.lines, "reason": self.reason}


@dataclass
class ParseResult:
    format: Format
    contacts: list[Contact]
    merges: list[Merge] = field(default_factory=list)
    skipped_hidden: int = 0
    skipped_empty: int = 0
    # Every contact as read, before merging, so an import can record (and undo) each merge.
    originals: list[Contact] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "contacts": [c.as_json() for c in self.contacts],
            "merges": [m.as_json() for m in self.merges],
            "skipped": {"hidden": self.skipped_hidden, "empty": self.skipped_empty},
        }
