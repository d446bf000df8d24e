"""What limits members: quota slots, complaints, and the stored part of a standing.

Every capability takes its allowances (invitations, message requests, introductions,
mentions, join e-mails) as `QuotaSlot` rows, files reports as `Complaint` rows, and reads
a restriction from `Standing`; how a capability turns answers into a restriction is its
own (invitations' standing). The tables kept the names invitations gave them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class QuotaSlot(models.Model):
    """One unit of a sender's allowance; taken when its last use left the window.

    A sender has `cap` slots per kind (numbered 0…cap-1). Sending takes a slot
    with `UPDATE … WHERE used_at < window_start`: a conditional update, so two
    concurrent sends can never take the same slot and never exceed the cap.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4)  # a code registered with quotas.quota_kind
    number = models.PositiveIntegerField()
    used_at = models.DateTimeField()

    class Meta:
        db_table = "invitations_quotaslot"  # made by invitations, which owned it first
        constraints = [
            models.UniqueConstraint(fields=["member", "kind", "number"], name="quota_slot_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} slot {self.number} of {self.member_id}"


class Standing(models.Model):
    """What the platform remembers about a sender beyond their invitations.

    Rates and counts are computed from invitations; only the restriction (which
    a job lifts and a moderator may end early) and the point from which
    negative answers count again after an accepted appeal are stored.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="invitation_standing",
    )
    restricted_at = models.DateTimeField(null=True, blank=True)
    restricted_until = models.DateTimeField(null=True, blank=True)
    counting_since = models.DateTimeField(null=True, blank=True)
    # When the member was last told they are one answer from a restriction, and
    # since when a throttle applies: so each is announced once, not on every answer.
    warned_at = models.DateTimeField(null=True, blank=True)
    throttled_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "invitations_standing"
        constraints = [
            models.CheckConstraint(
                condition=Q(restricted_until__isnull=True) | Q(restricted_at__isnull=False),
                name="standing_restriction_whole",
            )
        ]

    def __str__(self) -> str:
        return f"standing of {self.member_id}"


class ComplaintSource(models.TextChoices):
    MESSAGE = "message", "Message reported"
    POST = "post", "Post reported"
    COMMENT = "comment", "Comment reported"
    INVITATION = "invitation", "Invitation reported as spam"
    PROFILE = "profile", "Profile reported"


class ComplaintOutcome(models.TextChoices):
    DISMISSED = "dismissed", "Dismissed: it no longer counts"
    ACTIONED = "actioned", "A moderator acted on it"


class ComplaintReason(models.TextChoices):
    SPAM = "spam", "Spam"
    SCAM = "scam", "Scam or fraud"
    HARASSMENT = "harassment", "Harassment"


class Complaint(models.Model):
    """A member reported from outside their invitations — a message reported as spam.

    It counts in the reported member's standing exactly like an invitation answered
    "report": seed 003's spammers must not escape the limits by switching from
    invitations to messages. One per reporter and reported thing.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ComplaintSource.choices)
    reference = models.PositiveBigIntegerField()  # the reported thing's id within its source
    reason = models.CharField(
        max_length=10, choices=ComplaintReason.choices, default=ComplaintReason.SPAM
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The moderation console's answer: open until handled; a dismissed report stops
    # counting against the member.
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=ComplaintOutcome.choices, blank=True)

    class Meta:
        db_table = "invitations_complaint"
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "source", "reference"], name="complaint_once"
            ),
            models.CheckConstraint(condition=~Q(member=F("reporter")), name="complaint_not_self"),
            models.CheckConstraint(
                condition=Q(source__in=ComplaintSource.values), name="complaint_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(handled_at__isnull=True, outcome="")
                | Q(handled_at__isnull=False, outcome__in=ComplaintOutcome.values),
                name="complaint_handled_whole",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "created_at"], name="complaint_member_idx"),
            # The console's queue: the open reports, oldest first.
            models.Index(
                fields=["created_at"], name="complaint_open_idx", condition=Q(handled_at=None)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.reference}: {self.reporter_id} reported {self.member_id}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", "Warning"
    REMOVAL = "removal", "Content removed"
    RESTRICTION = "restriction", "Restriction"
    SUSPENSION = "suspension", "Account suspended"


class Capability(models.TextChoices):
    """What a restriction may stop, each checked by the capability's own service."""

    INVITATIONS = "invitations", "Sending invitations"
    MESSAGES = "messages", "Sending messages"
    POSTS = "posts", "Posting and commenting"
    INTRODUCTIONS = "introductions", "Asking for introductions"


class AppealState(models.TextChoices):
    NONE = "", "Not appealed"
    PENDING = "pending", "Waiting for a moderator"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class Sanction(models.Model):
    """What a moderator decided about a member, told to them in plain words, with one
    appeal each. Restrictions and suspensions have a period; a lifted one ends early."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=12, choices=SanctionKind.choices)
    capability = models.CharField(max_length=14, choices=Capability.choices, blank=True)
    # What it is about: the reported thing (a complaint's source and reference), if any.
    source = models.CharField(max_length=10, choices=ComplaintSource.choices, blank=True)
    reference = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=1000)  # to the member, in plain words
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)  # a suspension may have none
    lifted_at = models.DateTimeField(null=True, blank=True)
    appeal_state = models.CharField(
        max_length=8, choices=AppealState.choices, blank=True, default=AppealState.NONE
    )
    appeal_text = models.TextField(max_length=2000, blank=True)
    appealed_at = models.DateTimeField(null=True, blank=True)
    appeal_decided_at = models.DateTimeField(null=True, blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_note = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SanctionKind.values), name="sanction_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="restriction") | (~Q(capability="") & Q(ends_at__isnull=False)),
                name="sanction_restriction_whole",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="sanction_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(appeal_state__in=AppealState.values), name="sanction_appeal_valid"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="sanction_reason_given"),
        ]
        indexes = [
            models.Index(fields=["member", "kind"], name="sanction_member_idx"),
            models.Index(
                fields=["appealed_at"],
                name="sanction_appeal_waiting_idx",
                condition=Q(appeal_state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.member_id}"
