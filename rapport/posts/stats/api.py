"""The statistics of a post over the API: for its author only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rapport.accounts.api import member_of
from rapport.core.api_schemas import PathId, errors
from rapport.posts.stats.api_schemas import PostStatsOut, statistics_out
from rapport.posts.stats.figures import post_statistics

router = Router(tags=["posts"])


@router.get("/posts/{post_id}/stats", response={200: PostStatsOut, **errors(404)})
def post_stats(request: HttpRequest, post_id: PathId) -> dict[str, Any]:
    """Your post's or article's statistics: unique viewers and impressions (per day too),
    reactions, comments, reposts and shares, and who viewed by company, title, place and
    source in groups of at least `min_group`. Anyone else's post is 404 `post.not_found`,
    like a post that does not exist; a draft is 404 `post.draft`."""
    return statistics_out(post_statistics(author=member_of(request), post_id=post_id))
