"""The operators' limits page: every limit on one page, changed together with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rapport.accounts.roles import operator_required
from rapport.core.errors import RapportError
from rapport.limits.selectors import limit_rows
from rapport.limits.services import limits_set

FIELD = "limit:"


@operator_required
@require_http_methods(["GET", "POST"])
def limits_page(request: HttpRequest) -> HttpResponse:
    rows = limit_rows()
    entered: dict[str, str] = {}
    error: RapportError | None = None
    if request.method == "POST":
        shown = {row.name: row.shown for row in rows if row.source != "environment"}
        entered = {
            key[len(FIELD) :]: request.POST.get(key, "").strip()
            for key in request.POST
            if key.startswith(FIELD)
        }
        # Only what the operator edited: a value left as shown is no change.
        changes = {name: raw for name, raw in entered.items() if shown.get(name) != raw}
        try:
            changed = limits_set(
                by=request.user,  # type: ignore[arg-type]
                changes=changes,
                reason=request.POST.get("reason", ""),
            )
        except RapportError as exc:
            error = exc
        else:
            if changed:
                names = ", ".join(changed)
                messages.success(request, f"Saved: {names}. The change is in the audit log.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect("limits:page")
    groups: dict[str, list[object]] = {}
    for row in rows:
        groups.setdefault(row.limit.capability, []).append(row)
    return render(
        request,
        "limits/limits.html",
        {"groups": groups, "entered": entered, "error": error, "section": "operations"},
        status=400 if error else 200,
    )
