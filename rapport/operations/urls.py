from django.urls import path

from rapport.operations import views

app_name = "operations"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("operators/status/", views.status, name="status"),
    path("operators/moderation/", views.moderation, name="moderation"),
    path("operators/moderation/act/", views.moderation_act, name="moderation_act"),
    path(
        "operators/moderation/appeals/<slug:kind>/<id:pk>/",
        views.moderation_appeal,
        name="moderation_appeal",
    ),
    path("operators/audit/", views.audit, name="audit"),
    path("operators/erase/", views.erase_member, name="erase_member"),
]
