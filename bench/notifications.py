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
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NOTIFICATIONS = int(os.environ.get("BENCH_NOTIF_ROWS", "10000"))
MEMBERS = int(os.environ.get("BENCH_NOTIF_MEMBERS", "10000"))
SENDS = 1_000
ACTORS = 3_000
RUNS = int(os.environ.get("BENCH_NOTIF_RUNS", "40"))
WARMUP = 5
DEEP_PAGE = 50
TARGET_MS = 30.0
SEED = 13
# The member's notifications by kind, in parts of 100.
MIX = {
    code: int(n)
    for code, n in re.findall(
        r"([\w.]+) (\d+)",
        """posts.reacted 30, posts.commented 12, posts.replied 5, posts.reposted 4,
        network.connection_made 6, invitations.accepted 5, invitations.received 6,
        invitations.answered 3, invitations.standing_warning 1, introductions.asked 1,
        introductions.accepted 1, conversations.request_received 2, posts.mentioned 12,
        members.job_changed 12""",
    )
}
# Where a notification's target lives and where it leads (members: the actor's profile).
TARGETS = {
    "invitations": ("invitations", "invitation", "invitations:detail"),
    "introductions": ("trust", "introduction", "trust:introduction"),
    "conversations": ("conversations", "conversation", "conversations:detail"),
    "members": ("companies", "position", "members:profile"),
}
ZONES = re.findall(
    r"\S+",
    """UTC Europe/London Europe/Lisbon Africa/Lagos America/Toronto America/Los_Angeles
    Asia/Kolkata Asia/Kathmandu Asia/Tokyo Australia/Sydney""",
)


def shaped(recipient: Any, code: str, actors: list[Any], target: Any, url: str, **kw: Any) -> Any:
    """A row as `notification_send` leaves it after `actors` (oldest first) joined."""
    from rapport.notifications import kinds
    from rapport.notifications.kinds import Email
    from rapport.notifications.models import Notification
    from rapport.notifications.services.sending import actors_phrase
    from rapport.notifications.tiers import tier_for

    kind = kinds.get(code)
    assert kind is not None, code
    filtered = kw.get("filtered", False)
    grouped = kind.grouped and bool(actors) and not filtered
    latest = actors[-1] if actors else None
    previous = actors[-2] if grouped and len(actors) > 1 else None
    count = len(actors) if grouped else 1
    name = "Someone" if latest is None else latest.display_name
    if grouped:
        name = actors_phrase(name, previous.display_name if previous else None, count)
    ct, target_id = target or (None, None)
    return Notification(
        recipient=recipient,
        kind=code,
        actor=latest,
        other_actor=previous,
        actor_count=count,
        target_type=ct,
        target_id=target_id,
        text=kind.template.format(actor=name, recipient=recipient.display_name)[:300],
        url=url[:300],
        tier=tier_for(code, from_network=kw.get("from_network")),
        group_key=(f"{code}:{ct.pk}:{target_id}" if ct else code) if grouped else "",
        on_site=kw.get("site", kind.site),
        is_filtered=filtered,
        email=Email.OFF if filtered else kw.get("email", kind.email),
        created_at=kw["start"],
        updated_at=kw["end"],
    )


