"""The member's own trust page: A and B network, sorted and filtered, reasons on demand,
and the connections worth pruning, each one click from removal."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.core.pagination import page_number
from rapport.members.selectors import member_by_handle
from rapport.trust import selectors, services

PAGE_SIZE = 20  # a phone's screenful or two; the pager walks the rest


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
    sizes = selectors.network_sizes(me)
    page = selectors.network_page(
        me, query, page=page_number(request.GET.get("page")), size=PAGE_SIZE, sizes=sizes
    )
    pager_query = {"network": query.network, "sort": query.sort}
    if query.quiet:
        pager_query["quiet"] = "1"
    return render(
        request,
        "trust/network.html",
        {
            "query": query,
            "page": page,
            "pager_query": urlencode(pager_query),
            "sizes": sizes,
            "prune": selectors.worth_pruning(me, limit=10),
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
