"""Background work for data exports."""

from __future__ import annotations

from django_tasks import task


@task()
def data_export_build(export_id: int) -> bool:
    """Build a member's copy of their data (queued by `export_request`). Safe to run
    twice: a copy already built is left as it is."""
    from rapport.dataexport.services import export_build

    return export_build(export_id=export_id) is not None
