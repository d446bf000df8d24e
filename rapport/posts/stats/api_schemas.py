"""The shape of a post's statistics over the API and `rapport stats post ID --json`."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from rapport.posts.stats.figures import PostStatistics


class PostStatsDayOut(Schema):
    day: dt.date = Field(description="A day (UTC).")
    impressions: int = Field(description="Times the post was shown that day.")
    new_viewers: int = Field(description="Viewers who saw it for the first time that day.")


class PostStatsGroupOut(Schema):
    label: str
    kind: Literal["value", "not_given", "signed_out", "other"] = Field(
        description="`value` names a company, title, place or source; `not_given` is members "
        "who left it blank; `signed_out` is signed-out readers; `other` is every group not "
        "named (groups under `min_group`, and beyond the first ten)."
    )
    count: int = Field(description="Distinct viewers, always at least `min_group`.")
    share: float = Field(description="Percent of the post's unique viewers, one decimal.")


class PostStatsBreakdownOut(Schema):
    dimension: Literal["company", "title", "place", "source"]
    label: str
    groups: list[PostStatsGroupOut] = Field(
        description="Largest first, `other` last; they add up to `unique_viewers`. Empty "
        "while the post has fewer than `min_group` viewers."
    )


class PostStatsReposterOut(Schema):
    handle: str
    display_name: str
    repost_id: int
    reposted_at: dt.datetime
    with_words: bool = Field(description="Whether they added words of their own.")


class PostStatsOut(Schema):
    post_id: int
    kind: Literal["post", "article"]
    title: str = Field(description="An article's title; empty for a post.")
    audience: Literal["public", "members", "connections"]
    published_at: dt.datetime
    as_of: dt.datetime
    min_group: int = Field(description="The smallest group of viewers a breakdown names.")
    unique_viewers: int = Field(
        description="Distinct viewers: a member once however often they return, a signed-out "
        "browser once a day. Never goes down."
    )
    impressions: int = Field(description="Every time the post was shown. Never goes down.")
    reactions: dict[str, int] = Field(description="Reactions now, by kind.")
    reactions_total: int
    comments: int = Field(description="Comments and replies now, deleted ones left out.")
    reposts: int = Field(description="Published reposts now.")
    reposters: list[PostStatsReposterOut] = Field(
        description="The newest reposts you may see, at most 50; the others are counted only."
    )
    reposters_hidden: int = Field(description="Reposts by people whose repost you may not see.")
    shares: dict[str, int] = Field(description="Shares that are not reposts, by `message`/`link`.")
    shares_total: int
    days: list[PostStatsDayOut] = Field(
        description="Every day from the publish day to today, zero-filled."
    )
    breakdowns: list[PostStatsBreakdownOut]


def statistics_out(stats: PostStatistics) -> dict[str, Any]:
    """The figures as plain data: what the API answers, the command prints and the page's
    charts read, so the three cannot disagree."""
    post = stats.post
    return {
        "post_id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "audience": post.audience,
        "published_at": post.published_at,
        "as_of": stats.as_of,
        "min_group": stats.min_group,
        "unique_viewers": stats.unique_viewers,
        "impressions": stats.impressions,
        "reactions": stats.reactions,
        "reactions_total": stats.reactions_total,
        "comments": stats.comments,
        "reposts": stats.reposts,
        "reposters": [
            {
                "handle": r.handle,
                "display_name": r.display_name,
                "repost_id": r.repost_id,
                "reposted_at": r.reposted_at,
                "with_words": r.with_words,
            }
            for r in stats.reposters
        ],
        "reposters_hidden": stats.reposters_hidden,
        "shares": stats.shares,
        "shares_total": stats.shares_total,
        "days": [
            {"day": d.day, "impressions": d.impressions, "new_viewers": d.new_viewers}
            for d in stats.days
        ],
        "breakdowns": [
            {
                "dimension": b.dimension,
                "label": b.label,
                "groups": [
                    {"label": g.label, "kind": g.kind, "count": g.count, "share": g.share}
                    for g in b.groups
                ],
            }
            for b in stats.breakdowns
        ],
    }
