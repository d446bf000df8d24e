"""Notification e-mail limits (decision 0020)."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

declare(
    Limit(
        "notifications.emails_per_day",
        10,
        "e-mails",
        "Notification e-mails a member gets in a UTC day; the last one is kept for the digest.",
        minimum=1,
        maximum=1000,
        env="RAPPORT_NOTIFICATION_EMAILS_PER_DAY",
    ),
)
declare(
    Limit(
        "notifications.group_hours",
        72,
        "hours",
        "Activity about the same thing within this many hours of the group's latest joins "
        "one notification instead of adding another.",
        maximum=720,
        env="RAPPORT_NOTIFICATION_GROUP_HOURS",
    ),
)
