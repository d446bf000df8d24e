from django.urls import path

from rapport.members import views_company

app_name = "companies"
urlpatterns = [
    path("", views_company.directory, name="directory"),
    path("<slug:slug>/", views_company.company, name="detail"),
    path("<slug:slug>/follow/", views_company.follow, name="follow"),
    path("<slug:slug>/claim/", views_company.claim, name="claim"),
    path("<slug:slug>/edit/", views_company.edit, name="edit"),
    path("<slug:slug>/logo/", views_company.logo, name="logo"),
    path("<slug:slug>/logo/edit/", views_company.logo_edit, name="logo_edit"),
]
