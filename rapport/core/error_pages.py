"""The site's own pages for a refused form (CSRF) and a method a page does not take (405).

Django's CSRF page carries an inline <style> the Content-Security-Policy blocks, and it is
rendered without the request, so it could not show the member's own header; its 405 is an
empty body. Both are rendered here with the request, in the site's layout. The API keeps
its JSON errors (rapport.core.api).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render

API_PREFIX = "/api/"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form came back without its token, or with a stale one."""
    no_cookie = reason == REASON_NO_CSRF_COOKIE
    return render(request, "403_csrf.html", {"no_cookie": no_cookie}, status=403)


class MethodNotAllowedPage:
    """Turns a page's empty 405 (`require_POST` and the like) into the site's 405 page,
    keeping its Allow header. API answers are left alone: they are JSON already."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or request.path.startswith(API_PREFIX):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page
