"""What the index reads from the database: the connections table and the change log.

Portable ORM queries (keyset pagination over primary keys, `values_list`), so
building and catching up behave the same on SQLite and PostgreSQL; and on PostgreSQL
one more question, which transactions are still running (`in_flight`), since there
log ids can commit out of order.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from rapport.network.graph.changelog import CHANGE_LOG_LOCK, log_bulk_marker
from rapport.network.graph.graph_index import GraphIndex
from rapport.network.models import Connection, ConnectionChange

log = logging.getLogger("rapport.network.graph")

# Rows per query when reading the connections table: bounded memory per step.
BUILD_CHUNK = 200_000
# Change-log rows per query when catching up.
LOG_CHUNK = 20_000


@dataclass(frozen=True)
class Change:
    id: int
    low: int
    high: int
    added: bool
    created_at: dt.datetime

    @property
    def is_bulk_marker(self) -> bool:
        return self.low == 0 and self.high == 0


def database_identity() -> str:
    settings = connection.settings_dict
    return f"{connection.vendor}:{settings.get('HOST') or ''}:{settings['NAME']}"


def changes_from(watermark: int, limit: int | None = None) -> list[Change]:
    """Log rows with id ≥ watermark, oldest first: the row at the watermark itself comes
    back too, so the caller can check it is the row it remembers."""
    rows = (
        ConnectionChange.objects.filter(id__gte=watermark)
        .order_by("id")
        .values_list("id", "member_low_id", "member_high_id", "added", "created_at")
    )
    if limit is not None:
        rows = rows[:limit]
    return [Change(*row) for row in rows]


def in_flight() -> frozenset[int] | None:
    """The ids of the transactions appending to the change log now (they hold its
    lock in share mode until they end), or None where ids are handed out in commit
    order anyway (SQLite has one writer, so a missing id below a committed one was
    rolled back).

    A log id that is missing below a committed one belongs to a writer that was
    running when the committed one was read, or to one that rolled back (a writer owns
    a transaction id and the shared lock before it draws a log id: changelog). Once
    none of the writers this returned after that read is still running, a fresh read
    shows the row if it was ever committed. Other transactions, however long, hold
    nothing up.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.backend_xid::text::bigint FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
            "AND (l.classid::bigint << 32 | l.objid::bigint) = %s "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND a.backend_xid IS NOT NULL AND l.pid <> pg_backend_pid()",
            [CHANGE_LOG_LOCK],
        )
        return frozenset(row[0] for row in cursor.fetchall())


def wait_for(transactions: frozenset[int] | None, *, warn_after: float = 10.0) -> None:
    """Return once none of `transactions` (from `in_flight`) is still running."""
    if not transactions:
        return
    started = time.monotonic()
    pause = 0.002
    warned = False
    while True:
        running = in_flight()
        if not (running and transactions & running):
            return
        if not warned and time.monotonic() - started > warn_after:
            log.warning("graph index waits for long transactions to end: %s", sorted(running))
            warned = True
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def oldest_change_id() -> int | None:
    value = ConnectionChange.objects.aggregate(m=Min("id"))["m"]
    return None if value is None else int(value)


def change_at(change_id: int) -> dt.datetime | None:
    return (
        ConnectionChange.objects.filter(id=change_id).values_list("created_at", flat=True).first()
    )


def latest_change() -> tuple[int, dt.datetime] | None:
    row = ConnectionChange.objects.order_by("-id").values_list("id", "created_at").first()
    return None if row is None else (int(row[0]), row[1])


def watermark_problem(watermark: int, watermark_at: dt.datetime | None) -> str | None:
    """Why an index with this watermark cannot catch up from the log, or None if it can.

    It can when the log still holds its watermark row (the same row: same time), or
    when the log was pruned exactly up to it. A watermark row that is missing while
    older rows exist, or has another time, means another database.
    """
    if watermark > 0:
        created = change_at(watermark)
        if created is not None:
            return None if created == watermark_at else "the change log is another database's"
    oldest = oldest_change_id()
    if oldest is None:
        return "the change log is empty" if watermark > 0 else None
    if oldest > watermark + 1:
        return f"the change log was pruned past it (oldest change {oldest})"
    if oldest <= watermark:
        # Pruning deletes a prefix, so the watermark row should still be there.
        return "the change log is another database's"
    return None


def read_connections(chunk: int = BUILD_CHUNK) -> tuple[int, np.ndarray, np.ndarray]:
    """All connections as two int32 arrays, read in primary-key pages; (nodes, low, high)."""
    capacity = 1 << 16
    low = np.empty(capacity, np.int32)
    high = np.empty(capacity, np.int32)
    size = 0
    last = 0
    while True:
        page = list(
            Connection.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "member_low_id", "member_high_id")[:chunk]
        )
        if not page:
            break
        block = np.array(page, dtype=np.int64)
        if size + block.shape[0] > capacity:
            capacity = max(capacity * 2, size + block.shape[0])
            low = np.resize(low, capacity)
            high = np.resize(high, capacity)
        low[size : size + block.shape[0]] = block[:, 1]
        high[size : size + block.shape[0]] = block[:, 2]
        size += block.shape[0]
        last = int(block[-1, 0])
        if len(page) < chunk:
            break
    nodes = int(max(low[:size].max(), high[:size].max())) + 1 if size else 1
    return nodes, low[:size], high[:size]


def build_from_database(*, persistent: bool) -> GraphIndex:
    """A fresh index from the connections table.

    The watermark is read before the table, and the table only once every log writer
    running after that read has ended: then every change up to the watermark is in the
    table or was rolled back, a change committed while the table is read has a higher
    id and is replayed afterwards, and replaying a change the table already shows
    changes nothing, since the last change to a pair decides it.
    A persistent build needs a watermark row to recognise its database by, so on an
    empty log it first writes a bulk marker (outside any transaction).
    """
    # A throwaway build (inside a transaction) is never caught up: it needs no watermark.
    latest = latest_change() if persistent else None
    if latest is None and persistent:
        marker = log_bulk_marker()
        latest = (marker.pk, marker.created_at)
    watermark, watermark_at = latest if latest else (0, None)
    if persistent:
        wait_for(in_flight())
    nodes, low, high = read_connections()
    return GraphIndex.from_edges(
        nodes,
        low,
        high,
        watermark=watermark,
        watermark_at=watermark_at,
        source="database",
    )


def prune_log(snapshot_watermark: int, retention: dt.timedelta) -> int:
    """Delete change-log rows that a snapshot covers and that are older than `retention`.

    The boundary row itself is kept, so an index whose watermark is just below the
    oldest retained row can tell that nothing it needs was deleted.
    """
    cutoff = timezone.now() - retention
    recent = (
        ConnectionChange.objects.filter(created_at__gte=cutoff)
        .order_by("id")
        .values_list("id", flat=True)
        .first()
    )
    boundary = snapshot_watermark if recent is None else min(snapshot_watermark, recent)
    deleted, _ = ConnectionChange.objects.filter(id__lt=boundary).delete()
    return deleted


def log_size() -> dict[str, int | None]:
    bounds = ConnectionChange.objects.aggregate(oldest=Min("id"), newest=Max("id"))
    return {"oldest": bounds["oldest"], "newest": bounds["newest"]}
