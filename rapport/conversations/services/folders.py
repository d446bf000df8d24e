"""A member's own side of a conversation: reading, archiving, deleting, answering requests."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.conversations import notification_kinds as kinds
from rapport.conversations import selectors
from rapport.conversations.models import Conversation, Message, Participant, State
from rapport.conversations.states import CONVERSATION
from rapport.core.errors import Conflict, ValidationFailed
from rapport.core.text import clean_paragraphs
from rapport.notifications.services import notification_send


def conversation_mark_read(
    *, member: User, conversation_id: int, now: dt.datetime | None = None
) -> None:
    """Everything up to now is read. Never moves backwards (two tabs, one older)."""
    now = now or timezone.now()
    conversation = selectors.conversation_for(member, conversation_id)
    mine = Participant.objects.filter(conversation=conversation, member=member)
    mine.filter(last_read_at__isnull=True).update(last_read_at=now)
    mine.filter(last_read_at__lt=now).update(last_read_at=now)


def conversation_archive(*, member: User, conversation_id: int, archived: bool = True) -> None:
    """Out of the inbox until the next message arrives, or back in."""
    conversation = selectors.conversation_for(member, conversation_id)
    Participant.objects.filter(conversation=conversation, member=member).update(archived=archived)


def conversation_delete_for_me(
    *, member: User, conversation_id: int, now: dt.datetime | None = None
) -> None:
    """Clear the conversation from the member's view only; the others keep theirs.

    A later message starts a fresh history for this member.
    """
    now = now or timezone.now()
    conversation = selectors.conversation_for(member, conversation_id)
    Participant.objects.filter(conversation=conversation, member=member).update(
        cleared_at=now, archived=False, last_read_at=now
    )


def _request_for(member: User, conversation_id: int) -> Conversation:
    conversation = selectors.conversation_for(member, conversation_id)
    if conversation.state != State.REQUEST or conversation.started_by_id == member.pk:
        raise Conflict("There is no message request here for you to answer.", code="request.none")
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


@transaction.atomic
def request_accept(*, member: User, conversation_id: int, now: dt.datetime | None = None) -> None:
    """Move a request into the inbox: both may now write freely."""
    now = now or timezone.now()
    conversation = _request_for(member, conversation_id)
    CONVERSATION.transition(conversation, State.OPEN)
    conversation.decided_at = now
    conversation.save(update_fields=["state", "decided_at"])
    requester = conversation.started_by
    url = reverse("conversations:detail", args=[conversation.pk])
    transaction.on_commit(
        lambda: notification_send(
            recipient=requester,
            kind=kinds.REQUEST_ACCEPTED.code,
            actor=member,
            target=conversation,
            url=url,
        )
    )


@transaction.atomic
def request_decline(*, member: User, conversation_id: int, now: dt.datetime | None = None) -> None:
    """Decline, silently: the requester sees only that they cannot write again."""
    now = now or timezone.now()
    conversation = _request_for(member, conversation_id)
    CONVERSATION.transition(conversation, State.DECLINED)
    conversation.decided_at = now
    conversation.save(update_fields=["state", "decided_at"])
    # Out of the decliner's lists; the requester still sees what they sent.
    Participant.objects.filter(conversation=conversation, member=member).update(
        cleared_at=now, archived=False
    )


@transaction.atomic
def group_conversation_open(
    *, members: list[User], started_by: User, text: str, now: dt.datetime | None = None
) -> Conversation:
    """Open a conversation among several members who all consented to it (an accepted
    introduction), with a first message from `started_by`.

    Not a pair, so no `pair_key`; the first-contact guard does not look at it, because
    every participant agreed to meet through someone they know.
    """
    now = now or timezone.now()
    people = list({m.pk: m for m in [started_by, *members]}.values())
    if len(people) < 3:
        raise ValidationFailed(
            "A group conversation needs at least three people.", code="conversation.too_few"
        )
    text = clean_paragraphs(text)
    if not text:
        raise ValidationFailed("Write a first message.", code="message.empty", field="text")
    conversation = Conversation.objects.create(
        state=State.OPEN, started_by=started_by, created_at=now, last_message_at=now
    )
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation,
                member=m,
                joined_at=now,
                last_read_at=now if m.pk == started_by.pk else None,
            )
            for m in people
        ]
    )
    Message.objects.create(
        conversation=conversation, sender=started_by, recipient=None, text=text, created_at=now
    )
    return conversation
