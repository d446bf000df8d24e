"""Restrictions: when objections from distinct people reach the threshold, a member may
only invite people whose address they know, and may not send message requests or ask
for introductions, until the latest objection is old enough (or an appeal succeeds).

The thresholds are the invitation limits `restrict_negatives`, `restriction_days` and
`window_days`, where members first meet them (invitations/limits.py).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.limits import notification_kinds as kinds
from rapport.limits.models import Standing
from rapport.limits.selectors.standing import objections
from rapport.notifications.services import notification_send


def tell(member: User, kind: str) -> None:
    """After commit, notify the member about their standing (the page says the rest)."""
    url = reverse("invitations:standing")
    transaction.on_commit(lambda: notification_send(recipient=member, kind=kind, url=url))


def standing_locked(*, member: User) -> Standing:
    """The member's standing row, created if need be, locked until the transaction ends."""
    stored, _ = Standing.objects.select_for_update().get_or_create(member=member)
    return stored


def restriction_review(*, member: User, now: dt.datetime, may_lift: bool = False) -> Standing:
    """Re-read who objected to `member` and restrict, or warn once, accordingly.

    A restriction runs from the latest objection (each new one moves the lifting date);
    once that is old enough it has lifted, even if the objections are still in the
    window. With `may_lift` (a moderator dismissed reports), a restriction that the
    remaining objections no longer reach lifts now. Call in a transaction; returns the
    locked standing row.
    """
    threshold = limits.value("invitations.restrict_negatives")
    days = limits.value("invitations.restriction_days")
    stored = standing_locked(member=member)
    since = now - dt.timedelta(days=limits.value("invitations.window_days"))
    if stored.counting_since and stored.counting_since > since:
        since = stored.counting_since
    objected = objections([member.pk], since=since)
    negatives = len({objector for _, objector, _ in objected})
    last = max((at for _, _, at in objected), default=None)
    until = last + dt.timedelta(days=days) if last else None
    in_force = stored.restricted_until is not None and stored.restricted_until > now
    changed: list[str] = []
    if negatives >= threshold and until is not None and until > now:
        if not in_force:
            stored.restricted_at = now
            tell(member, kinds.STANDING_LIMITED.code)
        stored.restricted_until = until
        changed += ["restricted_at", "restricted_until"]
    elif may_lift and in_force:
        stored.restricted_at = stored.restricted_until = stored.warned_at = None
        changed += ["restricted_at", "restricted_until", "warned_at"]
        tell(member, kinds.STANDING_RESTORED.code)
    elif negatives + 1 >= threshold and stored.warned_at is None:
        stored.warned_at = now
        changed.append("warned_at")
        tell(member, kinds.STANDING_WARNING.code)
    if changed:
        stored.save(update_fields=changed)
    return stored


def restrictions_lift_due(*, now: dt.datetime | None = None) -> int:
    """Lift restrictions whose time has come, and tell the member. Idempotent."""
    now = now or timezone.now()
    done = 0
    for member_id in list(
        Standing.objects.filter(restricted_until__lte=now).values_list("member_id", flat=True)
    ):
        with transaction.atomic():
            stored = (
                Standing.objects.select_for_update()
                .select_related("member")
                .get(member_id=member_id)
            )
            if stored.restricted_until is None or stored.restricted_until > now:
                continue
            stored.restricted_at = None
            stored.restricted_until = None
            stored.warned_at = None
            stored.save(update_fields=["restricted_at", "restricted_until", "warned_at"])
            tell(stored.member, kinds.STANDING_RESTORED.code)
            done += 1
    return done
