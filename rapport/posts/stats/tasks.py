"""The worker's side of view recording (see recording.py)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def post_views_record(
    *,
    viewer_key: str,
    member_id: int | None,
    post_ids: list[int],
    source: str,
    request_key: str,
    at: str,
) -> int:
    from rapport.posts.stats.recording import views_record

    return views_record(
        viewer_key=viewer_key,
        member_id=member_id,
        post_ids=post_ids,
        source=source,
        request_key=request_key,
        at=dt.datetime.fromisoformat(at),
    )
