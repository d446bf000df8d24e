"""Groups' limits (issue 17): joins and new groups a day, new members' posts a day."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare
from rapport.limits.registry import quota_kind

JOINS = quota_kind(
    "gjn",
    window=dt.timedelta(days=1),
    label="Groups joined or asked to join, rolling day",
    refusal="group.join_limit",
)
CREATIONS = quota_kind(
    "gnew",
    window=dt.timedelta(days=1),
    label="Groups created, rolling day",
    refusal="group.create_limit",
)
INVITATIONS = quota_kind(
    "ginv",
    window=dt.timedelta(days=1),
    label="Invitations to groups sent, rolling day",
    refusal="group.invite_limit",
)

declare(
    Limit(
        "groups.joins_per_day",
        20,
        "groups",
        "Groups a member may join or ask to join in a rolling day.",
        minimum=1,
        maximum=500,
        env="RAPPORT_GROUPS_JOINS_PER_DAY",
    ),
    Limit(
        "groups.creations_per_day",
        3,
        "groups",
        "Groups a member may create in a rolling day.",
        minimum=1,
        maximum=100,
        env="RAPPORT_GROUPS_CREATIONS_PER_DAY",
    ),
    Limit(
        "groups.invitations_per_day",
        50,
        "invitations",
        "Invitations to a group a member may send in a rolling day.",
        minimum=1,
        maximum=1000,
        env="RAPPORT_GROUPS_INVITATIONS_PER_DAY",
    ),
    Limit(
        "groups.new_member_days",
        14,
        "days",
        "For how many days after joining a member counts as new in a group.",
        minimum=0,
        maximum=365,
        env="RAPPORT_GROUPS_NEW_MEMBER_DAYS",
    ),
    Limit(
        "groups.new_member_posts_per_day",
        3,
        "posts",
        "Posts a new member may write in one group per day (managers are never new).",
        minimum=1,
        maximum=100,
        env="RAPPORT_GROUPS_NEW_MEMBER_POSTS_PER_DAY",
    ),
)
