"""Post statistics: recording views, and the statistics of a post with 100,000 views.
Prints one JSON line (the last) for `bench.__main__`.

    DATABASE_URL=… python -m bench.post_stats      (flushes that database first)

Loaded: an author and a post published 60 days ago with BENCH_POST_VIEWS impressions
(100,000) from BENCH_POST_VIEWERS unique viewers (30,000): four in five members, the
rest signed-out browsers (one key a day); a viewer's first look falls early in the post's
life more often than late, and some come back over the following days. Members' companies,
titles and places are drawn from a few hundred values each with a long tail (Zipf), one
in ten without a company; sources as a feed-first site would see them. Ten other posts
get 100,000 more impressions between them, so the post's rows are a part of the tables,
as in life; a few hundred reactions, comments, reposts and shares. Then, on PostgreSQL,
VACUUM ANALYZE (autovacuum's steady state; ANALYZE on SQLite).

Timed:
- recording: `views_record` as the worker calls it, for a feed page of ten posts (a
  member with a position and a place, or a signed-out browser), in batches of 200 calls;
  calls and views per second, median of 5 batches;
- the statistics page: GET /posts/<id>/stats/ as the author through Django's test client,
  median and p95 of 20 runs after a warm-up; and `post_statistics` alone, the same way.
Target: the page in ≤ 100 ms on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VIEWS = int(os.environ.get("BENCH_POST_VIEWS", "100000"))
VIEWERS = int(os.environ.get("BENCH_POST_VIEWERS", "30000"))
OTHER_POSTS, OTHER_VIEWS = 10, VIEWS
DAYS = 60
RUNS = 20
BATCHES, CALLS, FEED = 5, 200, 10
RECORDING_MEMBERS = 500
TARGET_MS = 100
SOURCES = (
    ("feed", 60),
    ("post", 14),
    ("profile", 8),
    ("notification", 5),
    ("search", 5),
    ("external", 7),
    ("other", 1),
)


def _zipf(rng: random.Random, values: list[str], s: float = 1.1) -> list[str]:
    """`values` weighted 1/rank^s: a few common ones and a long tail."""
    weights = [1 / (rank + 1) ** s for rank in range(len(values))]
    return rng.choices(values, weights=weights, k=VIEWERS)


def load(rng: random.Random) -> tuple[int, int]:
    """The author's post with its views; returns (author id, post id)."""
    from django.core.management import call_command
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.companies.models import Company, Position
    from rapport.members.models import Profile
    from rapport.posts.models import (
        Comment,
        Post,
        PostShare,
        PostView,
        PostViewer,
        Reaction,
        ReactionKind,
        ShareVia,
    )

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    now = timezone.now()
    published = now - dt.timedelta(days=DAYS - 1)
    users = User.objects.bulk_create(
        [
            User(
                email=f"m{i}@bench.example",
                handle=f"m{i}",
                display_name=f"Member {i}",
                password="!",  # noqa: S106 — an unusable password: no log-in, no hashing
            )
            for i in range(RECORDING_MEMBERS + 1)
        ],
        batch_size=2000,
    )
    author, members = users[0], users[1:]
    companies = [f"Company {i}" for i in range(300)]
    titles = [f"Title {i}" for i in range(200)]
    places = [f"City {i}" for i in range(150)]
    Profile.objects.bulk_create(
        [Profile(member=u, location=rng.choice(places)) for u in users], batch_size=2000
    )
    made = {
        c.name: c
        for c in Company.objects.bulk_create(
            [Company(name=name, slug=name.lower().replace(" ", "-")) for name in companies]
        )
    }
    Position.objects.bulk_create(
        [
            Position(
                member=u,
                company=made[rng.choice(companies)],
                title=rng.choice(titles),
                started_on=dt.date(2020, 1, 1),
                is_current=True,
            )
            for u in members
        ]
    )
    post = Post.objects.create(
        author=author,
        kind="post",
        state="published",
        audience="public",
        body="What we learnt shipping Rapport.",
        created_at=published,
        published_at=published,
    )
    others = [
        Post.objects.create(
            author=members[i],
            kind="post",
            state="published",
            audience="members",
            body=f"Another post {i}.",
            created_at=published,
            published_at=published,
        )
        for i in range(OTHER_POSTS)
    ]
    _views(rng, post.pk, published, VIEWS, VIEWERS, companies, titles, places)
    for other in others:
        share = OTHER_VIEWS // OTHER_POSTS
        _views(rng, other.pk, published, share, share * VIEWERS // VIEWS, companies, titles, places)
    Reaction.objects.bulk_create(
        [Reaction(post=post, member=m, kind=rng.choice(ReactionKind.values)) for m in members[:300]]
    )
    Comment.objects.bulk_create(
        [Comment(post=post, author=m, body="Well put.") for m in members[:120]]
    )
    Post.objects.bulk_create(
        [
            Post(
                author=m,
                kind="post",
                state="published",
                audience=rng.choice(["public", "members", "connections"]),
                repost_of=post,
                created_at=now,
                published_at=now - dt.timedelta(minutes=i),
            )
            for i, m in enumerate(members[:80])
        ]
    )
    PostShare.objects.bulk_create(
        [PostShare(post=post, member=m, via=rng.choice(ShareVia.values)) for m in members[:60]]
    )
    assert PostView.objects.filter(post=post).count() == VIEWS
    assert PostViewer.objects.filter(post=post).count() == VIEWERS
    return author.pk, post.pk


def _views(
    rng: random.Random,
    post_id: int,
    published: dt.datetime,
    views: int,
    viewers: int,
    companies: list[str],
    titles: list[str],
    places: list[str],
) -> None:
    """`views` impressions of one post from `viewers` distinct viewers, bulk-inserted."""
    from django.utils import timezone

    from rapport.posts.models import PostView, PostViewer

    sources = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES], k=viewers)
    company, title, place = (_zipf(rng, values) for values in (companies, titles, places))
    viewer_rows, view_rows = [], []
    now = timezone.now()
    midnight = dt.datetime.combine(published.date(), dt.time(0), tzinfo=dt.UTC)
    # Every viewer looks once; the remaining impressions are returns, to members mostly.
    extra = [0] * viewers
    for _ in range(views - viewers):
        extra[min(int(rng.expovariate(1 / (viewers * 0.3))), viewers - 1)] += 1
    for i in range(viewers):
        member = i % 5 != 4
        first = min(int(rng.expovariate(1 / 8)), DAYS - 1)  # most first looks come early
        key = f"m{10_000_000 + i}" if member else "b" + uuid.UUID(int=rng.getrandbits(128)).hex
        viewer_rows.append(
            PostViewer(
                post_id=post_id,
                viewer_key=key[:44],
                first_seen_on=(published + dt.timedelta(days=first)).date(),
                company=company[i] if member and rng.random() > 0.1 else "",
                title=title[i] if member else "",
                place=place[i] if member else "",
                source=sources[i],
            )
        )
        for n in range(1 + extra[i]):
            # A browser's key is one day's; a member comes back over the following days.
            day = first if not member or n == 0 else min(first + rng.randint(0, 10), DAYS - 1)
            # Within the day, and never later than now (the last day is today).
            at = min(midnight + dt.timedelta(days=day, seconds=rng.randint(0, 86_399)), now)
            view_rows.append(
                PostView(
                    post_id=post_id,
                    viewer_key=key[:44],
                    seen_on=at.date(),
                    seen_at=at,
                    source=sources[i],
                    request_key=uuid.UUID(int=rng.getrandbits(128)).hex,
                )
            )
    PostViewer.objects.bulk_create(viewer_rows, batch_size=5000)
    PostView.objects.bulk_create(view_rows, batch_size=5000)


