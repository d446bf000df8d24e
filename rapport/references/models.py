"""Reference checks: former colleagues of a candidate, found from work histories, and
the candidate's say over who may look at their current employer (decision 0017)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class PermissionState(models.TextChoices):
    ASKED = "asked", "Asked"
    ALLOWED = "allowed", "Allowed"
    REFUSED = "refused", "Refused"


class CurrentEmployerPermission(models.Model):
    """A requester's request to see the candidate's colleagues at their current employer:
    one per pair, scoped to that requester; an allowed one lasts until `expires_at`."""

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=10, choices=PermissionState.choices)
    asked_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "requester"], name="permission_once"),
            models.CheckConstraint(
                condition=~Q(candidate=F("requester")), name="permission_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} → {self.candidate_id}: {self.state}"


class ReferenceLookup(models.Model):
    """Who looked up references for the candidate: one row per requester, kept up to
    date (a record the candidate reads, not a notification per lookup)."""

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    first_at = models.DateTimeField(default=timezone.now)
    last_at = models.DateTimeField(default=timezone.now)
    times = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-last_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "requester"], name="lookup_once")
        ]

    def __str__(self) -> str:
        return f"{self.requester_id} looked up {self.candidate_id}"


class ReferenceOptOut(models.Model):
    """A candidate who turned reference checks off for themselves."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Reference checks off for {self.member_id}"
