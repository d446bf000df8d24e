"""The one table `core` keeps: the limits operators have changed (core/limits.py)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class LimitValue(models.Model):
    """A limit an operator set; a limit without a row has its declared default."""

    name = models.CharField(max_length=80, primary_key=True)
    value = models.FloatField()
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} = {self.value:g}"
