"""Messaging limits (decision 0010): the first-contact guard and message requests."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare
from rapport.limits.registry import quota_kind

REQUESTS = quota_kind(
    "req",
    window=dt.timedelta(days=7),
    label="Message requests, rolling week",
    refusal="message.request_limit",
)

declare(
    Limit(
        "conversations.guard_days",
        14,
        "days",
        "How long after connecting (or a request accepted) the first-contact guard reads "
        "both sides' messages.",
        maximum=365,
        env="RAPPORT_GUARD_DAYS",
    ),
    Limit(
        "conversations.bulk_recipients",
        5,
        "people",
        "Near-identical text sent to this many people makes a message 'bulk'.",
        minimum=2,
        maximum=1000,
        env="RAPPORT_BULK_RECIPIENTS",
    ),
    Limit(
        "conversations.bulk_days",
        7,
        "days",
        "The days within which those near-identical messages count.",
        minimum=1,
        maximum=365,
        env="RAPPORT_BULK_DAYS",
    ),
    Limit(
        "conversations.bulk_similarity_percent",
        80,
        "per cent",
        "How alike two messages must be (estimated) to count as the same text.",
        minimum=1,
        maximum=100,
        env="RAPPORT_BULK_SIMILARITY_PERCENT",
    ),
    Limit(
        "conversations.message_requests_per_week",
        10,
        "requests",
        "Message requests to people one is not connected with, per rolling week.",
        env="RAPPORT_MESSAGE_REQUESTS_PER_WEEK",
    ),
)
