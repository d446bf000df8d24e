from django.contrib import admin

from rapport.network.models import Connection


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ["member_low", "member_high", "source", "created_at"]
    list_filter = ["source"]
    raw_id_fields = ["member_low", "member_high"]
    search_fields = ["member_low__email", "member_high__email"]
