"""Background work for the network. Each task is idempotent."""

from __future__ import annotations

from django_tasks import task

from rapport.network import graph


@task()
def graph_compact() -> dict[str, object]:
    """Fold the change log into a new graph snapshot and prune the log it covers.

    Asked for by any process whose patch has grown past RAPPORT_GRAPH_PATCH_LIMIT;
    safe to run twice or concurrently (one machine-wide lock; an up-to-date snapshot
    is left alone)."""
    return graph.compact()
