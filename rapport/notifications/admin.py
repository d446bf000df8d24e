from django.contrib import admin

from rapport.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "actor", "is_read", "created_at"]
    list_filter = ["kind", "is_read"]
    raw_id_fields = ["recipient", "actor"]
