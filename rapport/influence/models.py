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
    # Answers mostly people who answer back (an engagement pod): set by the daily pass.
    closed = models.BooleanField(default=False)
    stale = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=100), name="influence_score_range"
            ),
            models.CheckConstraint(condition=models.Q(raw__gte=0), name="influence_raw_pos"),
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
