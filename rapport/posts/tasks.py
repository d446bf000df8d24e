"""Background work for posts. Each task is safe to run twice."""

from __future__ import annotations

import logging

from django_tasks import task

from rapport.posts.models import LinkPreview, LinkPreviewState

log = logging.getLogger(__name__)


@task()
def link_preview_fetch(preview_id: int) -> str:
    """Fetch a shared link's title and description; the post shows a plain link until then
    and for good if the page cannot be read in time."""
    from rapport.posts.previews import PreviewRefused, fetch_summary
    from rapport.posts.services.links import link_preview_settle

    preview = LinkPreview.objects.filter(pk=preview_id).first()
    if preview is None or preview.state != LinkPreviewState.WAITING:
        return "skipped"
    try:
        summary = fetch_summary(preview.url)
    except PreviewRefused as exc:
        log.info("no preview for %s: %s", preview.url, exc)
        return link_preview_settle(preview_id=preview_id, summary=None)
    return link_preview_settle(preview_id=preview_id, summary=summary)


@task()
def company_post_tell(post_id: int) -> int:
    """Tell a company's followers of its new post (the digest gathers them unless they
    chose otherwise); how many were told. A rerun tells nobody twice."""
    from rapport.posts.services.company_posts import company_post_tell_now

    return company_post_tell_now(post_id=post_id)


@task()
def group_post_tell(post_id: int) -> int:
    """Tell those who follow a group closely of its new post. A rerun tells nobody twice."""
    from rapport.posts.services.group_posts import group_post_tell_now

    return group_post_tell_now(post_id=post_id)
