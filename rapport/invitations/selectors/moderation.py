"""What moderators see: restricted senders with their evidence, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from rapport.invitations.models import Appeal, AppealState, Invitation
from rapport.invitations.selectors.bands import AnswerCounts, answer_counts
from rapport.invitations.selectors.policy import policy
from rapport.invitations.states import NEGATIVE
from rapport.limits.models import Standing

EVIDENCE_PER_SENDER = 10


@dataclass
class RestrictedRow:
    standing: Standing
    counts: AnswerCounts
    evidence: list[Invitation]


def restricted_senders(*, now: dt.datetime | None = None, limit: int = 100) -> list[RestrictedRow]:
    now = now or timezone.now()
    standings = list(
        Standing.objects.filter(restricted_until__gt=now)
        .select_related("member")
        .order_by("-restricted_at")[:limit]
    )
    ids = [s.member_id for s in standings]
    counts = answer_counts(ids, now=now, rules=policy())
    evidence: dict[int, list[Invitation]] = {i: [] for i in ids}
    for invitation in (
        Invitation.objects.filter(sender_id__in=ids, state__in=NEGATIVE)
        .select_related("recipient")
        .order_by("-decided_at")
    ):
        if len(evidence[invitation.sender_id]) < EVIDENCE_PER_SENDER:
            evidence[invitation.sender_id].append(invitation)
    return [RestrictedRow(s, counts[s.member_id], evidence[s.member_id]) for s in standings]


def appeals_waiting() -> QuerySet[Appeal]:
    return Appeal.objects.filter(state=AppealState.PENDING).select_related("member")
