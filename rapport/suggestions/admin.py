from django.contrib import admin

from rapport.suggestions.models import Dismissal

admin.site.register(
    Dismissal,
    list_display=["member", "dismissed", "reason", "created_at"],
    raw_id_fields=["member", "dismissed"],
)
