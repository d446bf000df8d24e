"""Mention limits (decision 0018): how many people one post names, and strangers a day."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare
from rapport.limits.registry import quota_kind

MENTIONS = quota_kind(
    "ment",
    window=dt.timedelta(days=1),
    label="Mentions outside your network, rolling day",
    refusal="mention.daily_limit",
)

declare(
    Limit(
        "posts.mentions_per_post",
        10,
        "members",
        "Members one post or comment may @mention.",
        maximum=1000,
        env="RAPPORT_MENTIONS_PER_POST",
    ),
    Limit(
        "posts.mentions_outside_network_per_day",
        10,
        "mentions",
        "Mentions of members outside one's connections per rolling day.",
        env="RAPPORT_MENTIONS_OUTSIDE_NETWORK_PER_DAY",
    ),
)
declare(
    Limit(
        "posts.stats_min_group",
        5,
        "viewers",
        "A post's statistics name a company, title, place or source only when at least "
        "this many distinct viewers share it.",
        minimum=2,
        maximum=1000,
        env="RAPPORT_STATS_MIN_GROUP",
    ),
)
