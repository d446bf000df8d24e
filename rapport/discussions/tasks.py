"""Background work for group discussions. Each task is safe to run twice."""

from __future__ import annotations

from django_tasks import task


@task()
def group_stats_refresh(group_id: int) -> str:
    """Compute one group's statistics (asked for by its page when it has none yet)."""
    from rapport.discussions.statistics import refresh
    from rapport.groups.models import Group

    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        return "gone"
    return f"{refresh(group).took}s"
