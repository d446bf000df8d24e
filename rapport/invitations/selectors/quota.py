"""How much of a sender's invitation allowance is left (see services/quota.py for taking it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min

from rapport.accounts.models import User
from rapport.invitations.models import QuotaKind, QuotaSlot

NEVER = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
WINDOWS: dict[str, dt.timedelta] = {
    QuotaKind.DAY: dt.timedelta(days=1),
    QuotaKind.WEEK: dt.timedelta(days=7),
}


@dataclass(frozen=True)
class Allowance:
    cap: int
    left: int
    next_free_at: dt.datetime | None


def allowance(*, member: User, kind: str, cap: int, now: dt.datetime) -> Allowance:
    start = now - WINDOWS[kind]
    slots = QuotaSlot.objects.filter(member=member, kind=kind, used_at__gte=start)
    over = slots.filter(number__gte=cap).count()
    busy = slots.filter(number__lt=cap).count()
    left = 0 if over else max(0, cap - busy)
    next_free = None
    if left == 0:
        oldest = slots.aggregate(at=Min("used_at"))["at"]
        next_free = oldest + WINDOWS[kind] if oldest else None
    return Allowance(cap=cap, left=left, next_free_at=next_free)
