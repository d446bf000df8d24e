"""Connections: undirected, once per pair, never with oneself — enforced by the database.

Every change to them is also appended to `ConnectionChange`, the log the graph index
replays (decision 0008).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ConnectionSource(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    IMPORT = "import", "Import"
    OPERATOR = "operator", "Operator"


class Connection(models.Model):
    """A pair of members who know each other.

    Stored once with the lower member id first, so "a pair exists once" is a plain
    unique constraint and "never with oneself" a check that low < high.
    """

    member_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    member_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(max_length=12, choices=ConnectionSource.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member_low", "member_high"], name="connection_pair_once"
            ),
            models.CheckConstraint(
                condition=Q(member_low__lt=F("member_high")), name="connection_ordered_not_self"
            ),
            models.CheckConstraint(
                condition=Q(source__in=ConnectionSource.values), name="connection_source_valid"
            ),
        ]
        # member_low is covered by the unique constraint's index; the other side needs its own.
        indexes = [models.Index(fields=["member_high", "member_low"], name="connection_high_idx")]

    def __str__(self) -> str:
        return f"{self.member_low_id} — {self.member_high_id}"

    def other(self, member_id: int) -> int:
        return self.member_high_id if member_id == self.member_low_id else self.member_low_id


class ConnectionChange(models.Model):
    """A connection made (`added`) or removed, appended in the transaction that made
    the change, so every process's graph index can catch up without a rebuild.

    Ids come from a sequence, so on PostgreSQL two writers may commit out of id order;
    readers do not go past a missing id until every transaction that could still
    commit it has ended (decision 0008), so "every row after my watermark" is exactly
    what a process has not seen. The member ids are plain integers, not foreign keys: the
    log must outlive a deleted member. A row with both ids 0 is a marker: the
    connections table changed in bulk (an import), and indexes rebuild from it.
    """

    member_low_id = models.BigIntegerField()
    member_high_id = models.BigIntegerField()
    added = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member_low_id__lt=F("member_high_id"))
                | Q(member_low_id=0, member_high_id=0),
                name="connection_change_ordered_or_marker",
            ),
        ]

    def __str__(self) -> str:
        if self.is_bulk_marker:
            return f"#{self.pk} bulk change"
        sign = "+" if self.added else "−"
        return f"#{self.pk} {sign}{self.member_low_id} — {self.member_high_id}"

    @property
    def is_bulk_marker(self) -> bool:
        return self.member_low_id == 0 and self.member_high_id == 0


class Block(models.Model):
    """One member shutting another out: no messages, no invitations, no suggestions.

    Directed (who blocked whom) so only the member who blocked can undo it; the
    effect is symmetric, which the selectors apply. Lives with connections because
    invitations, messaging and suggestions, all above this app, must honour it.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(member=F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "member"], name="block_blocked_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} blocked {self.blocked_id}"
