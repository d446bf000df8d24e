from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """Something a member should hear about: who did what to which thing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    is_read = models.BooleanField(default=False)
    # Seen: shown in the list (the badge counts the unseen). Read: opened, or marked read.
    is_seen = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "is_read", "-created_at"], name="notif_inbox_idx"),
            models.Index(
                fields=["recipient"], condition=models.Q(is_seen=False), name="notif_unseen_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_type__isnull=True, target_id__isnull=True)
                | models.Q(target_type__isnull=False, target_id__isnull=False),
                name="notif_target_whole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class MentionsFrom(models.TextChoices):
    EVERYONE = "everyone", "Anyone who may mention me"
    NETWORK = "network", "Only my connections"


class NotificationPreferences(models.Model):
    """How a member wants to hear about things; absent means the defaults.

    `mentions_from` is stored now (posts ask for it) and honoured by the service that
    mentions: a member who chose "my network only" is not notified of a stranger's
    mention. Digests and per-kind choices belong to the notifications capability.
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    mentions_from = models.CharField(
        max_length=8, choices=MentionsFrom.choices, default=MentionsFrom.EVERYONE
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentions_from__in=MentionsFrom.values),
                name="notifprefs_mentions_valid",
            )
        ]

    def __str__(self) -> str:
        return f"notification preferences of {self.member_id}"
