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


def group_stats_ask(group_id: int) -> None:
    """Queue a first computation for a group that has none, once in ten minutes per
    process however many visits ask (the job takes seconds for a big group)."""
    from django.core.cache import cache

    if cache.add(f"rapport:group-stats-asked:{group_id}", 1, timeout=600):
        group_stats_refresh.enqueue(group_id)
