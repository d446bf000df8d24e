from django.urls import path

from rapport.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("shared/", views.shared, name="shared"),
    path("with/<str:handle>/", views.with_member, name="with_member"),
    path("<slug:slug>/about/", views.about, name="about"),
    path("<slug:slug>/cover/", views.cover, name="cover"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/requests/", views.requests, name="requests"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/invite/", views.invite, name="invite"),
    path("<slug:slug>/answer/", views.answer, name="answer"),
    path("<slug:slug>/remove/", views.remove, name="remove"),
    path("<slug:slug>/ban/", views.ban, name="ban"),
    path("<slug:slug>/unban/", views.unban, name="unban"),
    path("<slug:slug>/role/", views.role, name="role"),
    path("<slug:slug>/transfer/", views.transfer, name="transfer"),
    path("<slug:slug>/settings/", views.membership_settings, name="settings"),
]
