"""The member's own network map page and renaming its clusters. There is no page for
another member's map: the URL names nobody."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.core.ids import parse_id
from rapport.networkmap import selectors, services
from rapport.networkmap.compute import OTHERS


def _lists(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The clusters as lists, for the accessible alternative: people by name."""
    people: dict[int, list[dict[str, Any]]] = {}
    for node in view["nodes"]:
        people.setdefault(node["cluster"], []).append(node)
    return [
        {
            **c,
            "tone": selectors.tone_of(c["key"]),
            "detail": c["automatic"].rpartition(" · ")[2],
            "people": sorted(
                people.get(c["key"], []), key=lambda n: (n["name"].casefold(), n["handle"])
            ),
        }
        for c in view["clusters"]
    ]


@login_required
def network_map(request: HttpRequest) -> HttpResponse:
    me: User = request.user  # type: ignore[assignment]
    stored, nodes, edges, refreshing = services.network_map_current(member=me)
    view = selectors.map_view(me, stored, nodes, edges, refreshing=refreshing)
    companies = sorted({c for n in view["nodes"] for c in n["companies"]}, key=str.casefold)
    return render(
        request,
        "networkmap/map.html",
        {
            "view": view,
            "clusters": _lists(view),
            "companies": companies,
            "others": OTHERS,
            "name_max": services.NAME_MAX,
        },
    )


@login_required
@require_POST
def cluster_rename(request: HttpRequest) -> HttpResponse:
    """The cluster comes in the form (`key`), so the URL names nothing; a bad key is a
    400 (`core.ids`)."""
    key = parse_id(request.POST.get("key", ""), field="key")
    try:
        services.cluster_rename(
            member=request.user,  # type: ignore[arg-type]
            key=key,
            name=request.POST.get("name", ""),
        )
    except RapportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Cluster name saved.")
    return redirect("networkmap:map")
