from django.contrib import admin

from rapport.companies.models import Company, Position


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
