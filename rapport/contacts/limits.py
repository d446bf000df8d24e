"""Address-book limits (decision 0016)."""

from __future__ import annotations

import datetime as dt

from rapport.core.limits import Limit, declare
from rapport.limits.registry import quota_kind

JOINS = quota_kind(
    "join",
    window=dt.timedelta(days=7),
    label="Invitations to join by e-mail, rolling week",
    refusal="invitation.join_limit",
)

declare(
    Limit(
        "contacts.joins_per_week",
        20,
        "e-mails",
        "E-mails inviting people from one's address book to join, per member per rolling "
        "week (only when join invitations are turned on).",
        env="RAPPORT_CONTACTS_JOINS_PER_WEEK",
    ),
)
