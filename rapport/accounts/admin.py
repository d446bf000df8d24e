from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from rapport.accounts.models import AccessToken, User


class MemberCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "handle")


class MemberChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = MemberCreationForm
    form = MemberChangeForm
    ordering = ["email"]
    list_display = ["email", "display_name", "handle", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name", "handle"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Member", {"fields": ("display_name", "handle")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "email",
                    "display_name",
                    "handle",
                    "usable_password",
                    "password1",
                    "password2",
                )
            },
        ),
    )


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["digest", "prefix"]
    search_fields = ["member__email", "name"]
