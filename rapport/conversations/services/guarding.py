"""What a recipient does with the guard: release, report, trust a sender, block."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import audit_record
from rapport.conversations.models import (
    Conversation,
    GuardExemption,
    Message,
    MessagingPreferences,
    State,
    WhoMayMessage,
    pair_key,
)
from rapport.conversations.selectors import participant_of
from rapport.conversations.states import CONVERSATION
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rapport.limits.models import ComplaintSource
from rapport.limits.services import complaint_file
from rapport.network import services as network


def _received(member: User, message_id: int) -> Message:
    """A message sent to `member`; anyone else's is "not found"."""
    message = (
        Message.objects.filter(pk=message_id, recipient=member).select_related("sender").first()
    )
    if message is None:
        raise NotFound("No such message.", code="message.not_found")
    participant_of(member, message.conversation)  # still a participant
    return message


def message_release(*, member: User, message_id: int, now: dt.datetime | None = None) -> Message:
    """Move a filtered message to the inbox. Releasing twice changes nothing."""
    message = _received(member, message_id)
    if message.reported_at is not None:
        raise Conflict(
            "You reported this message as spam, so it stays out of your inbox.",
            code="message.reported",
        )
    if message.held and message.released_at is None:
        message.released_at = now or timezone.now()
        message.save(update_fields=["released_at"])
    return message


@transaction.atomic
def message_report(*, member: User, message_id: int, now: dt.datetime | None = None) -> Message:
    """Report a message as spam: it counts against the sender's standing like a
    reported invitation, and stays out of the inbox."""
    now = now or timezone.now()
    message = _received(member, message_id)
    if message.reported_at is None:
        message.reported_at = now
        message.released_at = None
        message.held = True
        message.checked = True
        message.save(update_fields=["reported_at", "released_at", "held", "checked"])
        complaint_file(
            member=message.sender,
            reporter=member,
            source=ComplaintSource.MESSAGE,
            reference=message.pk,
            now=now,
        )
    return message


def guard_exempt(*, member: User, sender: User, now: dt.datetime | None = None) -> int:
    """Turn the guard off for one sender and release what it held from them.

    Returns how many held messages moved to the inbox.
    """
    if member.pk == sender.pk:
        raise ValidationFailed("The guard never checks your own messages.", code="guard.self")
    now = now or timezone.now()
    with transaction.atomic():
        GuardExemption.objects.get_or_create(member=member, sender=sender)
        return Message.objects.filter(
            recipient=member,
            sender=sender,
            held=True,
            released_at__isnull=True,
            reported_at__isnull=True,
        ).update(released_at=now)


def sender_trust(*, member: User, message_id: int, now: dt.datetime | None = None) -> int:
    """From a filtered message: turn the guard off for its sender and move this and
    every other message the guard held from them to the inbox. Returns how many moved."""
    message = _received(member, message_id)
    if message.reported_at is not None:
        raise Conflict(
            "You reported this message as spam; trusting its sender would undo that.",
            code="message.reported",
        )
    return guard_exempt(member=member, sender=message.sender, now=now)


def guard_unexempt(*, member: User, sender: User) -> None:
    GuardExemption.objects.filter(member=member, sender=sender).delete()


def messaging_preferences_update(
    *,
    member: User,
    who_may_message: str | None = None,
    read_receipts: bool | None = None,
    guard_enabled: bool | None = None,
) -> MessagingPreferences:
    if who_may_message is not None and who_may_message not in WhoMayMessage.values:
        raise ValidationFailed(
            f"Choose who may message you: {', '.join(WhoMayMessage.values)}.",
            code="message.who_invalid",
            field="who_may_message",
        )
    prefs, _ = MessagingPreferences.objects.get_or_create(member=member)
    if who_may_message is not None:
        prefs.who_may_message = who_may_message
    if read_receipts is not None:
        prefs.read_receipts = read_receipts
    if guard_enabled is not None:
        prefs.guard_enabled = guard_enabled
    prefs.save()
    return prefs


def member_block(*, member: User, other: User, now: dt.datetime | None = None) -> None:
    """Block: the connection ends silently, pending invitations between them end (the
    invitations' own step of the block), a request from them is declined, and neither can
    message or invite the other until `member` unblocks."""
    if not other.is_active and member.pk != other.pk:
        raise NotFound("No such member.", code="block.not_found")
    now = now or timezone.now()
    with transaction.atomic():
        network.block_create(member=member, other=other, now=now)
        # Their unanswered message request is declined with the block: it must not wait
        # in Requests from someone who can no longer write.
        waiting = Conversation.objects.filter(
            pair_key=pair_key(member.pk, other.pk), state=State.REQUEST, started_by=other
        ).first()
        if waiting is not None:
            CONVERSATION.transition(waiting, State.DECLINED)
            waiting.decided_at = now
            waiting.save(update_fields=["state", "decided_at"])


def member_unblock(*, member: User, other: User) -> None:
    network.block_remove(member=member, other=other)


REMOVED_TEXT = "This message was removed by a moderator."


@transaction.atomic
def message_take_down(*, moderator: User, message_id: int) -> Message:
    """A moderator removes a reported message's words; both sides see that it was
    removed (the reports already count in the sender's standing)."""
    if not is_operator(moderator):
        raise PermissionDenied("Only moderators take messages down.", code="message.not_moderator")
    message = Message.objects.select_for_update().filter(pk=message_id).first()
    if message is None:
        raise NotFound("No such message.", code="message.not_found")
    if message.text != REMOVED_TEXT:
        message.text = REMOVED_TEXT
        message.signature = None
        message.save(update_fields=["text", "signature"])
    audit_record(
        actor=moderator,
        action="message.take_down",
        target=f"message {message.pk} by {message.sender_id}",
    )
    return message
