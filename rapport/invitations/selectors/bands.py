"""Standing bands — good, fair, poor — for many senders at once: what recipients see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from rapport.core.compiled import Reusable
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
    found = {
        sender_id: AnswerCounts(decided, accepted, negatives)
        for sender_id, decided, accepted, negatives in _ANSWERS.rows(
            ids=sorted(set(sender_ids)), since=since
        )
    }
    return {sender_id: found.get(sender_id, AnswerCounts()) for sender_id in sender_ids}


def _answers_query(*, ids: list[int], since: dt.datetime) -> QuerySet[Invitation, Any]:
    forgiven_since = "sender__invitation_standing__counting_since"
    return (
        Invitation.objects.filter(sender_id__in=ids, state__in=DECIDED, decided_at__gte=since)
        .filter(Q(**{f"{forgiven_since}__isnull": True}) | Q(decided_at__gte=F(forgiven_since)))
        .values("sender_id")
        .annotate(
            decided=Count("pk"),
            accepted=Count("pk", filter=Q(state=State.ACCEPTED)),
            negatives=Count("recipient", filter=Q(state__in=NEGATIVE), distinct=True),
        )
        .values_list("sender_id", "decided", "accepted", "negatives")
    )


# Every invitations page asks these for its senders: built once (core/compiled.py).
_ANSWERS = Reusable(_answers_query)
_RESTRICTED = Reusable(
    lambda *, ids, now: Standing.objects.filter(
        member_id__in=ids, restricted_until__gt=now
    ).values_list("member_id")
)


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
    restricted = {member for (member,) in _RESTRICTED.rows(ids=sorted(set(sender_ids)), now=now)}
    counts = answer_counts(sender_ids, now=now, rules=rules)
    return {
        sender_id: band_of(counts[sender_id], restricted=sender_id in restricted, rules=rules)
        for sender_id in sender_ids
    }
