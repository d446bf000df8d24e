from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from config.api import api
from rapport.posts import views as posts_views


def _superusers_only(request: HttpRequest) -> bool:
    """The Django admin is for superusers; operators work from their own pages."""
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("rapport.accounts.urls")),
    path("notifications/", include("rapport.notifications.urls")),
    path("companies/", include("rapport.members.urls_company")),
    path("invitations/", include("rapport.invitations.urls")),
    path("messages/", include("rapport.conversations.urls")),
    path("people/", include("rapport.suggestions.urls")),
    path("trust/", include("rapport.trust.urls")),
    path("contacts/", include("rapport.contacts.urls")),
    path("network/", include("rapport.networkmap.urls")),
    path("references/", include("rapport.references.urls")),
    path("posts/", include("rapport.posts.urls")),
    # The groups' own pages first: "new/", "shared/"… are not group names.
    path("groups/", include("rapport.groups.urls")),
    path("groups/", include("rapport.discussions.urls")),
    path("influence/", include("rapport.influence.urls")),
    path("", include("rapport.limits.urls")),
    path("", include("rapport.dataexport.urls")),
    path("", include("rapport.operations.urls")),
    # Home is the feed; it belongs to posts, the highest app it draws on.
    path("", posts_views.home, name="home"),
    path("", include("rapport.members.urls")),
]
