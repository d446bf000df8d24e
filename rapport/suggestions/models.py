"""People you may know: the only thing stored is who a member asked not to see again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class DismissReason(models.TextChoices):
    DONT_KNOW = "dont_know", "I don't know them"
    NOT_RELEVANT = "not_relevant", "Not relevant to my work"
    ALREADY_KNOW = "already_know", "I know them, but not to connect here"
    OTHER = "other", "Other"


class Dismissal(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissals"
    )
    dismissed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=DismissReason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "dismissed"], name="dismissal_once"),
            models.CheckConstraint(condition=~Q(member=F("dismissed")), name="dismissal_not_self"),
            models.CheckConstraint(
                condition=Q(reason__in=DismissReason.values), name="dismissal_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} dismissed {self.dismissed_id}"
