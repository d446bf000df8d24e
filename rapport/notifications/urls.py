from django.urls import path

from rapport.notifications import views, views_settings, views_unsubscribe

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark_all_read"),
    path("badge/", views.badge, name="badge"),
    path("filtered/", views.filtered_list, name="filtered"),
    path("settings/", views_settings.preferences, name="preferences"),
    path("settings/unmute/", views_settings.unmute, name="unmute"),
    path("unsubscribe/<str:token>/", views_unsubscribe.unsubscribe, name="unsubscribe"),
    path("<id:notification_id>/", views.notification_open, name="open"),
    path("<id:notification_id>/people/", views.notification_people, name="people"),
    path("<id:notification_id>/off/", views_settings.kind_off, name="kind_off"),
    path("<id:notification_id>/mute/", views_settings.thing_mute, name="thing_mute"),
    path(
        "<id:notification_id>/mute-mentions/",
        views_settings.mentioner_mute,
        name="mentioner_mute",
    ),
]
