from django.urls import path

from rapport.influence import views

app_name = "influence"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("show/", views.show, name="show"),
    path("of/<str:handle>/", views.of_member, name="member"),
    path("of/<str:handle>/badge/", views.badge, name="badge"),
]
