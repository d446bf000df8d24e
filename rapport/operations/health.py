"""Is this Rapport up, and can it serve? The reads behind /healthz and /readyz.

/healthz answers from the process alone (a load balancer restarts what does not
answer); /readyz checks what a request needs — the database, a job queue that is
being worked (trust, e-mail and digests run there), a graph index that follows the
change log — and says which one is wrong.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from rapport.network.selectors import graph_lag


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def _max_queue_age() -> float:
    """Seconds a ready job may wait before the site is not ready (the worker is down or
    cannot keep up): RAPPORT["READY_MAX_QUEUE_SECONDS"], 10 minutes by default; 0 keeps
    the queue out of readiness (every web node would leave the load balancer together
    when the worker stops)."""
    return float(getattr(settings, "RAPPORT", {}).get("READY_MAX_QUEUE_SECONDS", 600))


def database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return Check("database", False, {"error": type(exc).__name__})
    return Check(
        "database",
        True,
        {"vendor": connection.vendor, "ms": round((time.perf_counter() - started) * 1000, 1)},
    )


def job_queue(now: dt.datetime | None = None) -> Check:
    """Jobs ready to run and how long the oldest has waited (from when it could run: a
    job put off until later waits from then), jobs running, and failures today."""
    now = now or timezone.now()
    never = get_date_max()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    figures = ready.aggregate(
        depth=Count("pk", filter=Q(run_after=never) | Q(run_after__lte=now)),
        oldest_now=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_later=Min("run_after", filter=Q(run_after__lte=now)),
    )
    waiting = [t for t in (figures["oldest_now"], figures["oldest_later"]) if t is not None]
    age = (now - min(waiting)).total_seconds() if waiting else 0.0
    counts = DBTaskResult.objects.aggregate(
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed_today=Count(
            "pk",
            filter=Q(status=TaskResultStatus.FAILED, finished_at__gte=now - dt.timedelta(days=1)),
        ),
    )
    limit = _max_queue_age()
    return Check(
        "job_queue",
        limit <= 0 or age <= limit,  # 0: the queue is reported, never held against the site
        {
            "ready": figures["depth"],
            "oldest_seconds": round(age, 1),
            "limit_seconds": limit,
            "running": counts["running"],
            "failed_last_day": counts["failed_today"],
        },
    )


# Changes a moment old may land between the index's catch-up and the count; a change
# the index has not applied after this long means it stopped following the log.
GRAPH_LAG_SECONDS = 60


def graph_index(now: dt.datetime | None = None) -> Check:
    """The graph index loads and follows the change log: after it caught up (as every
    request makes it), no change older than GRAPH_LAG_SECONDS is left unapplied."""
    now = now or timezone.now()
    try:
        lag = graph_lag()
    except Exception as exc:  # an index that cannot load is exactly what this reports
        return Check("graph_index", False, {"error": type(exc).__name__})
    oldest = lag.pop("oldest_unapplied_at")
    late = isinstance(oldest, dt.datetime) and (now - oldest).total_seconds() > GRAPH_LAG_SECONDS
    return Check("graph_index", not late, lag)


def readiness() -> list[Check]:
    checks = [database()]
    if not checks[0].ok:  # the rest read the database too
        return checks
    return [*checks, job_queue(), graph_index()]
