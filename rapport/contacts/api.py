"""Contacts over the API: upload, preview, confirm, list with filters, merges, invitations, export.

Everything is the caller's own: there is no way to name another member's
contacts, and a contact id that is not yours is a 404 like one that does not exist.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from rapport.accounts.api import member_of
from rapport.contacts import selectors, services
from rapport.contacts.api_schemas import (
    ContactOut,
    ContactsQuery,
    DeletedOut,
    ImportBriefOut,
    ImportOut,
    InviteIn,
    InviteOut,
    MergeRecordOut,
    PreviewOut,
    contact_out,
    import_out,
    merge_out,
    preview_out,
)
from rapport.contacts.parsing import MAX_BYTES, ContactsFileError
from rapport.contacts.writing import MEDIA, WRITERS
from rapport.core.api_schemas import PageOut, PageQuery, PathId, errors
from rapport.core.errors import Conflict
from rapport.core.pagination import paginate

router = Router(tags=["contacts"])


@router.post("/contacts/imports", response={201: ImportOut, **errors(400, 403, 413)})
def import_upload(request: HttpRequest, file: File[UploadedFile]) -> Status:
    """Upload an address book. Small files come back as a preview at once; big ones are
    read by a job (poll the import). A bad file is a 400 with `line` and nothing is kept."""
    if file.size is not None and file.size > MAX_BYTES:
        raise ContactsFileError(
            f"The file is over {MAX_BYTES // 1048576} MB; split it first.",
            code="contacts.too_large",
        )
    found = services.import_start(
        owner=member_of(request), file_name=file.name or "upload", data=file.read(MAX_BYTES + 1)
    )
    return Status(201, import_out(found))


@router.get("/contacts/imports", response={200: PageOut[ImportBriefOut], **errors()})
def import_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Your imports, newest first."""
    page = paginate(
        selectors.imports_of(member_of(request)).order_by("-created_at", "-pk"),
        page=query.page,
        size=query.size,
    )
    return {
        "items": [import_out(i, merges=False) for i in page.items],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }


@router.get("/contacts/imports/{import_id}/preview", response={200: PreviewOut, **errors(404, 409)})
def import_preview(
    request: HttpRequest, import_id: PathId, query: Query[PageQuery]
) -> dict[str, Any]:
    """What a previewed import would bring, duplicates merged, each person with whether
    they are connected, on Rapport or not, and the count of each (409 unless a preview)."""
    me = member_of(request)
    found = selectors.import_for(me, import_id)
    preview = selectors.import_preview(
        me, found, rows=query.size, offset=(query.page - 1) * query.size
    )
    page = query.page
    if preview is not None and not preview.rows and preview.total:  # past the end: the last
        page = -(-preview.total // query.size)
        preview = selectors.import_preview(
            me, found, rows=query.size, offset=(page - 1) * query.size
        )
    if preview is None:
        raise Conflict(
            f"This import is {found.get_state_display().lower()}, not a preview.",
            code="contacts.import_not_ready",
        )
    return preview_out(preview, page=page, size=query.size)


@router.get("/contacts/imports/{import_id}", response={200: ImportOut, **errors(404)})
def import_get(request: HttpRequest, import_id: PathId) -> dict[str, Any]:
    """An import's state and progress (poll this while `state` is parsing or importing)."""
    return import_out(selectors.import_for(member_of(request), import_id))


@router.post(
    "/contacts/imports/{import_id}/{action}", response={200: ImportOut, **errors(403, 404, 409)}
)
def import_act(
    request: HttpRequest, import_id: PathId, action: Literal["confirm", "cancel"]
) -> dict[str, Any]:
    """Confirm a previewed import (big ones are written by a job), or cancel it."""
    act = services.import_confirm if action == "confirm" else services.import_cancel
    return import_out(act(owner=member_of(request), import_id=import_id))


@router.get("/contacts", response={200: PageOut[ContactOut], **errors()})
def contact_list(request: HttpRequest, query: Query[ContactsQuery]) -> dict[str, Any]:
    """Your imported contacts, each with whether they are connected, on Rapport or not."""
    rows = selectors.contact_rows(member_of(request), status=query.status, query=query.q.strip())
    page = paginate(rows, page=query.page, size=query.size)
    return {
        "items": [contact_out(r) for r in page.items],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }


@router.delete("/contacts/{contact_id}", response={204: None, **errors(403, 404)})
def contact_delete(request: HttpRequest, contact_id: PathId) -> Status:
    services.contact_delete(owner=member_of(request), contact_id=contact_id)
    return Status(204, None)


@router.delete("/contacts", response={200: DeletedOut, **errors(403)})
def contacts_delete_all(request: HttpRequest) -> dict[str, int]:
    """Delete every imported contact, merge and import."""
    return {"deleted": services.contacts_delete_all(owner=member_of(request))}


@router.get("/contacts/merges", response={200: PageOut[MergeRecordOut], **errors()})
def merge_list(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Duplicates merged into your contacts, newest first, each undoable by its id."""
    page = paginate(selectors.merges_of(member_of(request)), page=query.page, size=query.size)
    return {
        "items": [merge_out(m) for m in page.items],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }


@router.post("/contacts/merges/{merge_id}/undo", response={200: ContactOut, **errors(403, 404)})
def merge_undo(request: HttpRequest, merge_id: PathId) -> dict[str, Any]:
    """Separate a merged contact again."""
    restored = services.merge_undo(owner=member_of(request), merge_id=merge_id)
    return contact_out(selectors.Row(restored, None))


@router.post("/contacts/invite", response={200: InviteOut, **errors(400, 403)})
def invite(request: HttpRequest, body: InviteIn) -> dict[str, Any]:
    """Invite selected contacts on Rapport within your standing (how many now, when the rest)."""
    me = member_of(request)
    site = request.build_absolute_uri("/")[:-1]
    joins = (
        services.joins_invite(sender=me, contact_ids=body.contact_ids, site=site)
        if body.join
        else services.JoinsSent()
    )
    result = services.contacts_invite(sender=me, contact_ids=body.contact_ids)
    return {
        "sent": result.sent,
        "waiting": result.waiting,
        "refused": [{"name": n, "reason": r} for n, r in result.refused],
        "not_members": result.not_members,
        "can_now": result.can_now,
        "next_at": result.next_at,
        "joins_sent": joins.sent,
        "joins_waiting": joins.waiting,
        "joins_next_at": joins.next_at,
        "summary": result.summary(),
    }


@router.get(
    "/contacts/export",
    response={200: str, **errors()},
    openapi_extra={
        "responses": {
            200: {"description": "The file", "content": {"text/csv": {}, "text/vcard": {}}}
        }
    },
)
def export(
    request: HttpRequest, format: Literal["linkedin", "google", "vcard"] = "linkedin"
) -> HttpResponse:
    """Your connections as LinkedIn Connections.csv, Google Contacts CSV or vCard 4.0."""
    media, name = MEDIA[format]
    people = selectors.connections_as_contacts(
        member_of(request), base_url=request.build_absolute_uri("/")[:-1]
    )
    response = HttpResponse(WRITERS[format](people), content_type=f"{media}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
