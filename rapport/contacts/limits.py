"""Address-book limits (decision 0016)."""

from __future__ import annotations

from rapport.core.limits import Limit, declare

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
