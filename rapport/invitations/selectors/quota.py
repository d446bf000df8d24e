"""How much of a sender's invitation allowance is left (see services/quota.py for taking it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.invitations.models import QuotaKind, QuotaSlot

NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
WINDOWS: dict[str, dt.timedelta] = {
    QuotaKind.DAY: dt.timedelta(days=1),
    QuotaKind.WEEK: dt.timedelta(days=7),
    QuotaKind.REQUESTS: dt.timedelta(days=7),
    QuotaKind.INTRODUCTIONS: dt.timedelta(days=7),
    QuotaKind.MENTIONS: dt.timedelta(days=1),
    QuotaKind.JOINS: dt.timedelta(days=7),
}


@dataclass(frozen=True)
class Allowance:
    cap: int
    left: int
    next_free_at: dt.datetime | None


def allowance(*, member: User, kind: str, cap: int, now: dt.datetime) -> Allowance:
    """How many sends are left in the window, and when the next one frees up if none."""
    window = WINDOWS[kind]
    start = now - window
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
        next_free = max(over) + window if over else None
        if len(below) >= cap and below:
            candidate = below[0] + window
            next_free = max(next_free, candidate) if next_free else candidate
    return Allowance(cap=cap, left=left, next_free_at=next_free)
