from django.urls import path

from rapport.dataexport import views

app_name = "dataexport"

urlpatterns = [
    path("me/data/", views.mine, name="mine"),
    path("me/data/<id:export_id>/download/", views.download, name="download"),
]
