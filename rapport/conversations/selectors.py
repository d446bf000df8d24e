"""Reads for messaging: one conversation, unread counts, who may write, the guard (the
folders' lists are in `folders`, re-exported here).

Every read is for one member and only returns what that member is part of: a
conversation id that is not theirs is "not found", never "forbidden", so ids
reveal nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from rapport.accounts.models import User
from rapport.conversations.counts import Counts, counts_for
from rapport.conversations.folders import (
    FOLDERS,
    ConversationRow,
    folder_conversations,
    folder_for,
    folder_rows,
    in_inbox,
    visible_messages,
)
from rapport.conversations.models import (
    Conversation,
    GuardExemption,
    Message,
    MessagingPreferences,
    Participant,
    State,
    WhoMayMessage,
    pair_key,
)
from rapport.core import limits
from rapport.core.compiled import Reusable
from rapport.core.errors import NotFound
from rapport.groups import selectors as groups
from rapport.network import selectors as network


def message_settings() -> dict[str, int]:
    """Start-up settings of messaging (length, polling); its limits are in limits.py."""
    return settings.RAPPORT


# Every message asks these: built once (rapport/core/compiled.py).
_PREFERENCES = Reusable(
    lambda *, member: MessagingPreferences.objects.filter(member_id=member).order_by("pk")[:1]
)


def _between_query(*, key: str, last_sender: bool) -> QuerySet[Conversation]:
    found = Conversation.objects.filter(pair_key=key)
    if last_sender:
        latest = Message.objects.filter(conversation=OuterRef("pk")).order_by("-created_at", "-pk")
        found = found.annotate(last_sender_id=Subquery(latest.values("sender_id")[:1]))
    return found.order_by("pk")[:1]


_BETWEEN = Reusable(_between_query)
_EXEMPTED = Reusable(
    lambda *, member, sender: GuardExemption.objects.filter(
        member_id=member, sender_id=sender
    ).values_list("pk")[:1]
)


def preferences_of(member: User) -> MessagingPreferences:
    """The member's messaging preferences; the defaults (unsaved) if never changed."""
    found = _PREFERENCES.objects(member=member.pk)
    return found[0] if found else MessagingPreferences(member=member)


def conversation_between(a_id: int, b_id: int, *, last_sender: bool = False) -> Conversation | None:
    """The pair's conversation; with `last_sender`, annotated with who wrote its latest
    message (`last_sender_id`), in the same query: a send asks whether it answers."""
    found = _BETWEEN.objects(key=pair_key(a_id, b_id), shape={"last_sender": last_sender})
    return found[0] if found else None


def conversation_for(member: User, conversation_id: int) -> Conversation:
    """The conversation if `member` takes part in it; otherwise `message.not_found`."""
    found = (
        Conversation.objects.filter(pk=conversation_id, participants__member=member)
        .select_related("started_by")
        .first()
    )
    if found is None:
        raise NotFound("No such conversation.", code="conversation.not_found")
    return found


def state_of(conversation_id: int) -> str:
    """The conversation's state now (after a send may have opened it)."""
    return Conversation.objects.values_list("state", flat=True).get(pk=conversation_id)


def is_archived(member: User, conversation: Conversation) -> bool:
    return Participant.objects.filter(
        conversation=conversation, member=member, archived=True
    ).exists()


def participant_of(member: User, conversation: Conversation) -> Participant:
    return Participant.objects.get(conversation=conversation, member=member)


def others_in(member: User, conversation: Conversation) -> list[User]:
    ids = Participant.objects.filter(conversation=conversation).values("member_id")
    return list(User.objects.filter(pk__in=ids).exclude(pk=member.pk).order_by("display_name"))


def messages_for(
    member: User, conversation: Conversation, *, after_id: int | None = None
) -> list[Message]:
    """The conversation as the member sees it, oldest first. Filtered messages stay in,
    labelled, so the member can judge them in context; pages mark them."""
    qs = (
        visible_messages(member)
        .filter(conversation=conversation)
        .select_related("sender")
        .order_by("created_at", "pk")
    )
    if after_id is not None:
        qs = qs.filter(pk__gt=after_id)
    return list(qs)


def seen_at(member: User, conversation: Conversation) -> dt.datetime | None:
    """When the other side last read the conversation, if both share read receipts."""
    if not preferences_of(member).read_receipts:
        return None
    others = list(
        Participant.objects.filter(conversation=conversation)
        .exclude(member=member)
        .select_related("member")
    )
    if len(others) != 1:
        return None
    other = others[0]
    if not preferences_of(other.member).read_receipts:
        return None
    last = (
        Message.objects.filter(conversation=conversation)
        .order_by("-created_at", "-pk")
        .values_list("sender_id", "created_at")
        .first()
    )
    # "Seen" answers "have they read what I wrote?": only under one's own last message.
    if last is None or last[0] != member.pk or other.last_read_at is None:
        return None
    return other.last_read_at if other.last_read_at >= last[1] else None


# --- who may write, and whether the guard looks ----------------------------------------


class Unread:
    """A fact the caller has not read yet (None is an answer: "no conversation")."""


UNREAD = Unread()


@dataclass(frozen=True)
class Reach:
    """How `sender` can write to `recipient`: "direct", "request", or a refusal."""

    how: str  # "direct" | "request" | "refused"
    code: str = ""
    reason: str = ""
    connected_at: dt.datetime | Unread | None = UNREAD  # as read here, for the guard


