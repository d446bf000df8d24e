"""Every read for invitations."""

from rapport.invitations.selectors.context import (
    Shared,
    coach_context,
    note_context,
    shared_between,
    shared_many,
)
from rapport.invitations.selectors.inbox import (
    Card,
    bands_for,
    inbox,
    invitation_for,
    pending_between,
    pending_received,
    sent_by,
    thread,
)
from rapport.invitations.selectors.policy import policy
from rapport.invitations.selectors.standing import StandingReport, standing_for

__all__ = [
    "Card",
    "Shared",
    "StandingReport",
    "bands_for",
    "coach_context",
    "inbox",
    "invitation_for",
    "note_context",
    "pending_between",
    "pending_received",
    "policy",
    "sent_by",
    "shared_between",
    "shared_many",
    "standing_for",
    "thread",
]
