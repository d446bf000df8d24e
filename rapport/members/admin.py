from django.contrib import admin

from rapport.core.admin import BoundedIdAdmin
from rapport.members.models import Education, Profile, School, Skill


@admin.register(Profile)
class ProfileAdmin(BoundedIdAdmin):
    list_display = ["member", "headline", "location", "updated_at"]
    search_fields = ["member__email", "member__display_name", "headline"]
    raw_id_fields = ["member"]
    filter_horizontal = ["skills"]


admin.site.register(Skill, search_fields=["name"])
admin.site.register(School, search_fields=["name"])
admin.site.register(Education, raw_id_fields=["member", "school"])
