from django.urls import path

from rapport.conversations import views, views_actions

app_name = "conversations"
urlpatterns = [
    path("", views.folder, name="inbox"),
    path("counts/", views.counts, name="counts"),
    path("settings/", views_actions.preferences, name="preferences"),
    path("to/<str:handle>/", views.compose, name="compose"),
    path("with/<str:handle>/", views.with_member, name="with_member"),
    path("block/<str:handle>/", views_actions.block, name="block"),
    path("unblock/<str:handle>/", views_actions.unblock, name="unblock"),
    path("guard/<str:handle>/", views_actions.guard_for, name="guard_for"),
    path("<id:conversation_id>/", views.detail, name="detail"),
    path("<id:conversation_id>/send/", views.send, name="send"),
    path("<id:conversation_id>/poll/", views.poll, name="poll"),
    path("<id:conversation_id>/<str:action>/", views_actions.act, name="act"),
    path("message/<id:message_id>/<str:action>/", views_actions.on_message, name="on_message"),
]
