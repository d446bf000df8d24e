from django.contrib import admin

from rapport.companies.models import Company, CompanyAdminClaim, Position


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "industry", "location"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["member", "title", "company", "started_on", "ended_on", "is_current"]
    raw_id_fields = ["member", "company"]
    search_fields = ["title", "company__name", "member__email"]


@admin.register(CompanyAdminClaim)
class CompanyAdminClaimAdmin(admin.ModelAdmin):
    """Operators approve or refuse members' claims to edit a company's page."""

    list_display = ["member", "company", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    raw_id_fields = ["member", "company"]
    readonly_fields = ["state", "decided_at"]
    actions = ["approve", "refuse"]

    @admin.action(description="Approve the selected claims")
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description="Refuse (or take back) the selected claims")
    def refuse(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool) -> None:
        from django.utils import timezone

        from rapport.companies.admins import admin_claim_decide
        from rapport.core.errors import RapportError

        for claim in queryset:
            try:
                admin_claim_decide(claim=claim, approve=approve, now=timezone.now())
            except RapportError as error:
                self.message_user(request, f"{claim}: {error}", level="warning")
