"""How much of an allowance is left (services/quota.py takes it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.limits.models import QuotaSlot
from rapport.limits.registry import KINDS

NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def window(kind: str) -> dt.timedelta:
    return KINDS[kind].window


@dataclass(frozen=True)
class Allowance:
    cap: int
    left: int
    next_free_at: dt.datetime | None


def allowance(*, member: User, kind: str, cap: int, now: dt.datetime) -> Allowance:
    """How many uses are left in the window, and when the next one frees up if none."""
    span = window(kind)
    start = now - span
    used = list(
        QuotaSlot.objects.filter(member=member, kind=kind, used_at__gte=start).values_list(
            "number", "used_at"
        )
    )
    over = [at for number, at in used if number >= cap]
    below = sorted(at for number, at in used if number < cap)
    left = 0 if over else max(0, cap - len(below))
    next_free = None
    if left == 0:
        # Sending resumes when every slot above a lowered cap has aged out and, if the
        # slots under the cap are all in use, when the oldest of those ages out too.
        next_free = max(over) + span if over else None
        if len(below) >= cap and below:
            candidate = below[0] + span
            next_free = max(next_free, candidate) if next_free else candidate
    return Allowance(cap=cap, left=left, next_free_at=next_free)