def reach(
    sender: User, recipient: User, *, existing: Conversation | Unread | None = UNREAD
) -> Reach:
    """Whether the sender may write to the recipient now, and how. Never raises.

    `existing` is their conversation when the caller has read it already (a send
    has, under the pair's lock): one query fewer."""
    if sender.pk == recipient.pk:
        return Reach("refused", "message.self", "You cannot message yourself.")
    if not recipient.is_active:
        return Reach("refused", "message.recipient_not_found", "No such member.")
    pair = network.pair_between(sender.pk, recipient.pk)
    if pair.blocked:
        return Reach(
            "refused",
            "message.blocked",
            f"You cannot message {recipient.display_name}: one of you has blocked the other.",
        )
    if pair.connected_at is not None:
        return Reach("direct", connected_at=pair.connected_at)
    if isinstance(existing, Unread):
        existing = conversation_between(sender.pk, recipient.pk)
    if existing is not None and existing.state == State.OPEN:
        return Reach("direct", connected_at=None)  # an accepted request stays open
    if existing is not None and existing.state == State.REQUEST:
        if existing.started_by_id == sender.pk:
            return Reach(
                "refused",
                "message.request_pending",
                f"Your message request to {recipient.display_name} is waiting for an answer; "
                "you can write again once they accept it.",
            )
        return Reach("direct", connected_at=None)  # answering their request accepts it
    if existing is not None and existing.state == State.DECLINED:
        if existing.started_by_id == sender.pk:
            return Reach(
                "refused",
                "message.request_declined",
                f"{recipient.display_name} declined your message request. You can write again "
                "if you connect.",
            )
        return Reach("direct", connected_at=None)  # the one who declined may change their mind
    who = preferences_of(recipient).who_may_message
    if who == WhoMayMessage.CONNECTIONS:
        return Reach(
            "refused",
            "message.not_allowed",
            f"{recipient.display_name} accepts messages from connections only. Invite them to "
            "connect, with a note that says why.",
        )
    # Fellow members of a group may ask, within the same limits and guard (issue 17).
    if (
        who == WhoMayMessage.SECOND
        and not network.share_a_connection(sender, recipient)
        and not groups.share_a_group(sender.pk, recipient.pk)
    ):
        return Reach(
            "refused",
            "message.not_allowed",
            f"{recipient.display_name} accepts message requests only from people their "
            "connections know and fellow members of their groups.",
        )
    return Reach("request", connected_at=None)


def guard_applies(
    sender: User,
    recipient: User,
    *,
    request: bool,
    now: dt.datetime | None = None,
    connected_at: dt.datetime | Unread | None = UNREAD,
    existing: Conversation | Unread | None = UNREAD,
) -> bool:
    """Whether the first-contact guard checks this message before delivery.

    Every message request is checked; so is every message, from either side, while the
    two are new to each other: for GUARD_DAYS after they connected, or after a message
    request between them was accepted (the reply that accepts it included). Who asked
    does not matter: the one who accepted an invitation can pitch as well as the one
    who sent it (issue 11). The recipient may turn the guard off, or off for this sender.
    When the time they connected, and their conversation, were read already (`reach`), the
    caller passes them and they are not read again.
    """
    now = now or timezone.now()
    prefs = preferences_of(recipient)
    if not prefs.guard_enabled:
        return False
    if _EXEMPTED.rows(member=recipient.pk, sender=sender.pk):
        return False
    if request:
        return True
    if isinstance(connected_at, Unread):
        connection = network.connection_between(sender.pk, recipient.pk)
        connected_at = connection.created_at if connection is not None else None
    if connected_at is not None:
        since = connected_at
    else:
        # A request, accepted earlier or by this very reply: like a connection made then.
        # (A conversation opened while they were connected has no such moment.)
        if isinstance(existing, Unread):
            existing = conversation_between(sender.pk, recipient.pk)
        if existing is not None and existing.state == State.REQUEST:
            since = now
        elif existing is not None and existing.decided_at is not None:
            since = existing.decided_at
        else:
            return False
    return since > now - dt.timedelta(days=limits.value("conversations.guard_days"))


def exempted_by(member: User) -> QuerySet[User]:
    """The senders this member turned the guard off for."""
    return User.objects.filter(
        pk__in=GuardExemption.objects.filter(member=member).values("sender_id")
    ).order_by("display_name")


def recent_signatures(sender: User, *, now: dt.datetime) -> list[tuple[int, bytes]]:
    """The sender's one-to-one messages in the bulk window: (recipient, MinHash)."""
    since = now - dt.timedelta(days=limits.value("conversations.bulk_days"))
    rows = (
        Message.objects.filter(
            sender=sender, created_at__gte=since, recipient__isnull=False, signature__isnull=False
        )
        .order_by("-created_at")
        .values_list("recipient_id", "signature")[:1000]
    )
    return [(rid, bytes(sig)) for rid, sig in rows if sig is not None]


def unread_flag(member: User, conversation: Conversation) -> bool:
    me = participant_of(member, conversation)
    qs = visible_messages(member).filter(conversation=conversation).exclude(sender=member)
    if me.last_read_at is not None:
        qs = qs.filter(created_at__gt=me.last_read_at)
    return qs.filter(in_inbox(member)).exists()


__all__ = [
    "FOLDERS",
    "ConversationRow",
    "Counts",
    "Reach",
    "conversation_between",
    "conversation_for",
    "counts_for",
    "exempted_by",
    "folder_conversations",
    "folder_for",
    "folder_rows",
    "guard_applies",
    "messages_for",
    "others_in",
    "participant_of",
    "preferences_of",
    "reach",
    "recent_signatures",
    "seen_at",
    "unread_flag",
    "visible_messages",
]
