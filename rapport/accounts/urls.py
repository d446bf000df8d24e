from django.contrib.auth import views as auth_views
from django.urls import path

from rapport.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("confirm/<uidb64>/<token>/", views.confirm, name="confirm"),
    path("settings/", views.settings_page, name="settings"),
    path("delete/", views.delete_account, name="delete"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
