"""Helpers for messaging tests: connections made the ways the guard tells apart."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.invitations import services as invitations
from rapport.network.models import Connection
from rapport.network.services import connection_create

PITCH = (
    "Hi Ben, thanks for connecting! We help companies like yours cut cloud costs by 30%. "
    "Do you have 15 minutes this week for a quick call?"
)
GENUINE = (
    "Ben, good to meet you at the Lagos design meetup. Here are the slides from my talk on "
    "form design I mentioned: https://example.org/slides"
)
DAY = dt.timedelta(days=1)


def connect(a: User, b: User, *, days_ago: float = 0) -> Connection:
    """A connection made by an operator: neither side is known as the one who asked."""
    connection = connection_create(member=a, other=b, source="operator", notify=False)
    if days_ago:
        Connection.objects.filter(pk=connection.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return connection


def connect_by_invitation(inviter: User, invitee: User) -> None:
    """`inviter` asked, `invitee` accepted: a new connection, made by an invitation."""
    invitation = invitations.invitation_send(
        sender=inviter,
        recipient=invitee,
        note=f"Hi {invitee.display_name.split()[0]}, we met at the Lagos design meetup last week.",
        how_we_know="event",
        how_detail="Lagos design meetup",
    )
    invitations.invitation_accept(member=invitee, invitation_id=invitation.pk)


def crowd(prefix: str, n: int) -> list[User]:
    return [make_member(f"{prefix}{i}", f"{prefix.title()} Person{i}") for i in range(n)]
