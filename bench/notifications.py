"""Notifications: the list of a member with 10,000, a busy post's reactions written one by
one, and 10,000 members' digests. Prints one JSON line (the last) for `bench.__main__`.

    DATABASE_URL=… python -m bench.notifications [--explain]   (flushes that database first;
        --explain: on PostgreSQL, each notification query's plan on page 50, to stderr)

Loaded in bulk, every row shaped as `notification_send` writes it (tier, text, group key
and open flag, actor count and last two actors, channels, filtered, e-mail): the member's
notifications over 400 days, newest the densest, by MIX — groups on 400 of their posts (one
reaction group in a hundred with 200–1,500 actors, all in `NotificationActor`), tier-1
invitations and requests, mentions (from outside their network filtered: "only my
connections"), job changes (off on the site for 120 days); read and seen as members leave
them; targets other than posts are ids only (the page never loads them). Then 10,000
members with a post and three digest-bound rows each, due at one instant in ten zones.
Timed: GET /notifications/ through django.test.Client, logged in (pages 1, 50 and the last;
median and p95 of RUNS after WARMUP, queries and their time), `digests_send` for everyone
(locmem backend), and 1,000 grouped against 1,000 ungrouped sends. Target (issue 13): the
page ≤ 30 ms at the median on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

from bench.notifications_data import load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SENDS = 1_000
RUNS = int(os.environ.get("BENCH_NOTIF_RUNS", "40"))
WARMUP = 5
DEEP_PAGE = 50
TARGET_MS = 30.0
SEED = 13


def timed(action: Callable[[], object], before: Callable[[], object]) -> dict[str, Any]:
    """Median and p95 of RUNS after WARMUP; `before` runs untimed ahead of each."""
    from django.db import connection

    from bench.feed import Counted, summary

    for _ in range(WARMUP):
        before()
        action()
    before()
    counted = Counted()
    with connection.execute_wrapper(counted):
        action()
    print(f"-- {len(counted.queries)} queries:", file=sys.stderr)
    for seconds, sql in counted.queries:
        print(f"  {seconds * 1000:6.2f} ms  {sql[:150]}", file=sys.stderr)
    times = []
    for _ in range(RUNS):
        before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    db_ms = round(sum(t for t, _ in counted.queries) * 1000, 1)
    return {**summary(times), "queries": len(counted.queries), "db_ms": db_ms}


def explained(action: Callable[[], object]) -> None:
    """Each SELECT's plan (EXPLAIN ANALYZE, BUFFERS) before it runs, to stderr."""
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.lstrip().upper().startswith("SELECT") and "notification" in sql:
            raw = context["cursor"].cursor
            raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n    ".join(line for (line,) in raw.fetchall())
            print(f"\n== {sql[:200]}\n    {plan}", file=sys.stderr)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        action()


def sends(recipient: Any, code: str, actors: list[Any], post: Any, at: dt.datetime) -> Any:
    from django.db import connection

    from bench.feed import Counted, summary
    from rapport.notifications.services import notification_send
    from rapport.posts.services.mentions import notification_url

    counted, times = Counted(), []
    # A mention says whether it came from the recipient's network; a reaction does not.
    network = True if code == "posts.mentioned" else None
    about = {"target": post, "url": notification_url(post.pk), "from_network": network}
    with connection.execute_wrapper(counted):
        for i, actor in enumerate(actors):  # as on-commit hooks call it, a second apart
            started = time.perf_counter()
            later = at + dt.timedelta(seconds=i)
            notification_send(recipient=recipient, kind=code, actor=actor, now=later, **about)
            times.append(time.perf_counter() - started)
    return {
        **summary(times),
        "total_s": round(sum(times), 2),
        "queries_per_call": round(len(counted.queries) / len(actors), 2),
    }


