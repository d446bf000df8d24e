"""/healthz and /readyz for load balancers, and the operators' status page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from rapport.accounts.roles import is_operator, operator_required
from rapport.operations import health


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering; nothing else is asked of it."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the site can serve; 503 with what is wrong otherwise."""
    checks = health.readiness()
    ok = all(c.ok for c in checks)
    # Figures (queue depth, failures, when the last connection changed) are the
    # operators' to read: anyone else learns only which check passes.
    staff = is_operator(request.user)
    body = {
        "status": "ready" if ok else "not ready",
        "checks": {c.name: {"ok": c.ok, **(c.detail if staff else {})} for c in checks},
    }
    return JsonResponse(body, status=200 if ok else 503)


@operator_required
@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """The operators' view of the same checks: the job queue's depth and age above all."""
    return render(
        request, "operations/status.html", {"checks": health.readiness(), "section": "operations"}
    )
