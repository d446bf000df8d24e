from django.urls import path

from rapport.companies import views

app_name = "companies"
urlpatterns = [path("<slug:slug>/", views.company, name="detail")]