def digests(at: dt.datetime) -> dict[str, Any]:
    from django.core import mail
    from django.db import connection

    from bench.feed import Counted
    from rapport.notifications.emails import digests_send

    mail.outbox = []
    counted = Counted()
    started = time.perf_counter()
    with connection.execute_wrapper(counted):
        run = digests_send(now=at)
    wall = time.perf_counter() - started
    assert len(mail.outbox) == run.sent and not run.failed, run
    table = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)', re.I)
    kinds = Counter(
        f"{sql.split()[0].upper()} {m.group(1) if (m := table.search(sql)) else ''}".strip()
        for _, sql in counted.queries
    )
    members, db = run.sent + run.quiet + run.deferred, sum(t for t, _ in counted.queries)
    return {
        **{"members": members, "sent": run.sent, "quiet": run.quiet, "deferred": run.deferred},
        **{"wall_s": round(wall, 2), "db_s": round(db, 2), "queries": len(counted.queries)},
        "ms_member": round(wall / members * 1000, 2),
        "by_statement": dict(kinds.most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--explain", action="store_true", help="Plans of the page, to stderr.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")  # as served: no query log per request
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "notifications-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.notifications.models import Notification, NotificationActor
    from rapport.notifications.selectors import notifications_for
    from rapport.notifications.views import notification_list
    from rapport.posts.models import Post

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    now = timezone.now().replace(microsecond=0)
    due = now + dt.timedelta(minutes=5)
    started = time.perf_counter()
    ids = load(Random(SEED), now, due)
    loaded = time.perf_counter() - started
    print(f"loaded in {loaded:.1f} s", file=sys.stderr)
    me = User.objects.get(pk=ids["me"])
    client = Client()
    client.force_login(me)
    url = reverse("notifications:list")
    unread = notifications_for(recipient=me).filter(is_read=False)
    newest = list(unread.values_list("pk", flat=True)[:5])

    def arrive() -> None:  # five new ones since the member last looked
        Notification.objects.filter(pk__in=newest).update(is_seen=False)

    def page(number: int) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url, {"page": number})
            assert response.status_code == 200
            assert b'<li id="notification-' in response.content

        return get

    result: dict[str, Any] = {"database": connection.vendor}
    result["first_new"] = timed(page(1), arrive)
    result["first"] = timed(page(1), lambda: None)
    result["deep"] = timed(page(DEEP_PAGE), lambda: None)
    result["last"] = timed(page(10**6), lambda: None)
    request = RequestFactory().get(url, {"page": DEEP_PAGE})
    request.user, request.session = me, client.session
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as view_queries:
        notification_list(request)
    if args.explain and connection.vendor == "postgresql":
        explained(page(DEEP_PAGE))
    shown = notifications_for(recipient=me)
    result |= {
        "view_queries": len(view_queries.captured_queries),
        "rows": Notification.objects.filter(recipient=me).count(),
        "shown": shown.count(),
        "unread": shown.filter(is_read=False).count(),
        "pages": -(-shown.count() // settings.RAPPORT["SEARCH_PAGE_SIZE"]),
        "actors": NotificationActor.objects.filter(notification__recipient=me).count(),
        "all_rows": Notification.objects.count(),
        "digest": digests(due),
    }
    post = Post.objects.get(pk=ids["post"])
    actors = list(User.objects.order_by("pk")[3 : 3 + SENDS])
    author, other = User.objects.get(pk=ids["author"]), User.objects.get(pk=ids["mentioned"])
    result["grouped"] = sends(author, "posts.reacted", actors, post, now)
    result["ungrouped"] = sends(other, "posts.mentioned", actors, post, now)
    group = Notification.objects.get(recipient=author)
    assert group.actor_count == SENDS, group.actor_count
    assert Notification.objects.filter(recipient=other).count() == SENDS
    result["load_seconds"] = round(loaded, 1)
    result["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps(result))


PAGES = (
    ("first_new", "page 1, five new arrivals (the view marks them seen)"),
    ("first", "page 1 again, nothing new"),
    ("deep", f"page {DEEP_PAGE}"),
    ("last", "the last page"),
)
PAGE_CELLS = "{median_ms:.1f}|{p95_ms:.1f}|{queries}|{db_ms:.1f}"
SEND_CELLS = "{total_s:.2f}|{median_ms:.2f}|{p95_ms:.2f}|{queries_per_call:g}"
DIGEST_CELLS = "{wall_s:.1f}|{ms_member:.2f}|{db_s:.1f}|{queries:,}"
SENDS_ROWS = (("grouped", "grouped: joins the open group"), ("ungrouped", "ungrouped"))


def table(runs: list[dict[str, Any]], rows: Any, heads: str, cells: str) -> list[str]:
    """A markdown table: a row per (key, label); `heads` and `cells` ("|"-separated
    names and format strings) repeated per database."""
    names, formats = heads.split("|"), cells.split("|")
    head = " | ".join(f"{r['database']} {name}" for r in runs for name in names)
    lines = [f"| | {head} |", "|---" * (len(names) * len(runs) + 1) + "|"]
    for key, label in rows:
        row = " | ".join(f.format(**r[key]) for r in runs for f in formats)
        lines.append(f"| {label} | {row} |")
    return lines


def section(runs: list[dict[str, Any]], command: str) -> str:
    from bench.__main__ import machine

    first, d = runs[0], runs[0]["digest"]
    lines = [
        "<!-- bench:notifications -->",
        "## Notifications",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"A member with {first['rows']:,} notifications over 400 days ({first['shown']:,} in "
        f"their list, {first['pages']} pages of 20, {first['unread']:,} unread; the rest are "
        "filtered mentions or a kind they turned off on the site): reaction, comment, reply "
        "and repost groups on 400 of their posts as the service groups them (one reaction "
        f"group in a hundred with 200–1,500 actors; {first['actors']:,} actor rows), tier-1 "
        "invitations and requests, mentions, job changes, connections; read and seen as a "
        f"member leaves them; {first['all_rows']:,} notifications in the table. Pages through "
        f"`django.test.Client`, logged in; median and p95 of {first['first']['runs']} runs "
        f"after {WARMUP} warm-ups; queries per request (session and member included; the "
        f"view's own, by RequestFactory and CaptureQueriesContext: {first['view_queries']}) "
        f"and their time in one run. Target: ≤ {TARGET_MS:.0f} ms at the median on PostgreSQL.",
        "",
        *table(runs, PAGES, "median ms|p95 ms|queries|in queries ms", PAGE_CELLS),
        "",
        f'Writing: {SENDS:,} `notification_send` calls of "posts.reacted" by {SENDS:,} '
        "members on one post, each in autocommit as the on-commit hook runs it (one group "
        f"grows to {SENDS:,} actors), against {SENDS:,} ungrouped mentions of another member "
        "(a row each; a mention also reads the mentioner mutes).",
        "",
        *table(runs, SENDS_ROWS, "total s|median ms|p95 ms|queries a call", SEND_CELLS),
        "",
        f"Digests: `digests_send` at the instant all {d['members']:,} members' digests are due "
        f"(daily, weekly or off, in ten time zones; three waiting rows each, one in five "
        "already read): the locmem e-mail backend, so each message is built from its "
        "templates and handed over, and nothing leaves.",
        "",
        *table(
            runs,
            [("digest", "every digest due")],
            "s|ms a member|in queries s|queries",
            DIGEST_CELLS,
        ),
        "",
    ]
    for r in runs:
        d, page = r["digest"], r["first"]["median_ms"]
        top = ", ".join(f"{k} {n:,}" for k, n in list(d["by_statement"].items())[:8])
        verdict = f"the {TARGET_MS:.0f} ms target {'met' if page <= TARGET_MS else 'missed'}"
        lines.append(
            f"- {r['database']}: {d['sent']:,} digests sent, {d['quiet']:,} quiet, "
            f"{d['queries'] / d['members']:.1f} queries a member ({top}); "
            f"{verdict + ' on page 1; ' if r['database'] == 'postgresql' else ''}"
            f"scenario loaded in {r['load_seconds']:.0f} s; load average {r['load']}."
        )
    lines += ["<!-- /bench:notifications -->", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
