from django.urls import path

from rapport.suggestions import views

app_name = "suggestions"
urlpatterns = [
    path("", views.people, name="people"),
    path("<str:handle>/dismiss/", views.dismiss, name="dismiss"),
]
