"""Retrying a write that PostgreSQL chose as a deadlock's victim.

When two transactions wait on each other, PostgreSQL aborts one with SQLSTATE 40P01 and
lets the other finish; the aborted one changed nothing, and the documented remedy is to
run it again. A member should see their action done, not a server error, so services
whose transactions lock several rows (two members, a slot, an invitation) retry a few
times before giving up.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

P = ParamSpec("P")
R = TypeVar("R")
ATTEMPTS = 3
log = logging.getLogger(__name__)


def _is_deadlock(error: OperationalError) -> bool:
    cause = error.__cause__
    return getattr(cause, "sqlstate", None) == "40P01"


def retry_on_deadlock(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` again (up to ATTEMPTS times) when PostgreSQL aborts it as a deadlock's
    victim. Only outside a transaction: inside one, the whole outer transaction is lost
    and must be retried by whoever opened it."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return func(*args, **kwargs)
            except OperationalError as error:
                if not _is_deadlock(error) or connection.in_atomic_block or attempt == ATTEMPTS:
                    raise
                log.info("%s chosen as a deadlock's victim; trying again", func.__qualname__)
                time.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    return wrapper
