from django.contrib import admin
from django.http import HttpRequest

from rapport.trust.models import TrustScore


@admin.register(TrustScore)
class TrustScoreAdmin(admin.ModelAdmin):
    """Read-only: scores are recomputed from the facts, never edited by hand."""

    list_display = ("member", "other", "score", "rapport", "credibility", "risk", "a_network")
    list_filter = ("a_network", "prune")
    raw_id_fields = ("member", "other")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
