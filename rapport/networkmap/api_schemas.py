"""The network map over the API: shapes of what goes in and comes out."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import P, PathEx, Schema
from pydantic import Field, StringConstraints

from rapport.core.api_schemas import LINE_PATTERN, StrictInput
from rapport.core.ids import MAX_ID

# A cluster's key as it appears in a URL; the others (0) keep their plain name.
PathKey = PathEx[int, P(ge=1, le=MAX_ID, description="A cluster's key on your map.")]


class ClusterOut(Schema):
    key: int = Field(description="Stable from one recompute to the next; 0 is the others.")
    label: str = Field(description="Your own name for the cluster, else the automatic one.")
    automatic: str = Field(description='What most members share, e.g. "Acme · 23 of 31".')
    kind: Literal["employer", "school", "city", "skill", ""]
    renamed: bool
    size: int
    color: str


class NodeOut(Schema):
    handle: str
    name: str
    headline: str
    cluster: int
    x: float
    y: float
    degree: int = Field(description="How many others on your map this person is linked to.")
    band: Literal["strong", "fair", "weak"] | None = Field(
        description="Your trust in this connection, as a band; null while not computed."
    )
    network: Literal["a", "b"] | None
    quiet: bool = Field(description="No contact with this connection in the last year.")
    companies: list[str]


class MapOut(Schema):
    computed_at: str
    refreshing: bool = Field(description="A recompute is queued: clusters may change soon.")
    clusters: list[ClusterOut]
    nodes: list[NodeOut]
    edges: list[list[int]] = Field(description="Pairs of indexes into `nodes`.")


class ClusterNameIn(StrictInput):
    name: Annotated[str, StringConstraints(strict=True, max_length=60, pattern=LINE_PATTERN)] = (
        Field(description="Your name for the cluster; empty goes back to the automatic label.")
    )
