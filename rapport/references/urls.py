from django.urls import path

from rapport.references import views

app_name = "references"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("settings/", views.settings_save, name="settings"),
    path("requests/<id:requester_id>/", views.decide, name="decide"),
    path("<str:handle>/", views.colleagues, name="colleagues"),
    path("<str:handle>/ask/", views.ask, name="ask"),
]
