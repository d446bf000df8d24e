"""Every read for invitations."""

from rapport.invitations.selectors.bands import AnswerCounts, answer_counts, band_of, bands_for
from rapport.invitations.selectors.context import (
    Shared,
    coach_context,
    note_context,
    shared_between,
    shared_many,
)
from rapport.invitations.selectors.eligibility import InviteCheck, invite_check
from rapport.invitations.selectors.inbox import (
    STATE_LABELS,
    Card,
    answered_sent,
    appeals_of,
    inbox,
    invitation_for,
    pending_between,
    pending_received,
    preferences_of,
    sent_by,
    state_seen_by,
    thread,
    waiting_count,
)
from rapport.invitations.selectors.moderation import (
    RestrictedRow,
    appeals_waiting,
    restricted_senders,
)
from rapport.invitations.selectors.policy import policy
from rapport.invitations.selectors.standing import StandingReport, standing_for

__all__ = [
    "STATE_LABELS",
    "AnswerCounts",
    "Card",
    "InviteCheck",
    "RestrictedRow",
    "Shared",
    "StandingReport",
    "answer_counts",
    "answered_sent",
    "appeals_of",
    "appeals_waiting",
    "band_of",
    "bands_for",
    "coach_context",
    "inbox",
    "invitation_for",
    "invite_check",
    "note_context",
    "pending_between",
    "pending_received",
    "policy",
    "preferences_of",
    "restricted_senders",
    "sent_by",
    "shared_between",
    "shared_many",
    "standing_for",
    "state_seen_by",
    "thread",
    "waiting_count",
]
