"""Keeping the graph index honest where changes bypass the services.

The graph index is a cache of the connections, so these are the cases the
conventions allow a signal for: deleting an account (in the admin) removes its
connections by cascade, without `connection_remove`, so each removal is logged in the
deleting transaction before the cascade runs; and `migrate` (or a test's flush) may
leave other tables behind, so the process forgets its index.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from rapport.accounts.models import User
from rapport.network import graph
from rapport.network.graph.changelog import log_changes
from rapport.network.models import Connection


def log_removals_of_deleted_member(sender: type[User], instance: User, **kwargs: Any) -> None:
    pairs = Connection.objects.filter(
        Q(member_low_id=instance.pk) | Q(member_high_id=instance.pk)
    ).values_list("member_low_id", "member_high_id")
    rows = [(lo, hi, False) for lo, hi in pairs]
    if rows:
        log_changes(rows)
        transaction.on_commit(graph.changed)


def forget_index_after_migrate(**kwargs: Any) -> None:
    """After `migrate` or a test's flush the tables may hold another world: the process
    index is dropped and reopened (and checked against the log) on the next read."""
    graph.reset()
