"""Invitations to connect, the short thread attached to one, and the rules around them.

A pending invitation exists at most once per pair of members, whichever way it
was sent: a partial unique constraint on the unordered pair guards that.
Allowances, complaints and restrictions belong to the `limits` capability.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone


class State(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    IGNORED = "ignored", "Ignored"
    DECLINED = "declined", "I don't know this person"
    REPORTED = "reported", "Reported as spam"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


class HowWeKnow(models.TextChoices):
    COLLEAGUE = "colleague", "Colleagues at a shared employer"
    CLASSMATE = "classmate", "Classmates at a shared school"
    EVENT = "event", "We met at an event"
    MUTUAL = "mutual", "Through a mutual connection"
    GROUP = "group", "In a shared group"
    NOT_MET = "not_met", "We haven't met"
    OTHER = "other", "Other"


class Invitation(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_received"
    )
    note = models.CharField(max_length=300, blank=True)
    how_we_know = models.CharField(max_length=12, choices=HowWeKnow.choices)
    # Which employer, school, event, group — or free text for "other".
    how_detail = models.CharField(max_length=120, blank=True)
    mutual = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The coach's verdict when it was sent: the inbox sorts and groups by it.
    note_is_default = models.BooleanField(default=True)
    note_is_pitch = models.BooleanField(default=False)
    note_personalization = models.PositiveSmallIntegerField(default=0)
    email_confirmed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="invitation_not_self"),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="invitation_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(how_we_know__in=HowWeKnow.values), name="invitation_how_valid"
            ),
            models.CheckConstraint(
                condition=Q(note_personalization__lte=100), name="invitation_score_range"
            ),
            models.CheckConstraint(
                condition=Q(state=State.PENDING, decided_at__isnull=True)
                | (~Q(state=State.PENDING) & Q(decided_at__isnull=False)),
                name="invitation_decided_when_not_pending",
            ),
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                condition=Q(state=State.PENDING),
                name="invitation_one_pending_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "state", "-created_at"], name="invitation_inbox_idx"),
            models.Index(fields=["sender", "state", "-created_at"], name="invitation_outbox_idx"),
            models.Index(fields=["sender", "decided_at"], name="invitation_decided_idx"),
            models.Index(fields=["state", "created_at"], name="invitation_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.state})"


class InvitationMessage(models.Model):
    """One line of the "how do we know each other?" thread attached to an invitation."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="invmsg_text_set")]

    def __str__(self) -> str:
        return f"message on invitation {self.invitation_id}"


class WhoMayInvite(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    MUTUAL = "mutual", "Only people with a mutual connection"
    EMAIL = "email", "Only people who know my email address"


class InvitationPreferences(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="invitation_preferences",
    )
    who_may_invite = models.CharField(
        max_length=8, choices=WhoMayInvite.choices, default=WhoMayInvite.ANYONE
    )
    note_required = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "invitation preferences"
        constraints = [
            models.CheckConstraint(
                condition=Q(who_may_invite__in=WhoMayInvite.values), name="invprefs_who_valid"
            )
        ]

    def __str__(self) -> str:
        return f"invitation preferences of {self.member_id}"


class AppealState(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class Appeal(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation_appeals"
    )
    text = models.TextField(max_length=2000)
    state = models.CharField(max_length=8, choices=AppealState.choices, default=AppealState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderator_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="pending"), name="appeal_one_pending"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AppealState.values), name="appeal_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"appeal by {self.member_id} ({self.state})"
