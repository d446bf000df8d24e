from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from rapport.accounts.models import AccessToken, AuditEntry, User


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
    list_display = ["email", "display_name", "handle", "is_operator", "is_active", "date_joined"]
    # The operator role changes with an audit entry only: `rapport operators grant EMAIL`.
    readonly_fields = ["is_operator"]
    search_fields = ["email", "display_name", "handle"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Member", {"fields": ("display_name", "handle")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_operator", "is_staff", "is_superuser", "groups")},
        ),
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


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: an audit log nobody can edit, not even a superuser, from here."""

    list_display = ["at", "actor_label", "action", "target", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
