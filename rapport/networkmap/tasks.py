"""Background work for the network map: recompute a member's stored map. Idempotent:
running it twice, or after the network changed again, leaves the right map."""

from __future__ import annotations

from django_tasks import task

from rapport.accounts.models import User


@task()
def network_map_refresh_task(member_id: int) -> int:
    """Recompute one member's map; the number of people on it (0 if they are gone)."""
    from rapport.networkmap.services import network_map_refresh

    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return 0
    return network_map_refresh(member=member).node_count
