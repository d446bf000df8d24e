"""Reads of a member's copies of their data."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from rapport.accounts.models import User
from rapport.core.errors import Gone, NotFound
from rapport.dataexport.models import DataExport
from rapport.dataexport.states import ExportState


def exports_of(member: User) -> QuerySet[DataExport]:
    """The member's own requests, newest first (an operator's copies are not listed)."""
    return DataExport.objects.filter(member=member, by_operator=False)


def export_to_download(*, member: User, export_id: int, now: dt.datetime) -> DataExport:
    """The member's ready copy, or why not: someone else's reads as missing."""
    export = exports_of(member).filter(pk=export_id).first()
    if export is None:
        raise NotFound("No such copy of your data.", code="data_export.not_found")
    if export.state == ExportState.EXPIRED or (
        export.expires_at is not None and export.expires_at <= now
    ):
        raise Gone("This copy has expired; ask for a new one.", code="data_export.expired")
    if export.state != ExportState.READY:
        raise NotFound("This copy is not ready.", code="data_export.not_ready")
    return export
