"""Connections: undirected, once per pair, never with oneself — enforced by the database."""

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
