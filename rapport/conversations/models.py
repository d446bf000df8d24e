"""Conversations, their participants and messages; who may write; whom the guard spares.

A conversation has participants rather than two member columns so that an
introduction can later open one with three people. A one-to-one conversation
carries `pair_key` ("low:high" member ids), unique, so a pair has one
conversation and so one request at most — the database says so, not a count:
two concurrent first messages cannot both open a request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class State(models.TextChoices):
    OPEN = "open", "Open"
    # Written by someone the recipient is not connected with; waits in Requests.
    REQUEST = "request", "Message request"
    DECLINED = "declined", "Request declined"


class Conversation(models.Model):
    pair_key = models.CharField(max_length=41, unique=True, null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(state__in=State.values), name="conversation_state"),
        ]

    def __str__(self) -> str:
        return f"conversation {self.pk} ({self.state})"


def pair_key(a_id: int, b_id: int) -> str:
    low, high = sorted((a_id, b_id))
    return f"{low}:{high}"


class Participant(models.Model):
    """One member's side of a conversation: what they have read, archived or cleared."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)
    last_read_at = models.DateTimeField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    # "Delete for me": messages up to this moment are gone from this member's view.
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "member"], name="participant_once"),
        ]
        indexes = [models.Index(fields=["member", "conversation"], name="participant_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} in {self.conversation_id}"


class Message(models.Model):
    """A message as sent, with the guard's verdict for its recipient.

    `held` puts it in the recipient's Filtered folder instead of the inbox; `reasons`
    says why (the classifier's reasons, with the phrases that triggered them).
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The one other member of a one-to-one conversation: bulk detection counts
    # distinct recipients of a sender's near-identical messages.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    checked = models.BooleanField(default=False)  # the guard looked at it
    held = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)  # ["pitch", "automated", "bulk"]
    reasons = models.JSONField(default=list, blank=True)
    sent_anyway = models.BooleanField(default=False)  # the sender saw the warning
    released_at = models.DateTimeField(null=True, blank=True)  # moved to the inbox
    reported_at = models.DateTimeField(null=True, blank=True)
    signature = models.BinaryField(null=True, blank=True)  # MinHash, for bulk detection

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="message_text_set"),
            models.CheckConstraint(
                condition=Q(recipient__isnull=True) | ~Q(recipient=F("sender")),
                name="message_not_to_self",
            ),
            models.CheckConstraint(
                condition=Q(held=False) | Q(checked=True), name="message_held_after_check"
            ),
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="message_conv_idx"),
            models.Index(fields=["sender", "created_at"], name="message_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} from {self.sender_id}"

    @property
    def filtered(self) -> bool:
        """Whether the recipient sees it in Filtered rather than in the conversation."""
        return self.held and self.released_at is None and self.reported_at is None


class WhoMayMessage(models.TextChoices):
    CONNECTIONS = "connections", "Only my connections"
    SECOND = "second", "Also people my connections know (2nd degree) and fellow group members"
    ANYONE = "anyone", "Anyone on Rapport"


class MessagingPreferences(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="messaging_preferences",
    )
    who_may_message = models.CharField(
        max_length=12, choices=WhoMayMessage.choices, default=WhoMayMessage.SECOND
    )
    # Off: others do not see when you read; and, fairly, you do not see when they do.
    read_receipts = models.BooleanField(default=True)
    guard_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(who_may_message__in=WhoMayMessage.values), name="who_may_message_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"messaging preferences of {self.member_id}"


class GuardExemption(models.Model):
    """The recipient turned the first-contact guard off for this one sender."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "sender"], name="guard_exemption_once"),
            models.CheckConstraint(condition=~Q(member=F("sender")), name="guard_exemption_other"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} trusts {self.sender_id}"
