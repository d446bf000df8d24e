"""Every write for trust: recomputing the stored scores, and pruning a connection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import members_lock
from rapport.core.errors import NotFound
from rapport.network import services as network
from rapport.network.selectors import are_connected
from rapport.trust.facts import facts_for
from rapport.trust.models import TrustScore
from rapport.trust.scoring import trust_of


def trust_recompute(
    *, member: User, others: Collection[int] | None = None, now: dt.datetime | None = None
) -> int:
    """Recompute the member's view of their connections (all, or those in `others`).

    Idempotent: the rows are replaced by what the facts say now. Rows for people who
    are no longer connections are deleted, so a removed connection leaves no score
    behind. Returns how many scores were written.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Facts read and rows written in one transaction, one recompute of a member at a
        # time: two jobs for the same member cannot interleave their writes.
        members_lock(member)
        return _recompute(member, others, now)


def _recompute(member: User, others: Collection[int] | None, now: dt.datetime) -> int:
    facts = facts_for(member, others=others, now=now)
    rows = []
    for other, pair in facts.items():
        trust = trust_of(pair, now=now)
        rows.append(
            TrustScore(
                member=member,
                other_id=other,
                score=trust.score,
                rapport=trust.rapport,
                credibility=trust.credibility,
                risk=trust.risk,
                reasons=[r.as_dict() for r in trust.reasons],
                a_network=trust.a_network,
                reciprocated=trust.reciprocated,
                last_contact_at=pair.last_contact_at,
                prune=trust.prune,
                computed_at=now,
            )
        )
    stale = TrustScore.objects.filter(member=member)
    if others is not None:
        stale = stale.filter(other_id__in=list(others))
    stale.exclude(other_id__in=list(facts)).delete()
    TrustScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["member", "other"],
        update_fields=[
            "score",
            "rapport",
            "credibility",
            "risk",
            "reasons",
            "a_network",
            "reciprocated",
            "last_contact_at",
            "prune",
            "computed_at",
        ],
    )
    return len(rows)


def connection_prune(*, member: User, other: User) -> None:
    """Remove a connection from the trust page: one click, and silent to the other side
    (no notification; they simply no longer see the member among their connections)."""
    if not are_connected(member.pk, other.pk):
        raise NotFound(
            f"You are not connected with {other.display_name}.", code="trust.not_connected"
        )
    network.connection_remove(member=member, other=other)
    TrustScore.objects.filter(member__in=[member, other], other__in=[member, other]).delete()


def trust_recompute_stale(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Recompute the members whose scores were computed before `older_than` ago.

    Some facts change with time alone — recency, the 90-day window for reports, a
    restriction that lifted — so scores are refreshed on a schedule too (nightly).
    Returns how many members were recomputed.
    """
    now = now or timezone.now()
    due = (
        TrustScore.objects.filter(computed_at__lt=now - older_than)
        .values_list("member_id", flat=True)
        .distinct()
    )
    count = 0
    for member in User.objects.filter(pk__in=due, is_active=True).order_by("pk").iterator():
        trust_recompute(member=member, now=now)
        count += 1
    return count
