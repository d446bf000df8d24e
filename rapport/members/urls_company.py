from django.urls import path

from rapport.members import views_company

app_name = "companies"
urlpatterns = [path("<slug:slug>/", views_company.company, name="detail")]
