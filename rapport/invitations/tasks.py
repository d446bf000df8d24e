"""Periodic invitation housekeeping: expiries and restrictions whose time has come."""

from __future__ import annotations

from django_tasks import task

from rapport.invitations.services import invitations_expire_due
from rapport.limits.services import restrictions_lift_due, sanctions_end_due


@task()
def invitations_housekeeping() -> dict[str, int]:
    """Expire old invitations and lift due restrictions. Safe to run twice: both are idempotent."""
    return {
        "expired": invitations_expire_due(),
        "lifted": restrictions_lift_due(),
        "suspensions_ended": sanctions_end_due(),
    }
