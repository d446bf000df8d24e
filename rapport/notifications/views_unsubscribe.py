"""The one-click unsubscribe page: no log-in, the signed link is the authentication.

GET only shows what the link turns off, with a button: mail scanners and link
previews fetch links, and must not unsubscribe anyone. POST applies it, from that
button or straight from a mail client's one-click unsubscribe (RFC 8058), which
carries no CSRF token: the view is exempt, and a forged request would need the
signature anyway.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rapport.core.errors import RapportError
from rapport.notifications import emails


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            done = emails.unsubscribe_apply(token=token)
            return render(request, "notifications/unsubscribe_done.html", {"found": done})
        found = emails.unsubscribe_read(token=token)
    except RapportError as exc:
        return render(request, "notifications/unsubscribe.html", {"error": exc.message}, status=400)
    return render(request, "notifications/unsubscribe.html", {"found": found})
