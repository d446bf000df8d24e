"""Background work for influence."""

from __future__ import annotations

from django_tasks import task

from rapport.accounts.models import User


@task()
def influence_recompute_member(member_id: int) -> int:
    """One member's score after responses to them (queued by `influence.signals`)."""
    from rapport.influence.services import influence_recompute

    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return 0
    return influence_recompute(member=member).score
