"""Writes for influence: recomputing scores (everyone daily, one member after an event)
and the member's choice to show their score to others."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.influence.facts import gather
from rapport.influence.models import Influence, InfluenceDay, InfluenceScale
from rapport.influence.scoring import PART_WEIGHT, Parts, parts_of, ranks, scale_of, score_on


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
    closeness = community.closeness or {}
    raws = {pk: round(p.raw, 6) for pk, p in parts.items()}
    scored = ranks(raws)
    with transaction.atomic():
        rows = []
        for pk, p in parts.items():
            values = {name: round(getattr(p, name), 4) for name in PART_WEIGHT}
            rows.append(
                Influence(
                    member_id=pk,
                    score=scored[pk],
                    raw=raws[pk],
                    parts=values,
                    counts=dict(p.counts),
                    closeness=round(closeness.get(pk, 0.0), 4),
                    standing=community.scores.get(pk, 1),
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
            update_fields=[
                "score",
                "raw",
                "parts",
                "counts",
                "closeness",
                "standing",
                "stale",
                "computed_at",
            ],
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
        InfluenceScale.objects.update_or_create(
            day=now.date(),
            defaults={"members": len(raws), "least": scale_of(raws.values()), "computed_at": now},
        )
    return len(rows)


def influence_recompute(*, member: User, now: dt.datetime | None = None) -> Influence:
    """One member's score after an event, on the community's scale from the last daily
    pass (which re-ranks everyone)."""
    now = now or timezone.now()
    facts, community = gather([member.pk], now)
    f = facts.get(member.pk)
    if f is None:  # not an active member: nothing to score
        return Influence.objects.get_or_create(member=member)[0]
    parts = parts_of(f, community)
    _store(member.pk, parts, score_on(round(parts.raw, 6), _scale()), now)
    return Influence.objects.get(member=member)


def _scale() -> list[float | None]:
    """The last daily pass's scale; before any pass, one made from the stored values."""
    latest = InfluenceScale.objects.order_by("-day").values_list("least", flat=True).first()
    if latest is not None:
        return list(latest)
    return scale_of(
        Influence.objects.filter(member__is_active=True, member__is_staff=False).values_list(
            "raw", flat=True
        )
    )


# Members per statement: two parameters each, far below SQLite's 32,766.
_MARK_BATCH = 1_000
# The columns the mark writes for a member never scored: the model's defaults, as a
# test checks against the model.
_NEW_ROW = {
    "score": "1",
    "raw": "0.0",
    "parts": "'{}'",
    "counts": "'{}'",
    "public": "FALSE",
    "closeness": "0.0",
    "standing": "1",
    "stale": "TRUE",
}


def influence_mark_stale(member_ids: set[int]) -> list[int]:
    """Mark these members' scores for a recompute; returns those not already marked (so
    a burst of reactions queues one job, not one per reaction). A member never scored
    gets a row marked stale, so the burst's next events find it marked.

    One statement per thousand members (it runs after every message): an upsert that
    inserts the never-scored, marks the fresh and returns exactly those two (a row
    already stale fails the update's condition and is not returned). SQLite before 3.35
    cannot return from an upsert: there, the reads and writes of before."""
    if not connection.features.can_return_columns_from_insert:
        return _mark_stale_in_steps(member_ids)
    ordered = sorted(member_ids)
    marked: list[int] = []
    for start in range(0, len(ordered), _MARK_BATCH):
        marked += _mark_stale(ordered[start : start + _MARK_BATCH])
    return sorted(marked)


def _mark_stale(member_ids: list[int]) -> list[int]:
    table = Influence._meta.db_table
    columns = ", ".join(["member_id", *_NEW_ROW, "computed_at"])
    row = "(%s, " + ", ".join(_NEW_ROW.values()) + ", %s)"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params: list[Any] = []
    for member_id in member_ids:
        params += [member_id, now]
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(member_ids))} "  # noqa: S608 — the model's table and columns; values are parameters
        f"ON CONFLICT (member_id) DO UPDATE SET stale = TRUE WHERE {table}.stale = FALSE "
        "RETURNING member_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [found for (found,) in cursor.fetchall()]


def _mark_stale_in_steps(member_ids: set[int]) -> list[int]:
    with transaction.atomic():
        fresh = list(
            Influence.objects.select_for_update(of=("self",))
            .filter(member_id__in=member_ids, stale=False)
            .values_list("member_id", flat=True)
        )
        Influence.objects.filter(member_id__in=fresh).update(stale=True)
        known = set(
            Influence.objects.filter(member_id__in=member_ids).values_list("member_id", flat=True)
        )
        never = sorted(member_ids - known)
        Influence.objects.bulk_create(
            [Influence(member_id=pk, stale=True) for pk in never], ignore_conflicts=True
        )
    return sorted(set(fresh) | set(never))


def influence_show(*, member: User, public: bool) -> Influence:
    """Show one's score to other members, or keep it to oneself (the default)."""
    found, _ = Influence.objects.get_or_create(member=member)
    if found.public != public:
        found.public = public
        found.save(update_fields=["public"])
    return found
