"""Writing the change log: one row per connection made or removed, in commit order.

Kept apart from the index so that writers (services, imports) do not load numpy or
numba just to append a row.
"""

from __future__ import annotations

from django.db import connection, transaction

from rapport.network.models import ConnectionChange

# The advisory lock that makes change-log ids follow commit order on PostgreSQL.
CHANGE_LOG_LOCK = 0x52_47_43_4C  # "RGCL"


def lock_change_log() -> None:
    """Serialise change-log writers until commit, so ids are handed out in commit order
    and "id > watermark" never skips a row that commits late. SQLite has one writer.

    Taken last in the writer's transaction (after the connection row), and held only
    until its commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOG_LOCK])


def log_change(low: int, high: int, added: bool) -> None:
    """Append to the change log. Call inside the transaction that made the change."""
    lock_change_log()
    ConnectionChange.objects.create(member_low_id=low, member_high_id=high, added=added)


def log_bulk_marker() -> ConnectionChange:
    """Append a marker: the connections table changed in bulk; indexes rebuild from it."""
    with transaction.atomic():
        lock_change_log()
        return ConnectionChange.objects.create(member_low_id=0, member_high_id=0, added=False)
