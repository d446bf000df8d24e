"""Shared by the invitation API tests: the cast's clients, a snapshot of everything an
endpoint could change, and one-line setups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapport.accounts.models import User
from rapport.invitations import services
from rapport.invitations.models import Appeal, Invitation, InvitationMessage, InvitationPreferences
from rapport.limits.models import QuotaSlot, Standing
from rapport.network.models import Connection
from rapport.network.services import connection_create

NOTE = "Hi Ben, we met at the Lagos design meetup; I'd like to keep in touch about your talk."
DEFAULT = "I'd like to add you to my professional network."
DAY = dt.timedelta(days=1)


def snapshot() -> tuple[Any, ...]:
    """Everything an invitation endpoint could change."""
    return (
        list(
            Invitation.objects.order_by("pk").values_list(
                "pk", "sender_id", "recipient_id", "state", "decided_at", "note"
            )
        ),
        list(InvitationMessage.objects.order_by("pk").values_list("pk", "author_id", "text")),
        list(Connection.objects.order_by("pk").values_list("member_low_id", "member_high_id")),
        list(QuotaSlot.objects.order_by("pk").values_list("pk", "used_at")),
        list(InvitationPreferences.objects.values_list("member_id", "who_may_invite")),
        list(Appeal.objects.order_by("pk").values_list("pk", "state")),
        list(Standing.objects.order_by("pk").values_list("pk", "restricted_until")),
    )


def connect(a: User, b: User) -> None:
    connection_create(member=a, other=b, source="operator", notify=False)


def invite(sender: User, recipient: User, note: str = NOTE, **kwargs: Any) -> Invitation:
    return services.invitation_send(sender=sender, recipient=recipient, note=note, **kwargs)


def state_of(invitation: Invitation) -> str:
    invitation.refresh_from_db()
    return invitation.state
