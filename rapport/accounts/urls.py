from django.contrib.auth import views as auth_views
from django.urls import path

from rapport.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("settings/", views.settings_page, name="settings"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
