"""Allowances as slots taken by a conditional update (decision 0007).

Why slots: a rolling seven-day cap cannot be one counter, and counting recent uses
before inserting one lets two concurrent requests both pass. Each member has `cap`
numbered slots per kind; a use takes the lowest-numbered slot whose last use has left
the window with `UPDATE … WHERE used_at < start`, which only one transaction can win
(one statement: the slot is chosen by a subquery in the same UPDATE).
Slots above a lowered cap (a throttle) still in the window block until they age out,
so a shrinking cap is never exceeded either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Exists, Q, Subquery

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.core.errors import Conflict, LimitReached
from rapport.limits.models import QuotaSlot
from rapport.limits.registry import KINDS
from rapport.limits.selectors.quota import NEVER, allowance

# A request that keeps losing the race for a slot gives up rather than spin.
MAX_ATTEMPTS = 50


def _ensure_slots(member: User, kind: str, cap: int) -> None:
    have = QuotaSlot.objects.filter(member=member, kind=kind).count()
    if have < cap:
        QuotaSlot.objects.bulk_create(
            [QuotaSlot(member=member, kind=kind, number=n, used_at=NEVER) for n in range(cap)],
            ignore_conflicts=True,  # a concurrent request may create them too
        )


def slot_take(
    *,
    member: User,
    kind: str,
    cap: int,
    now: dt.datetime,
    what: str = "invitations",
    code: str | None = None,
    message: str | None = None,
) -> None:
    """Use one unit of the allowance, or raise LimitReached with the kind's refusal code.
    Call in a transaction; `what` names the thing in the refusal."""
    registered = KINDS[kind]
    start = now - registered.window
    mine = QuotaSlot.objects.filter(member=member, kind=kind)
    free = mine.filter(number__lt=cap, used_at__lt=start)
    # Slots above a lowered cap still in the window: the cap is used up until they age out.
    over = mine.filter(number__gte=cap, used_at__gte=start)
    # One statement takes the lowest free slot, if nothing is over the cap: the usual send
    # pays one round trip. It finds nothing when the slots are missing (a first use, a
    # raised cap), used up, or taken by a concurrent request a moment ago.
    take = mine.filter(pk=Subquery(free.order_by("number").values("pk")[:1]), used_at__lt=start)
    take = take.filter(~Exists(over))
    for attempt in range(MAX_ATTEMPTS):
        if take.update(used_at=now):
            return
        if attempt == 0:
            _ensure_slots(member, kind, cap)
        elif over.exists() or not free.exists():
            break
    left = allowance(member=member, kind=kind, cap=cap, now=now)
    when = (
        f" You can send again from {left.next_free_at:%d %b %Y %H:%M} UTC."
        if (left.next_free_at)
        else ""
    )
    period = "today" if registered.window <= dt.timedelta(days=1) else "this week"
    if message is None:
        message = f"You have used all {cap} {what} you may send {period}.{when}"
    raise LimitReached(message, code=code or registered.refusal)


def _take_all_query(
    *, kinds: tuple[str, ...], member: int, now: dt.datetime, **by_kind: Any
) -> Any:
    """`slots_take`'s one statement: the lowest free slot of each kind, when every kind
    has one and none is over its cap."""
    every_kind_free = Q()
    chosen = Q(pk__in=[])
    for i, kind in enumerate(kinds):
        cap, start = by_kind[f"cap{i}"], by_kind[f"start{i}"]
        mine = QuotaSlot.objects.filter(member_id=member, kind=kind)
        free = mine.filter(number__lt=cap, used_at__lt=start)
        over = mine.filter(number__gte=cap, used_at__gte=start)
        every_kind_free &= Q(Exists(free)) & Q(~Exists(over))
        lowest = Subquery(free.order_by("number").values("pk")[:1])
        chosen |= Q(pk=lowest, used_at__lt=start)
    return QuotaSlot.objects.filter(member_id=member).filter(every_kind_free, chosen), {
        "used_at": now
    }


# Every send takes its allowances: the statement is built once (rapport/core/compiled.py).
_TAKE_ALL = Reusable(_take_all_query)


def slots_take(
    *, member: User, wants: Sequence[tuple[str, int]], now: dt.datetime, what: str = "invitations"
) -> None:
    """Use one unit of each allowance in `wants` ((kind, cap) pairs: a send that counts
    against a daily and a weekly cap) in one statement when every one of them has a free
    slot, as the usual send does; otherwise it takes none, and each goes through
    `slot_take` in the order given (which creates missing slots, retries a lost race and
    refuses with the kind's code), so the refusal is the one taking them one by one
    gives. Call in a transaction holding the member's lock: then the statement takes all
    or nothing; a partial take (a concurrent request of the member that did not hold
    the lock) is refused as busy and rolls back with the transaction."""
    values: dict[str, Any] = {"member": member.pk, "now": now}
    for i, (kind, cap) in enumerate(wants):
        values[f"cap{i}"], values[f"start{i}"] = cap, now - KINDS[kind].window
    kinds = tuple(kind for kind, _ in wants)
    taken = _TAKE_ALL.update(shape={"kinds": kinds}, **values)
    if taken == len(wants):
        return
    if taken:
        raise Conflict(
            "Another of your requests is using your allowance at this moment; try again.",
            code="limits.busy",
        )
    for kind, cap in wants:
        slot_take(member=member, kind=kind, cap=cap, now=now, what=what)
