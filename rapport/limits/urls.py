from django.urls import path

from rapport.limits import views

app_name = "limits"
urlpatterns = [
    path("", views.limits_page, name="page"),
]
