"""The member's own trust page: A and B network, sorted and filtered, reasons on demand,
and the connections worth pruning, each one click from removal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.members.selectors import member_by_handle
from rapport.trust import selectors, services

PAGE_SIZE = 50


@login_required
def network(request: HttpRequest) -> HttpResponse:
    me: User = request.user  # type: ignore[assignment]
    try:
        query = selectors.NetworkQuery(
            network=request.GET.get("network", "all"),
            sort=request.GET.get("sort", "trust"),
            quiet=request.GET.get("quiet") == "1",
        )
    except RapportError as exc:
        raise Http404(exc.message) from exc
    page = Paginator(selectors.my_network(me, query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "trust/network.html",
        {
            "query": query,
            "page": page,
            "sizes": selectors.network_sizes(me),
            "prune": list(selectors.prune_suggestions(me)[:10]),
        },
    )


@login_required
@require_POST
def prune(request: HttpRequest, handle: str) -> HttpResponse:
    other = member_by_handle(handle)
    if other is None:
        raise Http404("No member with that handle.")
    try:
        services.connection_prune(member=request.user, other=other)  # type: ignore[arg-type]
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"You are no longer connected with {other.display_name}. They are not told.",
        )
    return redirect("trust:network")
