"""Writes for influence: recomputing scores (everyone daily, one member after an event)
and the member's choice to show their score to others."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.influence.facts import gather
from rapport.influence.models import Influence, InfluenceDay
from rapport.influence.scoring import PART_WEIGHT, Parts, parts_of, rank_at, ranks


def _store(member_id: int, parts: Parts, score: int, now: dt.datetime) -> None:
    values = {name: round(getattr(parts, name), 4) for name in PART_WEIGHT}
    counts = dict(parts.counts)
    Influence.objects.update_or_create(
        member_id=member_id,
        defaults={
            "score": score,
            "raw": round(parts.raw, 6),
            "parts": values,
            "counts": counts,
            "stale": False,
            "computed_at": now,
        },
    )
    InfluenceDay.objects.update_or_create(
        member_id=member_id,
        day=now.date(),
        defaults={"score": score, "raw": round(parts.raw, 6), "parts": values, "counts": counts},
    )


def influence_recompute_all(*, now: dt.datetime | None = None) -> int:
    """Every active member's score, ranked against each other; today's history row.
    Returns how many members were scored."""
    now = now or timezone.now()
    facts, community = gather(None, now)
    parts = {pk: parts_of(f, community) for pk, f in facts.items()}
    closed = community.closed_circle()
    scored = ranks({pk: p.raw for pk, p in parts.items()})
    with transaction.atomic():
        rows = []
        for pk, p in parts.items():
            values = {name: round(getattr(p, name), 4) for name in PART_WEIGHT}
            rows.append(
                Influence(
                    member_id=pk,
                    score=scored[pk],
                    raw=round(p.raw, 6),
                    parts=values,
                    counts=dict(p.counts),
                    closed=pk in closed,
                    stale=False,
                    computed_at=now,
                )
            )
        # One upsert (INSERT … ON CONFLICT (member) DO UPDATE): bulk_update's CASE
        # building took 125 of 145 s for 100,000 members (docs/benchmarks.md). The
        # member's choice to show their score is not among the fields replaced.
        Influence.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["member"],
            update_fields=["score", "raw", "parts", "counts", "closed", "stale", "computed_at"],
            batch_size=1000,
        )
        InfluenceDay.objects.filter(day=now.date(), member_id__in=list(parts)).delete()
        InfluenceDay.objects.bulk_create(
            [
                InfluenceDay(
                    member_id=r.member_id,
                    day=now.date(),
                    score=r.score,
                    raw=r.raw,
                    parts=r.parts,
                    counts=r.counts,
                )
                for r in rows
            ],
            batch_size=1000,
        )
    return len(rows)


def influence_recompute(*, member: User, now: dt.datetime | None = None) -> Influence:
    """One member's score after an event, ranked against everyone's stored raw values
    (the daily pass re-ranks everyone)."""
    now = now or timezone.now()
    facts, community = gather([member.pk], now)
    f = facts.get(member.pk)
    if f is None:  # not an active member: nothing to score
        return Influence.objects.get_or_create(member=member)[0]
    parts = parts_of(f, community)
    # Two counts on the raw index, not every member's raw value read back.
    others = Influence.objects.exclude(member=member).filter(
        member__is_active=True, member__is_staff=False
    )
    at_or_below = others.filter(raw__lte=round(parts.raw, 6)).count() + 1
    _store(member.pk, parts, rank_at(parts.raw, at_or_below, others.count() + 1), now)
    return Influence.objects.get(member=member)


def influence_mark_stale(member_ids: set[int]) -> list[int]:
    """Mark these members' scores for a recompute; returns those not already marked (so
    a burst of reactions queues one job, not one per reaction)."""
    fresh = list(
        Influence.objects.filter(member_id__in=member_ids, stale=False).values_list(
            "member_id", flat=True
        )
    )
    Influence.objects.filter(member_id__in=fresh, stale=False).update(stale=True)
    never = member_ids - set(
        Influence.objects.filter(member_id__in=member_ids).values_list("member_id", flat=True)
    )
    return sorted(set(fresh) | never)


def influence_show(*, member: User, public: bool) -> Influence:
    """Show one's score to other members, or keep it to oneself (the default)."""
    found, _ = Influence.objects.get_or_create(member=member)
    if found.public != public:
        found.public = public
        found.save(update_fields=["public"])
    return found