def _steady_state() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def timed(action: Any, runs: int = RUNS) -> dict[str, float]:
    action()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
    }


def recording(rng: random.Random, measured: int) -> dict[str, float]:
    """`views_record` calls per second for feed pages of FEED posts, median of BATCHES."""
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.posts.models import Post
    from rapport.posts.stats.recording import views_record

    member_ids = list(User.objects.exclude(handle="m0").values_list("pk", flat=True))
    post_ids = list(
        Post.objects.filter(repost_of=None).exclude(pk=measured).values_list("pk", flat=True)
    )
    rates = []
    for _ in range(BATCHES):
        calls = []
        for _ in range(CALLS):
            member = rng.choice(member_ids) if rng.random() < 0.8 else None
            key = f"m{member}" if member else "b" + uuid.UUID(int=rng.getrandbits(128)).hex
            calls.append((key, member, rng.sample(post_ids, min(FEED, len(post_ids)))))
        started = time.perf_counter()
        for key, member, posts in calls:
            views_record(
                viewer_key=key,
                member_id=member,
                post_ids=posts,
                source="feed",
                request_key=uuid.uuid4().hex,
                at=timezone.now(),
            )
        rates.append(CALLS / (time.perf_counter() - started))
    per_second = statistics.median(rates)
    return {
        "calls_per_second": round(per_second, 1),
        "views_per_second": round(per_second * min(FEED, len(post_ids)), 1),
        "posts_per_call": min(FEED, len(post_ids)),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "post-stats-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from rapport.accounts.models import User
    from rapport.posts.stats.figures import post_statistics

    load_avg = os.getloadavg()
    # As in production: no query log kept, static names unhashed (no collectstatic here).
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rng = random.Random(1)
    started = time.perf_counter()
    author_id, post_id = load(rng)
    _steady_state()
    load_seconds = time.perf_counter() - started
    print(f"loaded in {load_seconds:.1f} s", file=sys.stderr)
    author = User.objects.get(pk=author_id)
    client = Client()
    client.force_login(author)
    url = f"/posts/{post_id}/stats/"

    def page() -> None:
        assert client.get(url).status_code == 200

    figures = post_statistics(author=author, post_id=post_id)
    result = {
        "database": connection.vendor,
        "impressions": figures.impressions,
        "unique_viewers": figures.unique_viewers,
        "days": len(figures.days),
        "named": {b.dimension: len(b.groups) for b in figures.breakdowns},
        "page": timed(page),
        "selector": timed(lambda: post_statistics(author=author, post_id=post_id)),
        # Recording last: it adds views to the other posts, not to the one measured.
        "recording": recording(rng, post_id),
        "load_seconds": round(load_seconds, 1),
        "load": " ".join(f"{x:.2f}" for x in load_avg),
    }
    print(json.dumps(result))


def section(runs: list[dict[str, Any]], command: str) -> str:
    """The docs/benchmarks.md section for one run per database."""
    from bench.__main__ import machine

    first = runs[0]
    lines = [
        "<!-- bench:post-stats -->",
        "## Post statistics: recording views and the statistics page (issue 12)",
        "",
        f"Command: `{command}` (`DATABASE_URL=… python -m bench.post_stats`, which flushes "
        f"that database). Machine: {machine()}. Date: {dt.date.today().isoformat()}. "
        "Load average at the start of each run: "
        + "; ".join(f"{r['database']} {r['load']}" for r in runs)
        + ".",
        f"A post published {DAYS} days ago with {first['impressions']:,} impressions from "
        f"{first['unique_viewers']:,} unique viewers (four in five members, the rest "
        "signed-out browsers), companies, titles and places from a few hundred values with a "
        "long tail; ten other posts with as many impressions between them. Page: GET as the "
        f"author through Django's test client, {RUNS} runs after a warm-up (the selector "
        f"alone likewise). Recording: `views_record` for a feed page of {FEED} posts, "
        f"batches of {CALLS} calls, median of {BATCHES}. Target: the page in ≤ {TARGET_MS} ms "
        "on PostgreSQL.",
        "",
        "| what | " + " | ".join(r["database"] for r in runs) + " |",
        "|---" * (len(runs) + 1) + "|",
    ]
    rows = [
        ("statistics page, median ms", lambda r: f"{r['page']['median_ms']:.1f}"),
        ("statistics page, p95 ms", lambda r: f"{r['page']['p95_ms']:.1f}"),
        ("`post_statistics` alone, median ms", lambda r: f"{r['selector']['median_ms']:.1f}"),
        ("`post_statistics` alone, p95 ms", lambda r: f"{r['selector']['p95_ms']:.1f}"),
        (
            "recording: `views_record` calls per s",
            lambda r: f"{r['recording']['calls_per_second']:,.0f}",
        ),
        ("recording: views per s", lambda r: f"{r['recording']['views_per_second']:,.0f}"),
        ("loading the data, s", lambda r: f"{r['load_seconds']:.0f}"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in runs) + " |")
    lines.append("")
    for r in runs:
        if r["database"] == "postgresql":
            verdict = "met" if r["page"]["median_ms"] <= TARGET_MS else "**missed**"
            lines.append(f"- Target (page ≤ {TARGET_MS} ms on PostgreSQL, median): {verdict}.")
    lines += ["<!-- /bench:post-stats -->", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
