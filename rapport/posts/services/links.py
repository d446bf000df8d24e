"""Settling a shared link's preview once the worker has tried to fetch it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from rapport.posts import states
from rapport.posts.models import LinkPreview, LinkPreviewState
from rapport.posts.previews import PageSummary


@transaction.atomic
def link_preview_settle(*, preview_id: int, summary: PageSummary | None) -> str:
    """Record what the fetch found (or that it failed), through the declared lifecycle.

    Returns the new state, or "skipped" when another run settled it first: the job is
    safe to run twice.
    """
    preview = LinkPreview.objects.select_for_update().filter(pk=preview_id).first()
    if preview is None or preview.state != LinkPreviewState.WAITING:
        return "skipped"
    if summary is None:
        states.LINK_PREVIEW.transition(preview, LinkPreviewState.FAILED)
    else:
        states.LINK_PREVIEW.transition(preview, LinkPreviewState.READY)
        preview.title = summary.title
        preview.description = summary.description
        preview.site_name = summary.site_name
    preview.fetched_at = timezone.now()
    preview.save()
    return preview.state
