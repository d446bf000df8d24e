"""What the statistics job computed for a group, read by its statistics page."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class GroupStats(models.Model):
    """One group's participation figures as of `computed_at` (statistics.py defines each).

    The page and the API read this row; they never count activity themselves, so a group
    of 20,000 members costs a page view one query (issue 17).
    """

    group = models.OneToOneField("groups.Group", on_delete=models.CASCADE, related_name="stats")
    computed_at = models.DateTimeField(default=timezone.now)
    # Seconds the job took, shown to managers and in the benchmark.
    took = models.FloatField(default=0)
    figures = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"statistics of group {self.group_id} at {self.computed_at:%Y-%m-%d %H:%M}"
