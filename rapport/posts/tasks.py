"""Background work for posts. Each task is safe to run twice."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from rapport.posts.models import LinkPreview, LinkPreviewState

log = logging.getLogger(__name__)


@task()
def link_preview_fetch(preview_id: int) -> str:
    """Fetch a shared link's title and description; the post shows a plain link until then
    and for good if the page cannot be read in time."""
    from rapport.posts.previews import PreviewRefused, fetch_summary

    preview = LinkPreview.objects.filter(pk=preview_id).first()
    if preview is None or preview.state != LinkPreviewState.WAITING:
        return "skipped"
    try:
        summary = fetch_summary(preview.url)
    except PreviewRefused as exc:
        log.info("no preview for %s: %s", preview.url, exc)
        LinkPreview.objects.filter(pk=preview_id).update(
            state=LinkPreviewState.FAILED, fetched_at=timezone.now()
        )
        return "failed"
    LinkPreview.objects.filter(pk=preview_id).update(
        state=LinkPreviewState.READY,
        title=summary.title,
        description=summary.description,
        site_name=summary.site_name,
        fetched_at=timezone.now(),
    )
    return "ready"
