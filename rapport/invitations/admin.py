"""Moderators' tools in the Django admin: appeals and evidence (limits are on the
operators' limits page)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from rapport.core.admin import BoundedIdAdmin
from rapport.core.errors import RapportError
from rapport.invitations.models import Appeal, Invitation, InvitationPreferences
from rapport.invitations.services import appeal_decide


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "sender",
        "recipient",
        "state",
        "how_we_know",
        "note_is_default",
        "note_is_pitch",
        "note_personalization",
        "created_at",
        "decided_at",
    ]
    list_filter = ["state", "how_we_know", "note_is_default", "note_is_pitch"]
    search_fields = ["sender__email", "recipient__email", "note"]
    raw_id_fields = ["sender", "recipient", "mutual"]
    date_hierarchy = "created_at"
    # Every change of state goes through the services (a connection is made on
    # acceptance, standing is recomputed on refusals): the admin only looks.
    readonly_fields = [
        "sender",
        "recipient",
        "mutual",
        "state",
        "note",
        "how_we_know",
        "how_detail",
        "note_is_default",
        "note_is_pitch",
        "note_personalization",
        "email_confirmed",
        "created_at",
        "decided_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["member", "state", "created_at", "decided_at", "moderator"]
    list_filter = ["state"]
    raw_id_fields = ["member", "moderator"]
    readonly_fields = ["state", "decided_at", "moderator"]
    actions = ["accept", "refuse"]

    def _decide(self, request: HttpRequest, queryset: QuerySet[Appeal], accept: bool) -> None:
        for appeal in queryset:
            try:
                appeal_decide(
                    moderator=request.user,  # type: ignore[arg-type]
                    appeal_id=appeal.pk,
                    accept=accept,
                )
            except RapportError as exc:
                self.message_user(request, f"{appeal}: {exc.message}", messages.ERROR)

    @admin.action(description="Accept the selected appeals (lifts the limits)")
    def accept(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> None:
        self._decide(request, queryset, True)

    @admin.action(description="Refuse the selected appeals")
    def refuse(self, request: HttpRequest, queryset: QuerySet[Appeal]) -> None:
        self._decide(request, queryset, False)


admin.site.register(InvitationPreferences, BoundedIdAdmin, raw_id_fields=["member"])
