"""Writing the change log: one row per connection made or removed.

Kept apart from the index so that writers (services, imports) do not load numpy or
numba just to append a row.

Writers do not wait for each other (decision 0008): ids come from the table's
sequence, so two connections made at once may commit out of id order. Readers make up
for it (see `source.in_flight` and `live.Live.catch_up`): they never go past a missing
id until every log writer that could still commit it has ended. For that to hold, a
writer owns a transaction id and then a shared lock on the log (shared: writers never
block each other; it only names them to readers) before it draws a log id, all in the
same statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from rapport.network.models import ConnectionChange

Change = tuple[int, int, bool]  # (member_low_id, member_high_id, added)

# The advisory lock every log writer holds in share mode until it commits ("RGCL").
CHANGE_LOG_LOCK = 0x52_47_43_4C


def log_changes(changes: Sequence[Change]) -> None:
    """Append to the change log. Call inside the transaction that made the changes."""
    if not changes:
        return
    now = timezone.now()
    if connection.vendor != "postgresql":
        ConnectionChange.objects.bulk_create(
            ConnectionChange(member_low_id=lo, member_high_id=hi, added=added, created_at=now)
            for lo, hi, added in changes
        )
        return
    # The materialised CTEs are read before any row is formed, in order: the transaction
    # id, then the shared lock, then the id column's default draws from the sequence.
    # The table name comes from the model; every value is a parameter.
    table = ConnectionChange._meta.db_table
    values = ", ".join(["(%s::bigint, %s::bigint, %s::boolean)"] * len(changes))
    sql = (
        "WITH xid AS MATERIALIZED (SELECT pg_current_xact_id()), "  # noqa: S608
        "writer AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(%s) FROM xid) "
        f"INSERT INTO {table} (member_low_id, member_high_id, added, created_at) "
        f"SELECT v.low, v.high, v.added, %s FROM writer, (VALUES {values}) AS v(low, high, added)"
    )
    params: list[Any] = [CHANGE_LOG_LOCK, now]
    for change in changes:
        params.extend(change)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def log_change(low: int, high: int, added: bool) -> None:
    """Append one change. Call inside the transaction that made the change."""
    log_changes([(low, high, added)])


def log_bulk_marker() -> ConnectionChange:
    """Append a marker: the connections table changed in bulk; indexes rebuild from it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # before the id: see above
                cursor.execute("SELECT pg_current_xact_id()")
                cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [CHANGE_LOG_LOCK])
        return ConnectionChange.objects.create(member_low_id=0, member_high_id=0, added=False)
