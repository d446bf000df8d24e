"""A member's stored map (clusters, their automatic labels and a layout) and the names a
member gave their clusters. Both are the member's own: no page or endpoint reads
another member's rows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class NetworkMap(models.Model):
    """The expensive part of a member's map, recomputed by a job when the network
    changed enough. Who is on the map, and which edges show, is read live on every
    visit (decision 0015): a stale map may place a person in an old cluster, never show
    an edge the viewer may no longer see."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # {"<key>": [member_id, …]}; key 0 is the others (loners and pairs).
    clusters = models.JSONField(default=dict)
    # {"<key>": {"label": "Harborline Software", "kind": "employer", "count": 23}}
    labels = models.JSONField(default=dict)
    # {"<member_id>": [x, y]}
    positions = models.JSONField(default=dict)
    # The largest cluster key ever given: a new cluster never takes the key (and so the
    # name) of one that dissolved.
    last_key = models.PositiveIntegerField(default=0)
    node_count = models.PositiveIntegerField(default=0)
    edge_count = models.PositiveIntegerField(default=0)
    # An order-free digest of the links the map was computed from (compute.fingerprint):
    # links can be rewired without their number changing.
    edge_fingerprint = models.CharField(max_length=16, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)
    # Set when a refresh was queued, cleared when it ran: one job at a time per member.
    refresh_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"map of {self.member_id} ({self.node_count} people)"


class ClusterName(models.Model):
    """A member's own name for one of their clusters, kept across recomputes because
    clusters keep their keys (matched by overlap)."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.PositiveIntegerField()
    name = models.CharField(max_length=60)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "key"], name="networkmap_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}:{self.key} {self.name}"
