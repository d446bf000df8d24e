from django.urls import path

from rapport.networkmap import views

app_name = "networkmap"

urlpatterns = [
    path("map/", views.network_map, name="map"),
    path("map/name/", views.cluster_rename, name="rename"),
]
