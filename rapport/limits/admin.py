"""Standings and complaints in the Django admin (for superusers; operators use the
moderation pages)."""

from __future__ import annotations

from django.contrib import admin

from rapport.core.admin import BoundedIdAdmin
from rapport.limits.models import Complaint, Standing


@admin.register(Standing)
class StandingAdmin(BoundedIdAdmin):
    list_display = [
        "member",
        "restricted_at",
        "restricted_until",
        "throttled_since",
        "counting_since",
    ]
    raw_id_fields = ["member"]


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["member", "reporter", "source", "reference", "reason", "created_at"]
    list_filter = ["source", "reason"]
    raw_id_fields = ["member", "reporter"]
