from django.urls import path

from rapport.limits import views

app_name = "limits"
urlpatterns = [
    path("operators/limits/", views.limits_page, name="page"),
    path("moderation/", views.decisions, name="decisions"),
    path("moderation/<id:sanction_id>/appeal/", views.appeal, name="appeal"),
    path("moderation/appeal/<str:token>/", views.suspension_appeal, name="suspension_appeal"),
    path("moderation/report/profile/<str:handle>/", views.report_profile, name="report_profile"),
]