def load(rng: Random, now: dt.datetime, due: dt.datetime) -> dict[str, int]:
    """Flush the database and write the scenario; returns the ids the timings need."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from rapport.accounts.models import User
    from rapport.members.notification_kinds import JOB_CHANGED
    from rapport.notifications.models import KindPreference, Notification, NotificationActor
    from rapport.notifications.models import NotificationPreferences as Prefs
    from rapport.notifications.services.sending import channels_for
    from rapport.posts.models import Post
    from rapport.posts.services.mentions import notification_url

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    users = User.objects.bulk_create(
        [
            User(email=f"m{i}@bench.example", handle=f"m{i}", display_name=f"Member {i}")
            for i in range(3 + MEMBERS)
        ],
        batch_size=2000,
    )
    me, author, mentioned, others = users[0], users[1], users[2], users[3:]
    pool = others[:ACTORS]
    posts = Post.objects.bulk_create(
        [
            Post(author=u, state="published", published_at=now, body="On the job.", body_html="x")
            for u in [me] * 400 + [author] + others
        ],
        batch_size=2000,
    )
    mine, busy, theirs = posts[:400], posts[400], posts[401:]
    post_ct = ContentType.objects.get_for_model(Post)
    cts = {app: ContentType.objects.get_by_natural_key(*t[:2]) for app, t in TARGETS.items()}
    KindPreference.objects.create(member=me, kind="members.job_changed", site=False)
    assert channels_for(me.pk, JOB_CHANGED) == (False, "digest")
    rows: list[tuple[Any, list[Any]]] = []  # each row with its actors, oldest first

    def about(app: str, n: int, actors: list[Any], post: Any = None) -> tuple[Any, str]:
        if app == "posts":
            post = post or rng.choice(mine)
            return (post_ct, post.pk), notification_url(post.pk)
        if app in TARGETS:
            arg = actors[-1].handle if app == "members" else n
            return (cts[app], n), reverse(TARGETS[app][2], args=[arg])
        return None, ""

    for n, code in enumerate(rng.choices(list(MIX), list(MIX.values()), k=NOTIFICATIONS), 1):
        age = dt.timedelta(days=400 * rng.random() ** 2)
        days, size, extra = age / dt.timedelta(days=1), 1, {}
        if code == "posts.reacted":
            big = rng.random() < 0.01
            size = rng.randint(200, 1500) if big else min(60, 1 + int(rng.expovariate(1 / 5)))
        elif code in ("posts.commented", "network.connection_made"):
            size = 1 + int(rng.expovariate(1 / 2))
        elif code in ("posts.replied", "posts.reposted"):
            size = rng.randint(1, 3)
        actors = [] if code == "invitations.standing_warning" else rng.sample(pool, size)
        target, url = about(code.split(".")[0], n, actors)
        if code == "invitations.standing_warning":
            url = reverse("invitations:standing")
        if code == "posts.mentioned":  # "only my connections": a stranger's is filtered
            extra["from_network"] = rng.random() < 0.7
            extra["filtered"] = not extra["from_network"]
        if code == "members.job_changed":  # turned off on the site 120 days ago
            extra["site"] = days > 120
        span = dt.timedelta(hours=rng.uniform(0, 72) if size > 1 else 0)
        row = shaped(me, code, actors, target, url, start=now - age - span, end=now - age, **extra)
        row.is_read = rng.random() < (0.97 if days > 14 else 0.4)
        row.is_seen = row.is_read or (days > 1 and rng.random() < 0.9)
        if row.email != "off" and days > 1:  # told at once, or by a digest since
            row.emailed_at = row.updated_at + dt.timedelta(hours=12 if row.email == "digest" else 0)
        rows.append((row, actors))
    for member, post in zip(others, theirs, strict=True):  # three digest-bound rows each
        for code, size in (
            ("posts.reacted", rng.randint(1, 8)),
            ("posts.commented", rng.randint(1, 3)),
            ("members.job_changed", 1),
        ):
            actors = [a for a in rng.sample(pool, size + 1) if a.pk != member.pk][:size]
            target, url = about(code.split(".")[0], 1, actors, post)
            end = now - dt.timedelta(hours=rng.uniform(1, 150))
            row = shaped(member, code, actors, target, url, start=end, end=end)
            row.is_read = row.is_seen = rng.random() < 0.2
            rows.append((row, actors))
    latest: dict[tuple[int, str], Any] = {}  # the newest group per key is the open one
    for row, _ in rows:
        key = (row.recipient.pk, row.group_key)
        if row.group_key and (key not in latest or row.updated_at > latest[key].updated_at):
            latest[key] = row
    for row in latest.values():
        row.group_open = True
    Notification.objects.bulk_create([row for row, _ in rows], batch_size=2000)
    NotificationActor.objects.bulk_create(
        [
            NotificationActor(notification=row, actor=a, at=row.created_at)
            for row, actors in rows
            if row.group_key
            for a in actors
        ],
        batch_size=5000,
    )
    prefs = [Prefs(member=me, mentions_from="network", digest="daily", digest_hour=due.hour)]
    for member, tz in zip(others, rng.choices(ZONES, k=len(others)), strict=True):
        at = due.astimezone(ZoneInfo(tz))  # due now, wherever they are
        how = rng.choices(["daily", "weekly", "off"], [50, 40, 10])[0]
        prefs.append(Prefs(member=member, digest=how, time_zone=tz, digest_hour=at.hour))
        prefs[-1].digest_weekday = at.weekday()
    Prefs.objects.bulk_create(prefs, batch_size=2000)
    with connection.cursor() as cursor:  # autovacuum's steady state
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"me": me.pk, "author": author.pk, "mentioned": mentioned.pk, "post": busy.pk}


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
    if connection.vendor == "postgresql":
        # A live table has been vacuumed and analysed by autovacuum long before anyone
        # has 10,000 notifications; a table bulk-loaded a second ago has neither the
        # planner's statistics nor the visibility map that index-only counts rely on.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
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
