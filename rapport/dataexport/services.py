"""Asking for a copy of one's data, building it, and letting it expire."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import secrets
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import audit_record
from rapport.core import limits
from rapport.core.errors import LimitReached
from rapport.core.images import image_discard
from rapport.core.text import spreadsheet_safe
from rapport.dataexport.datasets import DATASETS, Dataset
from rapport.dataexport.models import DataExport
from rapport.dataexport.notification_kinds import EXPORT_READY
from rapport.dataexport.states import EXPORT_STATES, ExportState
from rapport.dataexport.tasks import data_export_build


def export_request(*, member: User, now: dt.datetime | None = None) -> DataExport:
    """Ask for a copy of one's data: built by a job, the member told when it is ready.
    One a day; the unique constraint settles two requests at once."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            export = DataExport.objects.create(
                member=member, requested_on=now.date(), created_at=now
            )
    except IntegrityError as error:
        raise LimitReached(
            "You asked for a copy of your data today already; you can ask again tomorrow.",
            code="data_export.once_a_day",
        ) from error
    export_id = export.pk
    transaction.on_commit(lambda: data_export_build.enqueue(export_id))
    return export


def _csv(rows: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    return value


def _readme(member: User, now: dt.datetime, counts: dict[str, int]) -> str:
    lines = [
        f"Your Rapport data — @{member.handle}, prepared {now:%d %B %Y at %H:%M} UTC",
        "",
        "Each part of your data is here twice: as JSON (name.json, a list of records)",
        "and as CSV (name.csv, one record a row; lists and objects are written as JSON).",
        "Where a file holds records of several kinds, the column 'record' says which.",
        "Dates and times are ISO 8601, in UTC.",
        "",
        "Only what is yours to see is here: not who blocked or reported you, not the",
        "trust others hold for you, and not how others answered your invitations beyond",
        "'not accepted'.",
        "",
    ]
    for dataset in DATASETS:
        count = counts[dataset.name]
        records = f"{count} record{'' if count == 1 else 's'}"
        lines.append(f"{dataset.name}.json / {dataset.name}.csv ({records})")
        lines.append(f"    {dataset.about}")
    return "\n".join(lines) + "\n"


def export_zip(
    member: User, *, now: dt.datetime, datasets: tuple[Dataset, ...] = DATASETS
) -> bytes:
    """The whole copy, as the bytes of a zip."""
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for dataset in datasets:
            rows = dataset.rows(member)
            counts[dataset.name] = len(rows)
            archive.writestr(
                f"{dataset.name}.json", json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
            )
            archive.writestr(f"{dataset.name}.csv", _csv(rows))
        archive.writestr("README.txt", _readme(member, now, counts))
    return buffer.getvalue()


def export_build(*, export_id: int, now: dt.datetime | None = None) -> DataExport | None:
    """The job's work: build the zip, store it, mark it ready and tell the member.

    Safe to run twice, even at once: the row is claimed when it is marked ready (a
    conditional update), and a run that loses the race deletes the file it wrote. A copy
    that cannot be built is marked failed (and does not use up the member's day)."""
    from rapport.notifications.services import notification_send

    now = now or timezone.now()
    export = (
        DataExport.objects.select_related("member")
        .filter(pk=export_id, state=ExportState.REQUESTED)
        .first()
    )
    if export is None:
        return None
    name = f"rapport-data-{export.member.handle}-{now:%Y%m%d}-{secrets.token_hex(8)}.zip"
    try:
        content = export_zip(export.member, now=now)
        stored = export.file.storage.save(f"exports/{name}", ContentFile(content))
    except Exception:
        assert EXPORT_STATES.can(ExportState.REQUESTED, ExportState.FAILED)
        DataExport.objects.filter(pk=export.pk, state=ExportState.REQUESTED).update(
            state=ExportState.FAILED
        )
        raise
    expires_at = now + dt.timedelta(days=limits.value("dataexport.days"))
    with transaction.atomic():
        assert EXPORT_STATES.can(ExportState.REQUESTED, ExportState.READY)
        claimed = DataExport.objects.filter(pk=export.pk, state=ExportState.REQUESTED).update(
            state=ExportState.READY,
            file=stored,
            ready_at=now,
            expires_at=expires_at,
            size=len(content),
        )
        if not claimed:  # another run finished first: keep its copy, drop ours
            storage = export.file.storage
            transaction.on_commit(lambda: storage.delete(stored))
            return None
        export.refresh_from_db()
        if not export.by_operator:
            notification_send(
                recipient=export.member,
                kind=EXPORT_READY.code,
                target=export,
                url=reverse("dataexport:mine"),
                now=now,
            )
    return export


def export_for_operator(*, member: User, now: dt.datetime | None = None) -> DataExport:
    """An operator's copy of a member's data (`rapport data-export build HANDLE`): built
    at once, not held to the member's one a day, the member not notified."""
    now = now or timezone.now()
    export = DataExport.objects.create(
        member=member, by_operator=True, requested_on=now.date(), created_at=now
    )
    # Reading a member's data is an operator action like any other: on the record.
    audit_record(actor=None, action="data_export.operator", target=f"member {member.pk}")
    built = export_build(export_id=export.pk, now=now)
    assert built is not None
    return built


def exports_expire(*, now: dt.datetime | None = None) -> int:
    """Expire the copies past their date and delete their files; how many."""
    now = now or timezone.now()
    expired = 0
    for export in DataExport.objects.filter(state=ExportState.READY, expires_at__lte=now):
        # One transaction each: a file is deleted only once its row says it is gone.
        with transaction.atomic():
            EXPORT_STATES.transition(export, ExportState.EXPIRED)
            image_discard(export, "file")  # the file goes once the change commits
            export.save(update_fields=["state", "file"])
        expired += 1
    return expired
