from django.urls import path

from rapport.discussions import views

app_name = "discussions"

urlpatterns = [
    path("<slug:slug>/", views.group, name="group"),
    path("<slug:slug>/post/", views.publish, name="publish"),
    path("<slug:slug>/posts/<id:post_id>/pin/", views.pin, name="pin"),
    path("<slug:slug>/posts/<id:post_id>/remove/", views.remove, name="remove"),
    path("<slug:slug>/stats/", views.stats, name="stats"),
]
