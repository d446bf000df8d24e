"""The two GROUP BY statements behind a post's statistics: nothing else reads the view log.

Both count rows in the database and send back a few hundred at most, whatever the number
of views (100,000 views: see bench/post_stats.py). Each is one statement, so one snapshot:
the new viewers per day and the groups of viewers add up to the same total.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast

from rapport.posts.models import PostView, PostViewer

DAY = "day"
FIELDS = ("company", "title", "place", "source")
# (dimension, value, distinct viewers, of whom signed-out browsers)
GroupRow = tuple[str, str, int, int]


def impressions_by_day(post_id: int, *, own_key: str) -> dict[dt.date, int]:
    """Impressions per day, the author's own left out.

    The author's showings are subtracted rather than filtered out: with no condition but
    the post, the count is an index-only scan of (post, seen_on), about three times
    faster on PostgreSQL than reading each row's viewer; the author's own are found
    through the (viewer, post) index.
    """
    everyone = (
        PostView.objects.filter(post_id=post_id)
        .values_list("seen_on")
        .annotate(n=Count("*"))
        .order_by()
    )
    own = (
        PostView.objects.filter(post_id=post_id, viewer_key=own_key)
        .values_list("seen_on")
        .annotate(n=Count("*") * -1)
        .order_by()
    )
    days: dict[dt.date, int] = defaultdict(int)
    for day, n in everyone.union(own, all=True):
        days[day] += n
    return {day: n for day, n in days.items() if n}


def viewer_groups(post_id: int, *, own_key: str, k: int) -> list[GroupRow]:
    """New viewers per day, and the viewers per company, title, place and source.

    Groups under `k` are dropped by the database (HAVING) and never reach Python, except
    the blank value's: it is two groups (signed-out readers, members who left the field
    empty), split from its counts by the caller and each held to `k` there.
    """
    if connection.vendor == "postgresql":
        return _grouping_sets(post_id, own_key, k)
    return _union(post_id, own_key, k)


def _grouping_sets(post_id: int, own_key: str, k: int) -> list[GroupRow]:
    # One pass over the post's viewers for all five groupings: twice as fast as five
    # grouped SELECTs joined by UNION ALL, which is what SQLite (no GROUPING SETS) runs.
    table = connection.ops.quote_name(PostViewer._meta.db_table)
    sql = f"""
        SELECT first_seen_on, company, title, place, source, COUNT(*),
               COUNT(*) FILTER (WHERE viewer_key LIKE 'b%%')
        FROM {table}
        WHERE post_id = %s AND viewer_key <> %s
        GROUP BY GROUPING SETS ((first_seen_on), (company), (title), (place), (source))
        HAVING GROUPING(first_seen_on) = 0 OR COUNT(*) >= %s
            OR COALESCE(company, title, place, source) = ''
    """  # noqa: S608 — the table name is the model's own; values go as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [post_id, own_key, k])
        found = cursor.fetchall()
    rows: list[GroupRow] = []
    for day, *values, n, browsers in found:
        if day is not None:
            rows.append((DAY, day.isoformat(), n, browsers))
            continue
        # The columns are NOT NULL, so the one set in this row is the one grouped by.
        field, value = next((f, v) for f, v in zip(FIELDS, values, strict=True) if v is not None)
        rows.append((field, value, n, browsers))
    return rows


def _union(post_id: int, own_key: str, k: int) -> list[GroupRow]:
    viewers = PostViewer.objects.filter(post_id=post_id).exclude(viewer_key=own_key).order_by()
    counts = {"n": Count("*"), "browsers": Count("pk", filter=Q(viewer_key__startswith="b"))}
    by_day = viewers.values(dim=Value(DAY), value=Cast("first_seen_on", CharField())).annotate(
        **counts
    )
    parts = [
        viewers.values(dim=Value(field), value=F(field))
        .annotate(**counts)
        .filter(Q(n__gte=k) | Q(**{field: ""}))  # HAVING
        for field in FIELDS
    ]
    return [
        (
            row["dim"],
            str(row["value"])[:10] if row["dim"] == DAY else row["value"],
            row["n"],
            row["browsers"],
        )
        for row in by_day.union(*parts, all=True)
    ]
