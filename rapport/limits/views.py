"""The operators' limits page (every limit on one page, changed together with a reason),
and the member's page of moderators' decisions about them, with their appeals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from rapport.accounts.models import User
from rapport.accounts.roles import operator_required
from rapport.core.errors import RapportError
from rapport.limits import selectors, services
from rapport.limits.models import ComplaintReason, ComplaintSource
from rapport.limits.selectors import limit_rows
from rapport.limits.services import limits_set
from rapport.limits.tasks import appeal_token_read

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


@login_required
def decisions(request: HttpRequest) -> HttpResponse:
    """What moderators decided about me, why, and my appeal against each."""
    return render(
        request,
        "limits/decisions.html",
        {"decisions": selectors.decisions_for(request.user), "now": timezone.now()},  # type: ignore[arg-type]
    )


@login_required
@require_POST
def appeal(request: HttpRequest, sanction_id: int) -> HttpResponse:
    try:
        services.sanction_appeal(
            member=request.user,  # type: ignore[arg-type]
            sanction_id=sanction_id,
            text=request.POST.get("text", ""),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your appeal is with the moderators; you will be told.")
    return redirect("limits:decisions")


@require_http_methods(["GET", "POST"])
def suspension_appeal(request: HttpRequest, token: str) -> HttpResponse:
    """A suspended member cannot log in: the e-mailed link lets them appeal."""
    sanction_id = appeal_token_read(token)
    sanction = selectors.suspension_by_id(sanction_id) if sanction_id else None
    if sanction is None:
        raise Http404("This appeal link is not valid.")
    error = ""
    if request.method == "POST":
        try:
            services.sanction_appeal(
                member=sanction.member, sanction_id=sanction.pk, text=request.POST.get("text", "")
            )
        except RapportError as exc:
            error = exc.message
        else:
            return render(
                request, "limits/suspension_appeal.html", {"sanction": sanction, "sent": True}
            )
    return render(
        request,
        "limits/suspension_appeal.html",
        {"sanction": sanction, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def report_profile(request: HttpRequest, handle: str) -> HttpResponse:
    """Report a profile to the moderators; it counts like any other report."""
    member = User.objects.filter(handle=handle[:30], is_active=True).first()
    if member is None:
        raise Http404("No such member.")
    try:
        created = services.complaint_file(
            member=member,
            reporter=request.user,  # type: ignore[arg-type]
            source=ComplaintSource.PROFILE,
            reference=member.pk,
            reason=request.POST.get("reason", ComplaintReason.SPAM),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "Thank you: the moderators will look at it."
            if created
            else "You have reported this profile already.",
        )
    return redirect("members:profile", handle=member.handle)
