from django.urls import path

from rapport.trust import views, views_introductions

app_name = "trust"
urlpatterns = [
    path("", views.network, name="network"),
    path("prune/<str:handle>/", views.prune, name="prune"),
    path("introductions/", views_introductions.introductions, name="introductions"),
    path("introductions/ask/<str:handle>/", views_introductions.ask, name="ask"),
    path("introductions/with/<str:handle>/", views_introductions.with_member, name="with_member"),
    path("introductions/at/<slug:slug>/", views_introductions.introducers, name="introducers"),
    path(
        "introductions/<id:introduction_id>/",
        views_introductions.introduction,
        name="introduction",
    ),
    path(
        "introductions/<id:introduction_id>/<str:action>/",
        views_introductions.act,
        name="act",
    ),
]
