"""Who may run the community: operators (and superusers, who may do everything).

Moderation, limits and the status page check this role rather than `is_staff`, which
only opens the Django admin; the admin itself is for superusers (config/urls.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase


def is_operator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (getattr(user, "is_operator", False) or user.is_superuser)
    )


def operator_required(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """A page for operators: anyone signed out is sent to log in, a member gets a 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not getattr(request.user, "is_authenticated", False):
            return redirect_to_login(request.get_full_path())
        if not is_operator(request.user):
            raise PermissionDenied("This page is for the community's operators.")
        return view(request, *args, **kwargs)

    return wrapped
