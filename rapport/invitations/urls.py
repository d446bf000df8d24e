from django.urls import path

from rapport.invitations import views, views_moderation

app_name = "invitations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("ignore/", views.ignore_many, name="ignore_many"),
    path("standing/", views.standing, name="standing"),
    path("preferences/", views.preferences, name="preferences"),
    path("moderation/", views_moderation.moderation, name="moderation"),
    path("moderation/appeals/<id:appeal_id>/", views_moderation.decide, name="decide"),
    path("to/<str:handle>/", views.compose, name="compose"),
    path("to/<str:handle>/coach/", views.coach, name="coach"),
    path("with/<str:handle>/", views.with_member, name="with_member"),
    path("<id:invitation_id>/", views.detail, name="detail"),
    path("<id:invitation_id>/<str:action>/", views.act, name="act"),
]
