"""Shapes of the contacts API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rapport.contacts.models import ContactImport, ContactMerge
from rapport.contacts.selectors import Preview, Row
from rapport.core.api_schemas import Id, PageQuery, StrictInput


class ImportErrorOut(Schema):
    code: str
    message: str
    line: int | None


class MergeOut(Schema):
    name: str
    lines: list[int | None]
    reason: str


class ImportBriefOut(Schema):
    """An import in the list of one's imports."""

    id: int
    file_name: str
    format: str
    state: str
    total: int
    done: int
    percent: int
    added: int
    merged: int
    error: ImportErrorOut | None
    created_at: dt.datetime


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


def import_out(found: ContactImport, *, merges: bool = True) -> dict[str, Any]:
    parsed = (found.parsed or {}) if merges else {}
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
    labels: list[str] = Field(description="The groups the address book put them in.")
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
        "labels": c.labels,
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
    joins_waiting: int = Field(description="Join e-mails the week's allowance holds back.")
    joins_next_at: dt.datetime | None
    summary: str


class DeletedOut(Schema):
    deleted: int


class PreviewRowOut(Schema):
    name: str
    emails: list[str]
    company: str
    title: str
    status: Literal["connected", "member", "none"]
    member: MatchOut | None


class PreviewOut(Schema):
    """A previewed import as its page shows it: duplicates merged, each with its match."""

    total: int = Field(description="People in the file once duplicates are merged.")
    counts: dict[str, int] = Field(description="People by status: connected, member, none.")
    items: list[PreviewRowOut]
    page: int
    size: int
    pages: int


def preview_out(preview: Preview, *, page: int, size: int) -> dict[str, Any]:
    return {
        "total": preview.total,
        "counts": preview.counts,
        "items": [
            {
                "name": c.name,
                "emails": c.emails,
                "company": c.company,
                "title": c.title,
                "status": m.status if m else "none",
                "member": {"handle": m.member.handle, "name": m.member.display_name} if m else None,
            }
            for c, m in preview.rows
        ],
        "page": page,
        "size": size,
        "pages": max(1, -(-preview.total // size)),
    }


class ContactRefOut(Schema):
    id: int
    name: str


class MergeRecordOut(Schema):
    """A contact folded into another; undo it with POST /contacts/merges/{id}/undo."""

    id: int
    reason: str = Field(description="email or name_company.")
    kept: ContactRefOut
    incoming_name: str
    incoming_emails: list[str]
    import_id: int | None
    created_at: dt.datetime


def merge_out(merge: ContactMerge) -> dict[str, Any]:
    return {
        "id": merge.pk,
        "reason": merge.reason,
        "kept": {"id": merge.kept_id, "name": merge.kept.name},
        "incoming_name": merge.incoming.get("name", ""),
        "incoming_emails": merge.incoming.get("emails", []),
        "import_id": merge.source_id,
        "created_at": merge.created_at,
    }
