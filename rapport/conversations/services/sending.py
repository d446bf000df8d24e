"""Sending a message: who may write, the first-contact guard, then one transaction.

Order matters. Every refusal comes before any write; the guard's warning is a
refusal too (`message.needs_review`), so a warned sender has changed nothing
and can edit or send anyway. A request's weekly slot is taken only for a
message that is actually delivered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.conversations import notification_kinds as kinds
from rapport.conversations import selectors
from rapport.conversations.guard import bulk, classify_message, suggestions_for
from rapport.conversations.limits import REQUESTS
from rapport.conversations.models import Conversation, Message, Participant, State, pair_key
from rapport.conversations.states import CONVERSATION
from rapport.core import limits
from rapport.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rapport.core.text import clean_paragraphs, fold, words
from rapport.limits.selectors import restricted
from rapport.limits.selectors.moderation import ensure_allowed
from rapport.limits.services import slot_take
from rapport.notifications.services import notification_send

BULK_MIN_WORDS = 8


class NeedsReview(Conflict):
    """The guard would filter this message: the sender sees why and may send anyway."""

    code = "message.needs_review"

    def __init__(self, verdict: GuardVerdict) -> None:
        super().__init__(
            "This message would go to the recipient's Filtered folder: "
            + "; ".join(verdict.reasons)
            + ". Edit it, or send it anyway.",
        )
        self.verdict = verdict

    def as_dict(self) -> dict[str, object]:
        data = super().as_dict()
        data.update(
            flags=self.verdict.flags,
            reasons=self.verdict.reasons,
            suggestions=self.verdict.suggestions,
        )
        return data


@dataclass
class GuardVerdict:
    checked: bool
    flags: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    signature: bytes | None = None


def _clean(text: str) -> str:
    text = clean_paragraphs(text)
    if not text:
        raise ValidationFailed("Write a message first.", code="message.empty", field="text")
    most = selectors.message_settings()["MESSAGE_MAX_CHARS"]
    if len(text) > most:
        raise ValidationFailed(
            f"A message is at most {most} characters; yours has {len(text)}.",
            code="message.too_long",
            field="text",
        )
    return text


def guard_check(
    *,
    sender: User,
    recipient: User | None,
    text: str,
    request: bool,
    now: dt.datetime,
    reach: selectors.Reach | None = None,
    existing: Conversation | selectors.Unread | None = selectors.UNREAD,
) -> GuardVerdict:
    """The guard's verdict for this message to this recipient (nothing is written).

    Pitch and automated come from the classifier; bulk from the sender's own recent
    messages: near-identical text to BULK_RECIPIENTS people within BULK_DAYS. A send
    passes what it read already (`reach`, their conversation) so it is not read twice.
    """
    signature = bulk.signature(text)
    if recipient is None or not selectors.guard_applies(
        sender,
        recipient,
        request=request,
        now=now,
        connected_at=reach.connected_at if reach is not None else selectors.UNREAD,
        existing=existing,
    ):
        return GuardVerdict(checked=False, signature=signature)
    # Writing back when the latest message is the other person's answers them.
    last = getattr(existing, "last_sender_id", None) if isinstance(existing, Conversation) else None
    answering = last is not None and last != sender.pk
    verdict = classify_message(text, answering=answering)
    flags = [name for name in ("pitch", "automated") if getattr(verdict, name)]
    reasons = list(verdict.reasons)
    similar: set[int] = set()
    # "Thanks, talk soon!" to five people is manners, not a mailing: only a message with
    # something to say can be mass-produced.
    if len(words(fold(text))) >= BULK_MIN_WORDS:
        similar = bulk.bulk_recipients(
            signature,
            selectors.recent_signatures(sender, now=now),
            limits.value("conversations.bulk_similarity_percent") / 100,
        )
        similar.discard(recipient.pk)
    if similar and len(similar) + 1 >= limits.value("conversations.bulk_recipients"):
        flags.append("bulk")
        others = "1 other person" if len(similar) == 1 else f"{len(similar)} other people"
        days = limits.value("conversations.bulk_days")
        window = "the last day" if days == 1 else f"the last {days} days"
        reasons.append(f"Near-identical text went to {others} in {window}")
    return GuardVerdict(
        checked=True,
        flags=flags,
        reasons=reasons,
        suggestions=suggestions_for(flags) if flags else [],
        signature=signature,
    )


def refuse_unreachable(reach: selectors.Reach) -> None:
    if reach.code in ("message.recipient_not_found", "message.self"):
        raise NotFound(reach.reason, code=reach.code)
    if reach.code in ("message.request_pending", "message.request_declined"):
        raise Conflict(reach.reason, code=reach.code)
    raise PermissionDenied(reach.reason, code=reach.code)


def message_send(
    *,
    sender: User,
    text: str,
    recipient: User | None = None,
    conversation_id: int | None = None,
    send_anyway: bool = False,
    now: dt.datetime | None = None,
) -> Message:
    """Write to a member (starting or continuing your conversation) or into a conversation.

    Raises `message.needs_review` when the guard would filter the message and the
    sender has not chosen to send anyway.
    """
    now = now or timezone.now()
    text = _clean(text)
    if conversation_id is None and recipient is None:
        raise ValidationFailed("Say whom to write to.", code="message.recipient_required")
    try:
        return _send_once(sender, text, recipient, conversation_id, send_anyway, now)
    except IntegrityError:
        # Both sides of a new pair wrote first at the same moment and the other message
        # opened the conversation: this one goes into it, with every check run again.
        try:
            return _send_once(sender, text, recipient, conversation_id, send_anyway, now)
        except IntegrityError as exc:
            raise Conflict(
                "A conversation with this member was just started; open it and write there.",
                code="message.request_pending",
            ) from exc


def _send_once(
    sender: User,
    text: str,
    recipient: User | None,
    conversation_id: int | None,
    send_anyway: bool,
    now: dt.datetime,
) -> Message:
    with transaction.atomic():
        # In the transaction: a restriction imposed a moment ago is not raced past.
        ensure_allowed(sender, "messages", now=now)
        conversation: Conversation | None = None
        if conversation_id is not None:
            conversation = selectors.conversation_for(sender, conversation_id)
            others = selectors.others_in(sender, conversation)
            recipient = others[0] if len(others) == 1 else None
            if recipient is None and not others:
                raise Conflict("Nobody else is in this conversation.", code="message.alone")
            members_lock(sender, *others)
            # The pair's own conversation, read again under the locks (this one was read
            # before them, and after an erasure it may not be the pair's).
            pair = (
                selectors.conversation_between(sender.pk, recipient.pk, last_sender=True)
                if recipient is not None
                else None
            )
        else:
            assert recipient is not None
            members_lock(sender, recipient)
            conversation = pair = selectors.conversation_between(
                sender.pk, recipient.pk, last_sender=True
            )

        request = False
        reach: selectors.Reach | None = None
        if recipient is not None:
            reach = selectors.reach(sender, recipient, existing=pair)
            if reach.how == "refused":
                refuse_unreachable(reach)
            request = reach.how == "request"
            if request and restricted(sender, now=now):
                raise PermissionDenied(
                    "While a limit applies to your invitations you cannot send message "
                    "requests either. Your standing page says when it lifts.",
                    code="message.restricted",
                )
        verdict = guard_check(
            sender=sender,
            recipient=recipient,
            text=text,
            request=request,
            now=now,
            reach=reach,
            existing=pair,
        )
        if verdict.flags and not send_anyway:
            raise NeedsReview(verdict)  # rolls back: nothing was written
        if request:
            assert recipient is not None
            slot_take(
                member=sender,
                kind=REQUESTS,
                cap=limits.value("conversations.message_requests_per_week"),
                now=now,
                what="message requests",
            )
        started = conversation is None
        conversation = _open(sender, recipient, conversation, request=request, now=now)
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            recipient=recipient,
            text=text,
            created_at=now,
            checked=verdict.checked,
            held=bool(verdict.flags),
            flags=verdict.flags,
            reasons=verdict.reasons,
            sent_anyway=bool(verdict.flags) and send_anyway,
            signature=verdict.signature,
        )
        if not started:  # a new conversation was written with all of this already
            Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
            # A new message brings an archived conversation back; the sender has read it.
            Participant.objects.filter(conversation=conversation).update(
                archived=False,
                last_read_at=Case(When(member=sender, then=Value(now)), default=F("last_read_at")),
            )
        # A filtered request waits in Filtered, unannounced: the guard kept it out.
        if request and recipient is not None and not message.held:
            url = reverse("conversations:detail", args=[conversation.pk])
            notify = recipient
            opened = conversation
            transaction.on_commit(
                lambda: notification_send(
                    recipient=notify,
                    kind=kinds.REQUEST_RECEIVED.code,
                    actor=sender,
                    target=opened,
                    url=url,
                )
            )
    return message


def _open(
    sender: User,
    recipient: User | None,
    conversation: Conversation | None,
    *,
    request: bool,
    now: dt.datetime,
) -> Conversation:
    """The conversation to write into: created for a first message, opened when the
    writer's reply answers a request or the two have since connected."""
    if conversation is None:
        assert recipient is not None
        conversation = Conversation.objects.create(
            pair_key=pair_key(sender.pk, recipient.pk),
            state=State.REQUEST if request else State.OPEN,
            started_by=sender,
            created_at=now,
            last_message_at=now,
        )
        Participant.objects.bulk_create(
            [
                Participant(
                    conversation=conversation, member=sender, joined_at=now, last_read_at=now
                ),
                Participant(conversation=conversation, member=recipient, joined_at=now),
            ]
        )
        return conversation
    if conversation.state == State.OPEN:
        # Read in this transaction under the pair's lock, and nothing turns an open
        # conversation back into a request: no second read to lock it.
        return conversation
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.state != State.OPEN and not request:
        CONVERSATION.transition(locked, State.OPEN)
        locked.decided_at = locked.decided_at or now
        locked.save(update_fields=["state", "decided_at"])
    elif locked.state == State.REQUEST and locked.started_by_id == sender.pk:
        raise Conflict("Your message request is still waiting.", code="message.request_pending")
    return locked
