"""Background work for members."""

from __future__ import annotations

from django_tasks import task


@task()
def job_change_tell(member_id: int, position_id: int) -> int:
    """Tell a member's network of their new position (queued by `job_change_announce`).
    Safe to run twice: whoever was told about this position already is skipped."""
    from rapport.members.job_changes import job_change_tell_now

    return job_change_tell_now(member_id=member_id, position_id=position_id)
