from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from rapport.notifications.kinds import Email
from rapport.notifications.tiers import Tier


class Notification(models.Model):
    """Something a member should hear about: who did what to which thing.

    A grouped kind keeps one open row per recipient and `group_key` (the kind and its
    target): new activity within the window joins it (one more actor, the count up,
    unseen and unread again, `updated_at` now) instead of adding a row. Everyone who
    joined is in `NotificationActor`; the row keeps the latest two for its sentence.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # The actor before the latest, for "Ada Mensah, Ben Okafor and 12 others".
    other_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_count = models.PositiveIntegerField(default=1)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.OTHER)
    # "" for kinds that never group; else the kind and target, one open row per recipient.
    group_key = models.CharField(max_length=120, blank=True, default="")
    group_open = models.BooleanField(default=False)
    # Kept for e-mail while the member turned the site channel off for this kind.
    on_site = models.BooleanField(default=True)
    # A mention held back by the member's "mentions from" choice, to review when they like.
    is_filtered = models.BooleanField(default=False)
    is_read = models.BooleanField(default=False)
    # Seen: shown in the list (the badge counts the unseen). Read: opened, or marked read.
    is_seen = models.BooleanField(default=False)
    # How this row reaches the inbox: "instant", "digest" or "off" (decided when written).
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.OFF)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The latest activity: when a group last grew.
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["is_read", "tier", "-updated_at", "-id"]
        indexes = [
            # The list: unread by tier then newest, read ones after, only what is shown.
            models.Index(
                fields=["recipient", "is_read", "tier", "-updated_at", "-id"],
                condition=models.Q(on_site=True, is_filtered=False),
                name="notif_list_idx",
            ),
            models.Index(
                fields=["recipient"],
                condition=models.Q(is_seen=False, on_site=True, is_filtered=False),
                name="notif_unseen_idx",
            ),
            models.Index(
                fields=["recipient", "-updated_at"],
                condition=models.Q(is_filtered=True),
                name="notif_filtered_idx",
            ),
            # What the digest still has to say.
            models.Index(
                fields=["recipient", "updated_at"],
                condition=models.Q(email="digest", emailed_at__isnull=True),
                name="notif_digest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_type__isnull=True, target_id__isnull=True)
                | models.Q(target_type__isnull=False, target_id__isnull=False),
                name="notif_target_whole",
            ),
            models.CheckConstraint(
                condition=models.Q(email__in=Email.values), name="notif_email_valid"
            ),
            models.CheckConstraint(condition=models.Q(actor_count__gte=1), name="notif_count_pos"),
            models.CheckConstraint(
                condition=models.Q(group_open=False) | ~models.Q(group_key=""),
                name="notif_open_group_keyed",
            ),
            # Two writers racing to start the same group: one wins, the other joins it.
            models.UniqueConstraint(
                fields=["recipient", "group_key"],
                condition=models.Q(group_open=True),
                name="notif_one_open_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationActor(models.Model):
    """Everyone whose activity a (grouped) notification stands for, once each."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="actors")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "actor"], name="notifactor_once")
        ]
        indexes = [models.Index(fields=["notification", "-at"], name="notifactor_recent_idx")]

    def __str__(self) -> str:
        return f"{self.actor_id} in {self.notification_id}"


class MentionsFrom(models.TextChoices):
    EVERYONE = "everyone", "Anyone who may mention me"
    NETWORK = "network", "Only my connections"
    A_NETWORK = "a_network", "Only my A network (the connections I trust most)"


class Digest(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    OFF = "off", "No digest"


class NotificationPreferences(models.Model):
    """How a member wants to hear about things; absent means the defaults.

    Mentions held back by `mentions_from` are kept in the member's filtered list. The
    digest goes out at `digest_hour` in `time_zone` (weekly: on `digest_weekday`,
    Monday = 0).
    """

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    mentions_from = models.CharField(
        max_length=9, choices=MentionsFrom.choices, default=MentionsFrom.EVERYONE
    )
    digest = models.CharField(max_length=6, choices=Digest.choices, default=Digest.WEEKLY)
    digest_hour = models.PositiveSmallIntegerField(default=8)
    digest_weekday = models.PositiveSmallIntegerField(default=0)
    time_zone = models.CharField(max_length=64, default="UTC")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentions_from__in=MentionsFrom.values),
                name="notifprefs_mentions_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(digest__in=Digest.values), name="notifprefs_digest_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(digest_hour__lte=23), name="notifprefs_hour_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(digest_weekday__lte=6), name="notifprefs_weekday_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"notification preferences of {self.member_id}"


class KindPreference(models.Model):
    """A member's choice for one kind, per channel; absent means the kind's defaults."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_kinds"
    )
    kind = models.CharField(max_length=60)
    site = models.BooleanField(default=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.DIGEST)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="kindpref_once"),
            models.CheckConstraint(
                condition=models.Q(email__in=Email.values), name="kindpref_email_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.member_id}"


class MutedThing(models.Model):
    """ "Mute this post": nothing more about it reaches the member."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "target_type", "target_id"], name="mutedthing_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} muted {self.target_type_id}:{self.target_id}"


class MutedMentioner(models.Model):
    """ "Mute this person's mentions": their @mentions of the member notify nobody."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "actor"], name="mutedmentioner_once"),
            models.CheckConstraint(
                condition=~models.Q(member=models.F("actor")), name="mutedmentioner_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} muted mentions by {self.actor_id}"


class EmailDay(models.Model):
    """How many notification e-mails a member got on one (UTC) day: the daily cap is a
    conditional update of `sent` (decision 0007's pattern), never count-then-send."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "day"], name="emailday_once")]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.day}: {self.sent}"


class EmailSent(models.Model):
    """One row per e-mail ever sent, keyed so that a job that runs twice sends once
    ("n:<notification id>", "digest:<period>")."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "key"], name="emailsent_once")]

    def __str__(self) -> str:
        return f"{self.key} to {self.member_id}"
