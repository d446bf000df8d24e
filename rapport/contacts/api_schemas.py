"""Shapes of the contacts API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rapport.contacts.models import ContactImport
from rapport.contacts.selectors import Row
from rapport.core.api_schemas import Id, PageQuery, StrictInput


class ImportErrorOut(Schema):
    code: str
    message: str
    line: int | None


class MergeOut(Schema):
    name: str
    lines: list[int | None]
    reason: str


class ImportOut(Schema):
    id: int
    file_name: str
    format: str = Field(description="linkedin, google, outlook or vcard; empty while reading.")
    state: str = Field(description="parsing, preview, importing, done, failed or cancelled.")
    total: int = Field(description="Entries read from the file, before merging duplicates.")
    done: int
    percent: int
    added: int
    merged: int
    merges: list[MergeOut] = Field(description="Duplicates within the file (in the preview).")
    error: ImportErrorOut | None
    created_at: dt.datetime


def import_out(found: ContactImport) -> dict[str, Any]:
    parsed = found.parsed or {}
    return {
        "id": found.pk,
        "file_name": found.file_name,
        "format": found.format,
        "state": found.state,
        "total": found.total,
        "done": found.done,
        "percent": found.percent,
        "added": found.added,
        "merged": found.merged,
        "merges": parsed.get("merges", []),
        "error": (
            {"code": found.error_code, "message": found.error_message, "line": found.error_line}
            if found.error_code
            else None
        ),
        "created_at": found.created_at,
    }


class MatchOut(Schema):
    handle: str
    name: str


class ContactOut(Schema):
    id: int
    name: str
    emails: list[str]
    company: str
    title: str
    url: str
    connected_on: dt.date | None
    status: Literal["connected", "member", "none"]
    member: MatchOut | None


def contact_out(row: Row) -> dict[str, Any]:
    c = row.contact
    return {
        "id": c.pk,
        "name": c.name,
        "emails": c.emails,
        "company": c.company,
        "title": c.title,
        "url": c.url,
        "connected_on": c.connected_on,
        "status": row.status,
        "member": {"handle": row.match.member.handle, "name": row.match.member.display_name}
        if row.match
        else None,
    }


class ContactsQuery(PageQuery):
    status: Literal["", "connected", "member", "none"] = Field("", description="Filter by match.")
    q: str = Field("", max_length=100, description="Part of a name or company.")


class InviteIn(StrictInput):
    contact_ids: list[Id] = Field(min_length=1, max_length=500)
    join: bool = Field(
        False, description="E-mail non-members an invitation to join (if the site allows)."
    )


class InviteOut(Schema):
    sent: list[str]
    waiting: list[str]
    refused: list[dict[str, str]]
    not_members: int
    can_now: int
    next_at: dt.datetime | None
    joins_sent: int
    summary: str


class DeletedOut(Schema):
    deleted: int
