"""The moderators' page: restricted senders with the evidence, and appeals to decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.core.errors import RapportError
from rapport.invitations import selectors, services
from rapport.invitations.models import Appeal, AppealState, Invitation, Standing
from rapport.invitations.states import NEGATIVE


@staff_member_required
def moderation(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    restricted = list(
        Standing.objects.filter(restricted_until__gt=now)
        .select_related("member")
        .order_by("-restricted_at")[:100]
    )
    evidence = {
        s.member_id: list(
            Invitation.objects.filter(sender=s.member, state__in=NEGATIVE)
            .select_related("recipient")
            .order_by("-decided_at")[:10]
        )
        for s in restricted
    }
    rows = [
        (s, selectors.standing_for(s.member, now=now), evidence[s.member_id]) for s in restricted
    ]
    appeals = Appeal.objects.filter(state=AppealState.PENDING).select_related("member")
    return render(
        request,
        "invitations/moderation.html",
        {"rows": rows, "appeals": appeals, "policy": selectors.policy()},
    )


@staff_member_required
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
