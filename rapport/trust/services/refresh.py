"""Keeping stored trust fresh without a recompute per message (issue 20).

A change between two connections (a message, a trusted sender, the connection made or
ended) marks the pair stale, after commit, in one upsert; one `trust_drain` job at a
time recomputes the stale pairs in batches, each member once per batch for all their
stale partners. At 500 messages a second that is a few recomputes a second instead of
500 queued jobs of ~30 queries each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.jobs import enqueue_unless_waiting, waiting_sql
from rapport.trust.models import StalePair
from rapport.trust.services.scores import trust_recompute

# Pairs recomputed per round of the drain (each member once per round).
DRAIN_BATCH = 200


def trust_mark_stale(a_id: int, b_id: int) -> None:
    """Mark both views of a connection stale and make sure a drain will run. Call after
    the change has committed: the mark's time must follow it.

    A drain is queued only for a pair newly marked, and only if none waits to start.
    A pair marked again while it was still stale needs none: its row was there, so a
    drain is waiting, or running (it reads again until no row is left, and keeps a row
    marked after its read), or it crashed (the next new mark queues one; the nightly
    recompute catches up too). On PostgreSQL that is one statement: the upsert says
    whether it inserted (`xmax = 0`) and whether a drain waits."""
    from rapport.trust.tasks import trust_drain

    low, high = (a_id, b_id) if a_id < b_id else (b_id, a_id)
    waiting = waiting_sql(trust_drain)
    if connection.vendor != "postgresql" or waiting is None:
        # SQLite (development; its clock has millisecond steps, so this process's is
        # used) or another queue: mark, then ask.
        StalePair.objects.bulk_create(
            [StalePair(member_low_id=low, member_high_id=high, marked_at=_now())],
            update_conflicts=True,
            unique_fields=["member_low_id", "member_high_id"],
            update_fields=["marked_at"],
        )
        enqueue_unless_waiting(trust_drain)
        return
    condition, params = waiting
    table = StalePair._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_low_id, member_high_id, marked_at) "  # noqa: S608
            "VALUES (%s, %s, now()) ON CONFLICT (member_low_id, member_high_id) "
            f"DO UPDATE SET marked_at = EXCLUDED.marked_at RETURNING xmax = 0, {condition}",
            [low, high, *params],
        )
        inserted, drain_waits = cursor.fetchone()
    if inserted and not drain_waits:
        trust_drain.enqueue()


def _now() -> dt.datetime:
    return timezone.now()


def _read_time() -> dt.datetime:
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def trust_drain_stale(*, batch: int = DRAIN_BATCH) -> int:
    """Recompute stale pairs until none is left; returns how many were recomputed.

    Safe to run twice at once and to crash: a pair's row goes only after its recompute,
    and only if nobody marked it again since this round read it (a newer mark may be
    for a fact the recompute did not see; a mark follows its fact's commit, so an older
    one's fact is in what the recompute read)."""
    done = 0
    while True:
        read_at = _read_time()
        rows = list(
            StalePair.objects.order_by("marked_at", "id").values_list(
                "id", "member_low_id", "member_high_id"
            )[:batch]
        )
        if not rows:
            return done
        partners: dict[int, set[int]] = defaultdict(set)
        for _, low, high in rows:
            partners[low].add(high)
            partners[high].add(low)
        for member in User.objects.filter(pk__in=partners).order_by("pk"):
            trust_recompute(member=member, others=partners[member.pk])
        StalePair.objects.filter(id__in=[r[0] for r in rows], marked_at__lt=read_at).delete()
        done += len(rows)
