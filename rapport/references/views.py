"""Pages for reference checks: a candidate's former colleagues, asking to see their
current employer, and the candidate's own page (requests, lookups, the off switch)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.companies.models import InsightsOptOut
from rapport.companies.services import insights_hide_set
from rapport.core.errors import NotFound, RapportError
from rapport.core.pagination import page_number
from rapport.members.selectors import member_by_handle
from rapport.references import selectors, services


def _me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _candidate(handle: str) -> User:
    found = member_by_handle(handle)
    if found is None:
        raise Http404("No member with that handle.")
    return found


@login_required
def colleagues(request: HttpRequest, handle: str) -> HttpResponse:
    me, candidate = _me(request), _candidate(handle)
    now = timezone.now()
    try:
        services.lookup_record(requester=me, candidate=candidate, now=now)
    except NotFound as error:
        raise Http404(str(error)) from error
    except RapportError as error:
        messages.error(request, str(error))
        return redirect("members:profile", candidate.handle)
    found = selectors.former_colleagues(
        requester=me, candidate=candidate, now=now, page=page_number(request.GET.get("page"))
    )
    return render(
        request,
        "references/colleagues.html",
        {
            "candidate": candidate,
            "found": found,
            "permission": selectors.permission_of(requester=me, candidate=candidate),
        },
    )


@login_required
@require_POST
def ask(request: HttpRequest, handle: str) -> HttpResponse:
    candidate = _candidate(handle)
    try:
        services.permission_ask(requester=_me(request), candidate=candidate, now=timezone.now())
        messages.success(
            request, f"Asked {candidate.display_name}; you will see their answer here."
        )
    except NotFound as error:
        raise Http404(str(error)) from error
    except RapportError as error:
        messages.error(request, str(error))
    return redirect("references:colleagues", candidate.handle)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    return render(
        request,
        "references/mine.html",
        {
            "requests": selectors.requests_for(candidate=me),
            "lookups": selectors.lookups_of(candidate=me),
            "enabled": services.checks_enabled(me),
            "insights_hidden": InsightsOptOut.objects.filter(member=me).exists(),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, requester_id: int) -> HttpResponse:
    allow = request.POST.get("answer") == "allow"
    try:
        services.permission_decide(
            candidate=_me(request), requester_id=requester_id, allow=allow, now=timezone.now()
        )
    except NotFound as error:
        raise Http404(str(error)) from error
    except RapportError as error:
        messages.error(request, str(error))
    return redirect("references:mine")


@login_required
@require_POST
def settings_save(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    services.checks_set(member=me, enabled=request.POST.get("references") == "on")
    insights_hide_set(member=me, hidden=request.POST.get("hide_history") == "on")
    messages.success(request, "Saved.")
    return redirect("references:mine")
