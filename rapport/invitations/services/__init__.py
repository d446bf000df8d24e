"""Every write for invitations: sending, answering, the thread, standing and appeals."""

from rapport.invitations.services.answers import (
    invitation_accept,
    invitation_decline,
    invitation_ignore,
    invitation_report,
    invitation_take_down,
    invitation_withdraw,
    invitations_expire_due,
    invitations_ignore_many,
    invitations_withdraw_older,
)
from rapport.invitations.services.lifecycle import invitation_send
from rapport.invitations.services.preferences import preferences_update
from rapport.invitations.services.standing import (
    after_answer,
    appeal_decide,
    appeal_submit,
)
from rapport.invitations.services.thread import invitation_message_add

__all__ = [
    "after_answer",
    "appeal_decide",
    "appeal_submit",
    "invitation_accept",
    "invitation_decline",
    "invitation_ignore",
    "invitation_message_add",
    "invitation_report",
    "invitation_send",
    "invitation_take_down",
    "invitation_withdraw",
    "invitations_expire_due",
    "invitations_ignore_many",
    "invitations_withdraw_older",
    "preferences_update",
]
