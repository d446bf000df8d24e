"""Standing bands — good, fair, poor — for many senders at once: what recipients see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from rapport.invitations.models import Invitation, State
from rapport.invitations.selectors.policy import Policy, policy
from rapport.invitations.states import DECIDED, NEGATIVE
from rapport.limits.models import Standing


@dataclass(frozen=True)
class AnswerCounts:
    decided: int = 0
    accepted: int = 0
    negatives: int = 0


def answer_counts(
    sender_ids: list[int], *, now: dt.datetime, rules: Policy
) -> dict[int, AnswerCounts]:
    """How recipients answered each sender over the window, in one query.

    Answers from before an accepted appeal (`Standing.counting_since`) do not count.
    """
    since = now - dt.timedelta(days=rules.window_days)
    forgiven_since = "sender__invitation_standing__counting_since"
    rows = (
        Invitation.objects.filter(
            sender_id__in=sender_ids, state__in=DECIDED, decided_at__gte=since
        )
        .filter(Q(**{f"{forgiven_since}__isnull": True}) | Q(decided_at__gte=F(forgiven_since)))
        .values("sender_id")
        .annotate(
            decided=Count("pk"),
            accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
            negatives=Count("recipient", filter=Q(state__in=NEGATIVE), distinct=True),
        )
    )
    found = {
        r["sender_id"]: AnswerCounts(r["decided"], r["accepted"], r["negatives"]) for r in rows
    }
    return {sender_id: found.get(sender_id, AnswerCounts()) for sender_id in sender_ids}


def band_of(counts: AnswerCounts, *, restricted: bool, rules: Policy) -> str:
    """good / fair / poor: the one rule for what recipients see instead of numbers."""
    decided, accepted = counts.decided, counts.accepted
    throttled = decided >= rules.throttle_min_decided and accepted / decided < rules.throttle_rate
    if restricted or throttled:
        return "poor"
    if counts.negatives >= 2 or (decided >= 5 and accepted / decided < 0.5):
        return "fair"
    return "good"


def bands_for(
    sender_ids: list[int], *, now: dt.datetime | None = None, rules: Policy | None = None
) -> dict[int, str]:
    """Standing bands for many senders in two queries (the inbox shows one per card)."""
    now = now or timezone.now()
    rules = rules or policy()
    restricted = set(
        Standing.objects.filter(member_id__in=sender_ids, restricted_until__gt=now).values_list(
            "member_id", flat=True
        )
    )
    counts = answer_counts(sender_ids, now=now, rules=rules)
    return {
        sender_id: band_of(counts[sender_id], restricted=sender_id in restricted, rules=rules)
        for sender_id in sender_ids
    }
