from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Influence(models.Model):
    """A member's current influence: the 1–100 rank, the raw value it ranks, each part
    and the counts its sentences are made of. Recomputed by a job (decision 0022)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="influence"
    )
    score = models.PositiveSmallIntegerField(default=1)
    raw = models.FloatField(default=0.0)
    parts = models.JSONField(default=dict)  # content, conversation, network, reach
    counts = models.JSONField(default=dict)
    # Shown to other members only if the member chooses.
    public = models.BooleanField(default=False)
    # The share of the people whose posts they answer who answer theirs (an engagement
    # pod's members are near 1): set by the daily pass, read by one member's recompute.
    closeness = models.FloatField(default=0.0)
    # The score the last daily pass weighed this member's responses by (their score before
    # it): one member's recompute between passes weighs them the same.
    standing = models.PositiveSmallIntegerField(default=1)
    stale = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=100), name="influence_score_range"
            ),
            models.CheckConstraint(condition=models.Q(raw__gte=0), name="influence_raw_pos"),
            models.CheckConstraint(
                condition=models.Q(closeness__gte=0, closeness__lte=1),
                name="influence_closeness_range",
            ),
            models.CheckConstraint(
                condition=models.Q(standing__gte=1, standing__lte=100),
                name="influence_standing_range",
            ),
        ]
        indexes = [models.Index(fields=["raw"], name="influence_raw_idx")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.score}"


class InfluenceDay(models.Model):
    """One day of a member's history: the score, the raw value and the parts, so the week's
    change can be explained part by part."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="influence_days"
    )
    day = models.DateField()
    score = models.PositiveSmallIntegerField()
    raw = models.FloatField()
    parts = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "day"], name="influenceday_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=100), name="influenceday_score_range"
            ),
        ]
        ordering = ["member", "day"]

    def __str__(self) -> str:
        return f"{self.member_id} on {self.day}: {self.score}"


class InfluenceScale(models.Model):
    """The community's scale on a day: the least raw value that earned each score from 2
    to 100 (`scoring.scale_of`), so one member is ranked between daily passes without
    reading everyone's values."""

    day = models.DateField(unique=True)
    members = models.PositiveIntegerField()
    least = models.JSONField(default=list)  # 99 raw values or nulls, for scores 2..100
    computed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"scale of {self.day} ({self.members} members)"
