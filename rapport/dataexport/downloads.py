"""The download both interfaces give: the member's ready copy as a zip attachment."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse

from rapport.accounts.models import User
from rapport.core.errors import Gone
from rapport.dataexport.selectors import export_to_download


def copy_response(*, member: User, export_id: int, now: dt.datetime) -> FileResponse:
    """The copy as a download; NotFound when it is not theirs or not ready, Gone once
    expired — or when it expired (and its file went) just as the download began."""
    export = export_to_download(member=member, export_id=export_id, now=now)
    try:
        opened = export.file.open("rb")
    except OSError as error:
        raise Gone(
            "This copy is no longer available; ask for a new one.", code="data_export.expired"
        ) from error
    return FileResponse(
        opened,
        as_attachment=True,
        filename=f"rapport-data-{export.member.handle}-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
