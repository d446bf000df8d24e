"""A member's copy of their data (GDPR articles 15 and 20): one zip, built by a job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rapport.dataexport.states import ExportState


class DataExport(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    # Asked for by an operator (`rapport data-export build`), not the member: not held to
    # the member's one a day.
    by_operator = models.BooleanField(default=False)
    state = models.CharField(
        max_length=12, choices=ExportState.choices, default=ExportState.REQUESTED
    )
    requested_on = models.DateField()
    created_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Stored through Django's storage API under a random name; never served by URL,
    # only by the download view to the member while it runs.
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A member asks for one copy a day: the database settles two requests at once.
            # A copy that failed does not count: they may ask again.
            models.UniqueConstraint(
                fields=["member", "requested_on"],
                condition=Q(by_operator=False) & ~Q(state=ExportState.FAILED),
                name="data_export_one_a_day",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ExportState.values), name="data_export_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=ExportState.READY)
                | Q(ready_at__isnull=False, expires_at__isnull=False),
                name="data_export_ready_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"data export {self.pk} of {self.member_id} ({self.state})"
