"""A copy of a member's data: asked for, built by a job, downloadable until it expires."""

from __future__ import annotations

from django.db import models

from rapport.core.states import StateMachine


class ExportState(models.TextChoices):
    REQUESTED = "requested", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be prepared"
    EXPIRED = "expired", "Expired"


EXPORT_STATES = StateMachine.declare(
    "data_export",
    initial=ExportState.REQUESTED,
    transitions={
        ExportState.REQUESTED: {ExportState.READY, ExportState.FAILED},
        ExportState.READY: {ExportState.EXPIRED},
    },
)
