"""Keeping stored trust fresh without a recompute per message (issue 20).

A change between two connections (a message, a trusted sender, the connection made or
ended) marks the pair stale, after commit, in one upsert; one `trust_drain` job at a
time recomputes the stale pairs in batches, each member once per batch for all their
stale partners. At 500 messages a second that is a few recomputes a second instead of
500 queued jobs of ~30 queries each.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.jobs import enqueue_unless_waiting
from rapport.trust.models import StalePair
from rapport.trust.services.scores import trust_recompute

log = logging.getLogger("rapport.trust")

# Pairs recomputed per round of the drain (each member once per round), and rounds per
# job: after that a successor job takes the rest, so e-mail and other jobs get the
# worker in between.
DRAIN_BATCH = 200
DRAIN_ROUNDS = 10


def trust_mark_stale(a_id: int, b_id: int) -> None:
    """Mark both views of a connection stale and make sure a drain will run. Call after
    the change has committed: the mark's time must follow it, and a mark never moves
    back in time (two marks may be written out of order).

    A drain is asked for only when the pair is newly marked, and after the mark
    committed, so a drain waiting then reads it. A pair marked again while still
    stale needs none: its row was there, so a drain is waiting, or running (it reads
    again until no row is left or it hands over to a successor, and keeps a row marked
    after its read). On PostgreSQL the upsert says whether it inserted (`xmax = 0`)."""
    from rapport.trust.tasks import trust_drain

    low, high = (a_id, b_id) if a_id < b_id else (b_id, a_id)
    table = StalePair._meta.db_table
    insert = f"INSERT INTO {table} (member_low_id, member_high_id, marked_at) "
    conflict = "ON CONFLICT (member_low_id, member_high_id) DO UPDATE SET marked_at = "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The database's clock, as the drain's: app servers' clocks need not agree.
            cursor.execute(
                f"{insert}VALUES (%s, %s, clock_timestamp()) {conflict}"
                f"GREATEST({table}.marked_at, EXCLUDED.marked_at) RETURNING xmax = 0",
                [low, high],
            )
            inserted = bool(cursor.fetchone()[0])
        else:
            # SQLite's clock has millisecond steps: this process's (one machine).
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            cursor.execute(
                f"{insert}VALUES (%s, %s, %s) {conflict}MAX(marked_at, excluded.marked_at)",
                [low, high, now],
            )
            inserted = True
    if inserted:
        enqueue_unless_waiting(trust_drain)


def _read_time() -> dt.datetime:
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT clock_timestamp()")
        return cursor.fetchone()[0]


def trust_drain_stale(*, batch: int = DRAIN_BATCH, rounds: int = DRAIN_ROUNDS) -> int:
    """Recompute stale pairs, a batch at a time, until none is left or `rounds` batches
    are done (then a successor job is queued, so the worker runs other jobs between);
    returns how many pairs were recomputed.

    Safe to run twice at once and to crash: a pair's row goes only after its recompute,
    and only if nobody marked it again since this round read it (a newer mark may be
    for a fact the recompute did not see; a mark follows its fact's commit, so an older
    one's fact is in what the recompute read). A member whose recompute fails is
    logged and skipped, as a failed job was before: one bad pair does not stop the
    others, and the nightly recompute tries again."""
    from rapport.trust.tasks import trust_drain

    done = 0
    for _ in range(rounds):
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
            try:
                trust_recompute(member=member, others=partners[member.pk])
            except Exception:
                log.exception("trust recompute of member %s failed", member.pk)
        StalePair.objects.filter(id__in=[r[0] for r in rows], marked_at__lt=read_at).delete()
        done += len(rows)
    if StalePair.objects.exists():
        enqueue_unless_waiting(trust_drain)
    return done


def trust_drain_if_marked() -> bool:
    """Queue a drain when pairs are marked and none waits: the nightly routine's check,
    for marks a crashed drain left behind. Returns whether one was queued."""
    from rapport.trust.tasks import trust_drain

    return StalePair.objects.exists() and enqueue_unless_waiting(trust_drain)
