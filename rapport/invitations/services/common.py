"""What every invitation service shares: limits, locking, deciding, telling people."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.core.errors import NotFound
from rapport.invitations.models import Invitation
from rapport.invitations.selectors.eligibility import InvitationRefused  # noqa: F401 (re-exported)
from rapport.invitations.states import INVITATION
from rapport.notifications.services import notification_send

NOTE_MAX = 300
MESSAGE_MAX = 500


def notify_after_commit(*, recipient: User, kind: str, actor: User, target: Invitation) -> None:
    url = reverse("invitations:detail", args=[target.pk])
    transaction.on_commit(
        lambda: notification_send(
            recipient=recipient, kind=kind, actor=actor, target=target, url=url
        )
    )


def locked(invitation_id: int) -> Invitation:
    """The invitation, locked for this transaction, after its sender and recipient.

    The members' rows are locked first, in id order, as every service that changes
    something between two members does (a send between the pair takes the same
    locks): two answers to one sender's invitations queue, so the standing each
    recomputes sees the other's answer, and an answer never deadlocks with a crossed
    invitation. (SQLite serialises all writers anyway.)
    """
    pair = Invitation.objects.filter(pk=invitation_id).values_list("sender_id", "recipient_id")
    ids = pair.first()
    if ids is None:
        raise NotFound("No such invitation.", code="invitation.not_found")
    members_lock(*(User(pk=member_id) for member_id in ids))  # it needs only their ids
    found = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("sender", "recipient")
        .filter(pk=invitation_id)
        .first()
    )
    if found is None:
        raise NotFound("No such invitation.", code="invitation.not_found")
    return found


def as_recipient(member: User, invitation_id: int) -> Invitation:
    invitation = locked(invitation_id)
    if invitation.recipient_id != member.pk:
        # Someone else's invitation is reported as missing, so ids reveal nothing.
        raise NotFound("No such invitation.", code="invitation.not_found")
    return invitation


def decide(invitation: Invitation, state: str, now: dt.datetime) -> None:
    INVITATION.transition(invitation, state)
    invitation.decided_at = now
    invitation.save(update_fields=["state", "decided_at"])
