"""Your data over the API: ask for a copy, list your copies, download one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from rapport.accounts.api import member_of
from rapport.core.api_schemas import PathId, errors
from rapport.dataexport import selectors, services
from rapport.dataexport.downloads import copy_response
from rapport.dataexport.models import DataExport

router = Router(tags=["your data"])


class ExportOut(Schema):
    id: int
    state: str
    requested_at: dt.datetime
    ready_at: dt.datetime | None
    expires_at: dt.datetime | None
    size: int
    download_url: str | None


def _out(export: DataExport, now: dt.datetime) -> dict[str, Any]:
    ready = export.state == "ready" and export.expires_at is not None and export.expires_at > now
    return {
        "id": export.pk,
        "state": export.state if ready or export.state != "ready" else "expired",
        "requested_at": export.created_at,
        "ready_at": export.ready_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": f"/api/v1/me/data-exports/{export.pk}/download" if ready else None,
    }


@router.get("/me/data-exports", response={200: list[ExportOut], **errors()})
def exports(request: HttpRequest) -> list[dict[str, Any]]:
    """Your copies of your data, newest first (the last ten)."""
    now = timezone.now()
    return [_out(e, now) for e in selectors.exports_of(member_of(request))[:10]]


@router.post("/me/data-exports", response={202: ExportOut, **errors(429)})
def export_request(request: HttpRequest) -> Status[dict[str, Any]]:
    """Ask for a copy of your data (a zip of JSON and CSV files with a README). It is
    prepared in the background; you are notified, and its `download_url` appears, when
    it is ready. Once a day."""
    export = services.export_request(member=member_of(request))
    return Status(202, _out(export, timezone.now()))


@router.get(
    "/me/data-exports/{export_id}/download",
    response={200: str, **errors(404, 410)},
    openapi_extra={
        "responses": {200: {"description": "The zip", "content": {"application/zip": {}}}}
    },
)
def export_download(request: HttpRequest, export_id: PathId) -> FileResponse:
    """Download a ready copy (404 when it is not yours or not ready, 410 once expired)."""
    return copy_response(member=member_of(request), export_id=export_id, now=timezone.now())
