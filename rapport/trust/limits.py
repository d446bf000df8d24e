"""Introduction limits (decision 0021): requests under way, asks of one introducer, hops."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare
from rapport.limits.registry import quota_kind

INTRODUCTIONS = quota_kind(
    "intr",
    window=dt.timedelta(days=7),
    label="Introductions asked of an introducer, rolling week",
    refusal="introduction.introducer_busy",
)

declare(
    Limit(
        "trust.introductions_open_per_member",
        5,
        "requests",
        "Introduction requests one member may have under way at once.",
        env="RAPPORT_INTRODUCTIONS_OPEN_PER_MEMBER",
    ),
    Limit(
        "trust.introductions_per_introducer_week",
        10,
        "requests",
        "Requests one introducer may be asked to pass on per rolling week.",
        env="RAPPORT_INTRODUCTIONS_PER_INTRODUCER_WEEK",
    ),
    Limit(
        "trust.introduction_hop_days",
        7,
        "days",
        "How long each hop of an introduction has to answer before the request stops.",
        minimum=1,
        maximum=365,
        env="RAPPORT_INTRODUCTION_HOP_DAYS",
    ),
)
