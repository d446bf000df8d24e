from django.urls import path

from rapport.operations import views

app_name = "operations"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("operators/status/", views.status, name="status"),
]
