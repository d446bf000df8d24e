from __future__ import annotations

from typing import Any

from axes.backends import AxesBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from rapport.accounts.models import User


class ThrottledBackend(AxesBackend):
    """Refuses a log-in while its account or address is cooling off (rapport.accounts.throttle).

    It never logs anyone in itself; `EmailBackend` after it does. A check without a
    request (a management command, the shell) is no web log-in and has no address to
    throttle, so it passes through rather than failing as plain Axes would.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class EmailBackend(ModelBackend):
    """Log in by email, whatever its case."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (kwargs.get("email") or username or "").strip().lower()
        if not email or password is None:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            # Spend the same time as a real check so timing does not reveal who is a member.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
