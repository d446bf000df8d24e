"""The moderators' page: restricted senders with the evidence, and appeals to decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.roles import operator_required
from rapport.core.errors import RapportError
from rapport.invitations import selectors, services


@operator_required
def moderation(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "invitations/moderation.html",
        {
            "rows": selectors.restricted_senders(),
            "appeals": selectors.appeals_waiting(),
            "policy": selectors.policy(),
        },
    )


@operator_required
@require_POST
def decide(request: HttpRequest, appeal_id: int) -> HttpResponse:
    try:
        services.appeal_decide(
            moderator=request.user,  # type: ignore[arg-type]
            appeal_id=appeal_id,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The appeal is decided and the member told.")
    return redirect("invitations:moderation")
