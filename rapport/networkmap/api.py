"""The network map over the API: only ever the caller's own map (no endpoint takes
another member), and renaming its clusters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from rapport.accounts.api import member_of
from rapport.core.api_schemas import errors
from rapport.core.errors import NotFound
from rapport.networkmap import selectors, services
from rapport.networkmap.api_schemas import ClusterNameIn, ClusterOut, MapOut, PathKey

router = Router(tags=["network map"])


def own_map(request: HttpRequest) -> dict[str, Any]:
    member = member_of(request)
    stored, nodes, edges, refreshing = services.network_map_current(member=member)
    return selectors.map_view(member, stored, nodes, edges, refreshing=refreshing)


@router.get("/network/map", response={200: MapOut, **errors()})
def network_map(request: HttpRequest) -> dict[str, Any]:
    """Your connections, the edges among them you may see, clusters with labels, and a
    layout. Computed on the first call; later calls serve the stored map and queue a
    recompute when your network changed enough (`refreshing`)."""
    return own_map(request)


@router.patch("/network/map/clusters/{key}", response={200: ClusterOut, **errors(400, 404)})
def cluster_rename(request: HttpRequest, key: PathKey, body: ClusterNameIn) -> dict[str, Any]:
    """Name one of your clusters; an empty name goes back to the automatic label."""
    member = member_of(request)
    services.cluster_rename(member=member, key=key, name=body.name)
    found = [c for c in own_map(request)["clusters"] if c["key"] == key]
    if not found:  # the cluster dissolved in a recompute queued by this very call
        raise NotFound("Your map has no such cluster.", code="networkmap.cluster_not_found")
    return found[0]
