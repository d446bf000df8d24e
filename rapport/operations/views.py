"""/healthz and /readyz for load balancers; the operators' status page, moderation
console and audit log."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from rapport.accounts.models import AuditEntry, User
from rapport.accounts.roles import is_operator, operator_required
from rapport.core.errors import RapportError, ValidationFailed
from rapport.core.pagination import page_number, paginate
from rapport.core.text import spreadsheet_safe
from rapport.limits.models import Capability, ComplaintReason, ComplaintSource
from rapport.operations import erasure, health, selectors, services
from rapport.operations.selectors import STATES


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


def _choice(request: HttpRequest, name: str, allowed: tuple[str, ...] | list[str]) -> str:
    value = request.GET.get(name, "")
    if value and value not in allowed:
        raise BadRequest(f"{name} is one of {', '.join(v for v in allowed if v)}.")
    return value


@operator_required
@never_cache
def moderation(request: HttpRequest) -> HttpResponse:
    """One queue for every report, with its evidence, filters and bulk actions, and the
    appeals waiting — of every kind — beside it."""
    state = _choice(request, "state", STATES) or "open"
    source = _choice(request, "source", ComplaintSource.values)
    reason = _choice(request, "reason", ComplaintReason.values)
    rows = selectors.queue(
        state=state, source=source, reason=reason, page=page_number(request.GET.get("page"))
    )
    return render(
        request,
        "operations/moderation.html",
        {
            "rows": rows,
            "appeals": selectors.appeals_waiting(),
            "state": state,
            "source": source,
            "reason": reason,
            "sources": ComplaintSource.choices,
            "reasons": ComplaintReason.choices,
            "capabilities": Capability.choices,
            "section": "operations",
        },
    )


@operator_required
@require_POST
def moderation_act(request: HttpRequest) -> HttpResponse:
    try:
        keys = services.parse_keys(request.POST.getlist("key"))
        raw_days = request.POST.get("days", "").strip()
        if raw_days and not (raw_days.isascii() and raw_days.isdigit() and len(raw_days) < 6):
            raise ValidationFailed("Days are a whole number.", code="moderation.days")
        result = services.console_act(
            operator=request.user,  # type: ignore[arg-type]
            keys=keys,
            action=request.POST.get("action", ""),
            reason=request.POST.get("reason", ""),
            capability=request.POST.get("capability", ""),
            days=int(raw_days) if raw_days else None,
        )
    except RapportError as exc:
        messages.error(request, exc.message)
        return redirect("operations:moderation")
    if result.done:
        messages.success(request, f"Done for {len(result.done)}: {', '.join(result.done)}.")
    for refusal in result.refused:
        messages.error(request, refusal)
    return redirect("operations:moderation")


@operator_required
@require_POST
def moderation_appeal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    try:
        services.appeal_answer(
            operator=request.user,  # type: ignore[arg-type]
            kind=kind,
            pk=pk,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The appeal is decided and the member told.")
    return redirect("operations:moderation")


AUDIT_COLUMNS = ("at", "actor", "action", "target", "reason", "detail")


@operator_required
@never_cache
def audit(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The audit log, read-only: a page at a time, or all of it as CSV."""
    action = request.GET.get("action", "").strip()[:60]
    entries = selectors.audit_log(action=action)
    if request.GET.get("format") == "csv":
        return _audit_csv(entries)
    return render(
        request,
        "operations/audit.html",
        {
            "entries": paginate(entries, page=page_number(request.GET.get("page")), size=50),
            "action": action,
            "section": "operations",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _audit_csv(entries: QuerySet[AuditEntry]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), lineterminator="\r\n")

    def rows() -> Iterator[str]:
        yield writer.writerow(AUDIT_COLUMNS)
        for e in entries.iterator(chunk_size=2000):
            cells = (
                e.at.isoformat(),
                e.actor_label,
                e.action,
                e.target,
                e.reason,
                json.dumps(e.detail, sort_keys=True),
            )
            yield writer.writerow([spreadsheet_safe(c) for c in cells])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="rapport-audit-log.csv"'
    return response


@operator_required
@require_POST
def erase_member(request: HttpRequest) -> HttpResponse:
    """Erase an account at once, for a legal reason: no grace period, audited."""
    handle = request.POST.get("handle", "").strip().lstrip("@")[:30]
    member = User.objects.filter(handle=handle, erased_at=None).first()
    if member is None:
        messages.error(request, "No member has that handle.")
        return redirect("operations:moderation")
    if request.POST.get("confirm", "").strip() != handle:
        messages.error(request, "Type the member's handle again to confirm.")
        return redirect("operations:moderation")
    try:
        erasure.member_erase(
            member=member,
            operator=request.user,  # type: ignore[arg-type]
            reason=request.POST.get("reason", ""),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"@{handle}'s account is erased; the audit log says why.")
    return redirect("operations:moderation")
