from django.urls import path

from rapport.members import views, views_history

app_name = "members"
urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("signup/sent/", views.sign_up_sent, name="signup_sent"),
    path("search/", views.search, name="search"),
    path("me/edit/", views.edit, name="edit"),
    path("me/privacy/", views.privacy, name="privacy"),
    path("me/photo/", views.photo, name="photo"),
    path("me/history/", views_history.history, name="history"),
    path("me/positions/new/", views_history.position_edit, name="position_add"),
    path("me/positions/<id:position_id>/", views_history.position_edit, name="position_edit"),
    path("me/positions/<id:position_id>/tell/", views_history.position_tell, name="position_tell"),
    path(
        "me/positions/<id:position_id>/delete/",
        views_history.position_delete,
        name="position_delete",
    ),
    path("me/education/new/", views_history.education_add, name="education_add"),
    path(
        "me/education/<id:education_id>/delete/",
        views_history.education_delete,
        name="education_delete",
    ),
    path("in/<str:handle>/", views.profile, name="profile"),
    path("in/<str:handle>/connections/", views.connections, name="connections"),
    path("in/<str:handle>/disconnect/", views.disconnect, name="disconnect"),
    path("in/<str:handle>/avatar/", views.avatar, name="avatar"),
]
