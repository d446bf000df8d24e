"""The influence page: one's own score, its parts, what moved it this week, the history;
another member's only if they chose to show it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.influence import selectors, services
from rapport.influence.reasons import with_points


def _page(request: HttpRequest, member: User) -> HttpResponse:
    view = selectors.influence_of(member)
    if member.pk != request.user.pk:
        view = selectors.as_others_see(view)
    return render(
        request,
        "influence/page.html",
        {
            "v": view,
            "own": member.pk == request.user.pk,
            "in_search": bool(settings.RAPPORT.get("INFLUENCE_IN_SEARCH")),
            "reasons": with_points(view.reasons),
            "history": {
                "days": [d for d, _ in view.history],
                "scores": [s for _, s in view.history],
            },
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return _page(request, request.user)  # type: ignore[arg-type]


@login_required
def of_member(request: HttpRequest, handle: str) -> HttpResponse:
    member = get_object_or_404(User, handle__iexact=handle, is_active=True)
    if not selectors.may_see(request.user, member):  # type: ignore[arg-type]
        raise Http404("No influence score to show.")
    return _page(request, member)


@login_required
def badge(request: HttpRequest, handle: str) -> HttpResponse:
    """The score on a profile (loaded by the profile page): the member's own, with whether
    others see it; another's only if shown — else nothing at all, the same nothing as for
    a member never scored, so a profile does not hint at a hidden score."""
    member = User.objects.filter(handle__iexact=handle, is_active=True).first()
    if member is None or not selectors.may_see(request.user, member):  # type: ignore[arg-type]
        return HttpResponse("")
    found = selectors.score_of(member)
    if found is None:
        return HttpResponse("")
    return render(
        request,
        "influence/badge.html",
        {"member": member, "found": found, "own": member.pk == request.user.pk},
    )


@login_required
@require_POST
def show(request: HttpRequest) -> HttpResponse:
    public = request.POST.get("public") == "on"
    services.influence_show(member=request.user, public=public)  # type: ignore[arg-type]
    messages.success(
        request,
        "Other members can now see your score." if public else "Your score is yours alone.",
    )
    return redirect("influence:mine")
