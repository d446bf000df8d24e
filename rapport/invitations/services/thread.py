"""The short "how do we know each other?" thread attached to a pending invitation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.invitations import notification_kinds as kinds
from rapport.invitations.models import InvitationMessage, State
from rapport.invitations.selectors.policy import policy
from rapport.invitations.services.common import MESSAGE_MAX, locked, notify_after_commit


@transaction.atomic
def invitation_message_add(
    *, member: User, invitation_id: int, text: str, now: dt.datetime | None = None
) -> InvitationMessage:
    """Add to the 'how do we know each other?' thread; the invitation stays pending.

    The recipient asks (the first message must be theirs), the sender answers.
    """
    now = now or timezone.now()
    invitation = locked(invitation_id)
    if member.pk not in (invitation.sender_id, invitation.recipient_id):
        raise NotFound("No such invitation.", code="invitation.not_found")
    if invitation.state != State.PENDING:
        raise Conflict(
            "This invitation has been answered; the thread is closed.",
            code="invitation.thread_closed",
        )
    text = clean_paragraphs(text)
    if not text:
        raise ValidationFailed("Write a message.", code="invitation.message_empty", field="text")
    if len(text) > MESSAGE_MAX:
        raise ValidationFailed(
            f"A message is at most {MESSAGE_MAX} characters.",
            code="invitation.message_too_long",
            field="text",
        )
    count = invitation.messages.count()
    if count == 0 and member.pk != invitation.recipient_id:
        raise PermissionDenied(
            "Only the person you invited can start this thread.",
            code="invitation.thread_not_started",
        )
    if count >= policy().thread_limit:
        raise Conflict(
            "This thread is long enough: accept, ignore or answer the invitation.",
            code="invitation.thread_full",
        )
    message = InvitationMessage.objects.create(
        invitation=invitation, author=member, text=text, created_at=now
    )
    if member.pk == invitation.recipient_id:
        notify_after_commit(
            recipient=invitation.sender, kind=kinds.ASKED.code, actor=member, target=invitation
        )
    else:
        notify_after_commit(
            recipient=invitation.recipient,
            kind=kinds.ANSWERED.code,
            actor=member,
            target=invitation,
        )
    return message
