"""Reads about moderators' decisions: whether one stops a member now, and the lists the
member and the console show."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.core.errors import PermissionDenied
from rapport.limits.models import AppealState, Capability, Sanction, SanctionKind


def restrictions_in_force(member: Any, capability: str, *, now: dt.datetime) -> QuerySet[Sanction]:
    """A moderator's restrictions of `capability` on the member in force at `now`, the
    longest first. `member`: a member, an id, or an `OuterRef` for a caller that asks
    within a query of its own."""
    member_id = member.pk if isinstance(member, User) else member
    return Sanction.objects.filter(
        member_id=member_id,
        kind=SanctionKind.RESTRICTION,
        capability=capability,
        lifted_at=None,
        starts_at__lte=now,
        ends_at__gt=now,
    ).order_by("-ends_at")


def restriction_in_force(
    member: User | int, capability: str, *, now: dt.datetime | None = None
) -> Sanction | None:
    """A moderator's restriction of `capability` on the member, if one is in force."""
    return restrictions_in_force(member, capability, now=now or timezone.now()).first()


def refuse_if_restricted(capability: str, ends_at: dt.datetime | None) -> None:
    """The refusal for a restriction in force until `ends_at` (None: there is none)."""
    if ends_at is not None:
        what = Capability(capability).label.lower()
        raise PermissionDenied(
            f"A moderator has stopped you from {what} until {ends_at:%d %b %Y}. "
            "Your moderation page says why and how to appeal.",
            code=f"{capability}.restricted_by_moderator",
        )


# Every write of every capability asks it: built once per capability (core/compiled.py).
_IN_FORCE_UNTIL = Reusable(
    lambda *, member, now, capability: restrictions_in_force(
        member, capability, now=now
    ).values_list("ends_at")[:1]
)


def ensure_allowed(member: User, capability: str, *, now: dt.datetime | None = None) -> None:
    """Raise, in plain words, when a moderator restricted this capability (each
    capability's service calls this before it writes)."""
    rows = _IN_FORCE_UNTIL.rows(
        member=member.pk, now=now or timezone.now(), shape={"capability": capability}
    )
    refuse_if_restricted(capability, rows[0][0] if rows else None)


def decisions_for(member: User) -> QuerySet[Sanction]:
    return Sanction.objects.filter(member=member).order_by("-starts_at", "-id")


def sanction_appeals_waiting() -> QuerySet[Sanction]:
    return (
        Sanction.objects.filter(appeal_state=AppealState.PENDING)
        .select_related("member", "decided_by")
        .order_by("appealed_at")
    )


def history_of(member_ids: list[int]) -> dict[int, list[Sanction]]:
    """Each member's earlier decisions, newest first (evidence for the console)."""
    found: dict[int, list[Sanction]] = {m: [] for m in member_ids}
    for sanction in Sanction.objects.filter(member_id__in=member_ids).order_by("-starts_at", "-id"):
        found[sanction.member_id].append(sanction)
    return found


def suspension_by_id(sanction_id: int) -> Sanction | None:
    return (
        Sanction.objects.select_related("member")
        .filter(pk=sanction_id, kind=SanctionKind.SUSPENSION)
        .first()
    )
