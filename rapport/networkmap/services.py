"""Writes for the network map: computing a member's stored map, and naming clusters."""

from __future__ import annotations

import datetime as dt
import math

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import NotFound, ValidationFailed
from rapport.core.text import clean_line
from rapport.network.selectors import ego_network
from rapport.networkmap import compute
from rapport.networkmap.labels import auto_labels, member_facts
from rapport.networkmap.models import ClusterName, NetworkMap

NAME_MAX = 60
# A queued refresh that has not run after this long is queued again (a lost job).
REQUEUE_AFTER = dt.timedelta(hours=1)
# A map a day old is recomputed when its links were rewired, whatever their number.
REWIRED_AFTER = dt.timedelta(days=1)

Edges = list[tuple[int, int]]


def network_map_refresh(
    *,
    member: User,
    live: tuple[list[int], Edges] | None = None,
    now: dt.datetime | None = None,
) -> NetworkMap:
    """Recompute the member's clusters, labels and layout from their ego network now.
    Idempotent: the same network gives the same map, and clusters keep their keys."""
    nodes, edges = live if live is not None else ego_network(member.pk)
    g = compute.graph_of(nodes, edges)
    finest, last = compute.louvain(g)
    found, others = compute.communities(g, last)
    stored = NetworkMap.objects.filter(member=member).first()
    previous = {int(k): v for k, v in stored.clusters.items()} if stored else {}
    clusters = compute.stable_keys(found, others, previous, stored.last_key if stored else 0)
    positions = compute.layout(g, clusters, finest)
    labels = auto_labels(clusters, member_facts(nodes))
    values = {
        "clusters": {str(k): sorted(v) for k, v in sorted(clusters.items())},
        "labels": {str(k): v for k, v in sorted(labels.items())},
        "positions": {str(n): list(xy) for n, xy in sorted(positions.items())},
        "node_count": len(nodes),
        "edge_count": len(edges),
        "edge_fingerprint": compute.fingerprint(edges),
        "last_key": max([*clusters.keys(), stored.last_key if stored else 0]),
        "computed_at": now or timezone.now(),
        "refresh_queued_at": None,
    }
    row, _ = NetworkMap.objects.update_or_create(member=member, defaults=values)
    return row


def changed_enough(
    stored: NetworkMap, nodes: list[int], edges: Edges, now: dt.datetime | None = None
) -> bool:
    """Whether the live network moved far enough from the stored map to recompute it:
    a twentieth of the people, or a tenth of the edges (any change on a small map) — or,
    once the map is a day old, any link rewired though their number stayed the same."""
    before = {int(m) for members in stored.clusters.values() for m in members}
    people = len(before.symmetric_difference(nodes))
    links = abs(len(edges) - stored.edge_count)
    if people >= max(1, math.ceil(0.05 * len(nodes))) or links >= max(
        1, math.ceil(0.1 * stored.edge_count)
    ):
        return True
    now = now or timezone.now()
    return stored.computed_at < now - REWIRED_AFTER and stored.edge_fingerprint != (
        compute.fingerprint(edges)
    )


def _stranded(stored: NetworkMap, nodes: list[int], edges: Edges) -> bool:
    """Whether someone the stored map placed in a cluster has no link left on the live
    map — they hid their connection list, most often. Kept in their cluster, at their
    old place among their former neighbours, they would still show whom they know; so
    such a map is recomputed at once rather than by the job."""
    linked = {n for edge in edges for n in edge}
    live = set(nodes)
    return any(
        int(m) in live and int(m) not in linked
        for key, members in stored.clusters.items()
        if int(key) != compute.OTHERS
        for m in members
    )


def network_map_current(
    *, member: User, now: dt.datetime | None = None
) -> tuple[NetworkMap, list[int], Edges, bool]:
    """The member's stored map and their live ego network: (map, nodes, edges,
    refreshing). The first visit computes the map at once; later visits serve the
    stored one and queue a refresh when the network changed enough."""
    from rapport.networkmap.tasks import network_map_refresh_task

    now = now or timezone.now()
    nodes, edges = ego_network(member.pk)
    stored = NetworkMap.objects.filter(member=member).first()
    if stored is None or _stranded(stored, nodes, edges):
        return network_map_refresh(member=member, live=(nodes, edges), now=now), nodes, edges, False
    if not changed_enough(stored, nodes, edges, now):
        return stored, nodes, edges, False
    queued = stored.refresh_queued_at
    if queued is None or queued < now - REQUEUE_AFTER:
        NetworkMap.objects.filter(pk=stored.pk).update(refresh_queued_at=now)
        stored.refresh_queued_at = now
        transaction.on_commit(lambda: network_map_refresh_task.enqueue(member.pk))
    return stored, nodes, edges, True


def cluster_rename(*, member: User, key: int, name: str) -> ClusterName | None:
    """Name one of the member's clusters; an empty name goes back to the automatic
    label. The name follows the cluster across recomputes (its key is kept)."""
    text = clean_line(name)
    if len(text) > NAME_MAX:
        raise ValidationFailed(
            f"A cluster's name is at most {NAME_MAX} characters.",
            code="networkmap.name_too_long",
            field="name",
        )
    stored = NetworkMap.objects.filter(member=member).first()
    if stored is None or str(key) not in stored.clusters:
        raise NotFound("Your map has no such cluster.", code="networkmap.cluster_not_found")
    with transaction.atomic():
        if not text:
            ClusterName.objects.filter(member=member, key=key).delete()
            return None
        row, _ = ClusterName.objects.update_or_create(
            member=member, key=key, defaults={"name": text, "updated_at": timezone.now()}
        )
    return row
