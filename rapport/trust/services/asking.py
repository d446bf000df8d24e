"""Asking for a warm introduction: the route, the reason, the limits.

Seed 004's Kevin Bacon story fails at a weak tie, and seed 003 says a connection who
vouches for you beats any cold message. So a request names why the requester wants to
meet the target and what is in it for them, and goes first to the requester's own
connection along a route Rapport proposes: never longer than needed, the shortest that
is not weak first.

Limits, in the database: open requests per requester are slots (a unique constraint
on requester and slot number, given back when the request ends); requests asked of one
introducer per rolling week are quota slots taken by a conditional update (`chain.py`).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.core import limits
from rapport.core.errors import Conflict, LimitReached, PermissionDenied, ValidationFailed
from rapport.limits.selectors import restricted
from rapport.limits.selectors.moderation import ensure_allowed
from rapport.network.selectors import are_connected
from rapport.trust.models import (
    Introduction,
    IntroductionState,
    IntroductionStep,
    StepRole,
)
from rapport.trust.selectors.introductions import path_proposals
from rapport.trust.services.chain import REASON_MAX, ask_next, clean_text


def _take_open_slot(requester: User) -> int:
    """The lowest free open-request slot, or `introduction.open_limit`."""
    cap = limits.value("trust.introductions_open_per_member")
    used = set(
        Introduction.objects.filter(requester=requester, open_slot__isnull=False).values_list(
            "open_slot", flat=True
        )
    )
    free = [n for n in range(cap) if n not in used]
    if not free:
        raise LimitReached(
            f"You have {cap} introduction requests under way, the most at once. Wait for an "
            "answer, or withdraw one.",
            code="introduction.open_limit",
        )
    return free[0]


def introduction_request(
    *,
    requester: User,
    target: User,
    via: User,
    reason: str,
    offer: str,
    now: dt.datetime | None = None,
) -> Introduction:
    """Ask to be introduced to `target`, first asking `via` — one of the requester's
    connections Rapport proposes. The route continues along the best path through them
    (`path_proposals`: at most three hops and none needless, nobody whose connection
    list is private, nobody blocked); the first introducer is asked at once.
    """
    now = now or timezone.now()
    ensure_allowed(requester, "introductions", now=now)
    if requester.pk == target.pk:
        raise ValidationFailed(
            "You cannot ask to be introduced to yourself.", code="introduction.self"
        )
    reason = clean_text(
        reason, field="reason", what="why you want to meet them", most=REASON_MAX, least=20
    )
    offer = clean_text(
        offer, field="offer", what="what is in it for them", most=REASON_MAX, least=10
    )
    if restricted(requester, now=now):
        raise PermissionDenied(
            "While a limit applies to your invitations you cannot ask for introductions. Your "
            "standing page says when it lifts.",
            code="introduction.restricted",
        )
    if are_connected(requester.pk, target.pk):
        raise Conflict(
            f"You are already connected with {target.display_name}: write to them directly.",
            code="introduction.connected",
        )
    proposals = path_proposals(requester, target, now=now)
    if not proposals:
        raise ValidationFailed(
            f"{target.display_name} is not within three steps of you through people who show "
            "their connections.",
            code="introduction.no_path",
        )
    chosen = next((p for p in proposals if p.via.pk == via.pk), None)
    if chosen is None:
        raise ValidationFailed(
            f"Rapport proposes no route to {target.display_name} through {via.display_name}: "
            "choose one of the people it proposes.",
            code="introduction.bad_route",
            field="via",
        )
    path = chosen.ids
    people = User.objects.in_bulk(path)
    for attempt in range(3):
        try:
            with transaction.atomic():
                members_lock(requester)  # one request at a time per requester
                slot = _take_open_slot(requester)
                intro = Introduction.objects.create(
                    requester=requester,
                    target=target,
                    reason=reason,
                    offer=offer,
                    path=list(path),
                    open_slot=slot,
                    created_at=now,
                )
                steps = IntroductionStep.objects.bulk_create(
                    [
                        IntroductionStep(
                            introduction=intro,
                            position=position,
                            member=people[member_id],
                            role=StepRole.TARGET if member_id == target.pk else StepRole.INTRODUCER,
                        )
                        for position, member_id in enumerate(path[1:], start=1)
                    ]
                )
                ask_next(steps[0], intro, by=requester, now=now)
                return intro
        except IntegrityError as exc:
            # Another request for the same person, or the same slot, won the race.
            if Introduction.objects.filter(
                requester=requester, target=target, state=IntroductionState.PENDING
            ).exists():
                raise Conflict(
                    f"You already asked to be introduced to {target.display_name}.",
                    code="introduction.pending",
                ) from exc
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
