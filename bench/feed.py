"""Feed: the home page of a member with 500 connections who post, and the selector behind it.
Prints one JSON line (the last).

    DATABASE_URL=… python -m bench.feed             (flushes that database first)
    DATABASE_URL=… python -m bench.feed --profile   (also: where the selector's time goes)

The member has 500 connections who published 3,000 posts in the last 60 days (a few
prolific authors, most occasional; one in twenty an article; 15% for connections only,
15% public), 150 reposts of them with and without words, and older posts past the
window; 2,000 other members published 3,000 more, some of them commented on by the
member's A network (so "Chidi commented on this" has work to do). Around them: ~40,000
reactions, ~7,000 comments, ~60,000 views by others and 1,200 by the member (some posts
seen three times, so they drop out), and the member's 500 trust scores (40 in their A
network, 100 recent contacts) for the ranking.

Timed, after three warm-ups, median and 95th percentile of RUNS runs: GET / as the lead
serves it (the feed's first page through django.test.Client, logged in, views queued to
the database task queue as in production), GET /posts/feed/?cursor=… with HX-Request (the
"load more" fragment, second page) and `feed_page` alone for both pages; the queries of
each. Target (issue 12): the feed page in ≤ 50 ms server time at the median on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CONNECTIONS = int(os.environ.get("BENCH_FEED_CONNECTIONS", "500"))
OTHERS = int(os.environ.get("BENCH_FEED_OTHERS", "2000"))
NETWORK_POSTS = int(os.environ.get("BENCH_FEED_POSTS", "3000"))
RUNS = int(os.environ.get("BENCH_FEED_RUNS", "25"))
WARMUP = 3
TARGET_MS = 50.0
SEED = 12

SHORT = (
    "Three things a year of {topic} taught me: write the decision down, ask the people "
    "doing the work, measure one thing. #{tag}",
    "Question for people working on {topic}: how do you decide what not to do this quarter?",
    "We are hiring for {topic} in {city}. Message me with questions; referrals welcome.",
    "Back from the {city} meetup. The teams doing {topic} well talk to each other more "
    "than they talk about tools.",
    "Our write-up on {topic}, including what did not work: https://example.com/{tag}",
)
TOPICS = ("data quality", "hiring", "design systems", "incident response", "pricing", "onboarding")
CITIES = ("London", "Lagos", "Lisbon", "Toronto", "Pune")
ARTICLE = (
    "Intro on {topic}.\n\n## Why it matters\n\nBecause it does.\n\n- one\n- two\n\n"
    "> A quote.\n\n[Our checklist](https://example.com/{tag})"
)


def _text(rng: Random) -> str:
    topic = rng.choice(TOPICS)
    return rng.choice(SHORT).format(
        topic=topic, tag=topic.title().replace(" ", ""), city=rng.choice(CITIES)
    )


def load(rng: Random) -> int:
    """Flush the database and write the scenario; returns the member's id."""
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.members.models import Profile
    from rapport.network.models import Connection
    from rapport.network.services import connections_changed_in_bulk
    from rapport.posts.models import Comment, Kind, Post, PostView, Reaction, ReactionKind
    from rapport.posts.rendering import article_html, post_html
    from rapport.trust.models import TrustScore

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"m{i}@bench.example",
                handle=f"m{i}",
                display_name=f"Member {i}",
                password="!",  # noqa: S106 — an unusable password: no log-in, no hashing
            )
            for i in range(1 + CONNECTIONS + OTHERS)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [Profile(member=u, headline=f"Analyst at Company {u.pk % 97}") for u in users],
        batch_size=2000,
    )
    me, friends, others = users[0], users[1 : 1 + CONNECTIONS], users[1 + CONNECTIONS :]
    pairs = {(me.pk, f.pk) for f in friends}
    everyone = friends + others
    while len(pairs) < CONNECTIONS + 20 * len(everyone) // 2:  # the others' own networks
        a, b = rng.sample(everyone, 2)
        pairs.add((min(a.pk, b.pk), max(a.pk, b.pk)))
    Connection.objects.bulk_create(
        [Connection(member_low_id=lo, member_high_id=hi, source="operator") for lo, hi in pairs],
        batch_size=5000,
    )
    connections_changed_in_bulk()

    rendered: dict[str, str] = {}

    def post(author_id: int, ago_days: float, *, article: bool = False) -> Post:
        body = ARTICLE.format(topic=rng.choice(TOPICS), tag="x") if article else _text(rng)
        if body not in rendered:
            rendered[body] = article_html(body) if article else post_html(body)
        at = now - dt.timedelta(days=ago_days)
        audience = rng.choices(["members", "connections", "public"], [70, 15, 15])[0]
        return Post(
            author_id=author_id,
            kind=Kind.ARTICLE if article else Kind.POST,
            state="published",
            audience=audience,
            title="On the job" if article else "",
            body=body,
            body_html=rendered[body],
            created_at=at,
            published_at=at,
        )

    # A few prolific authors, most occasional (Zipf-like weights).
    weights = [1 / (n + 1) ** 0.8 for n in range(CONNECTIONS)]
    authors = rng.choices(friends, weights, k=NETWORK_POSTS)
    network_posts = [
        post(a.pk, rng.uniform(0.01, 59.9), article=rng.random() < 0.05) for a in authors
    ]
    outside = [post(rng.choice(others).pk, rng.uniform(0.01, 59.9)) for _ in range(NETWORK_POSTS)]
    older = [post(rng.choice(everyone).pk, rng.uniform(61, 200)) for _ in range(3000)]
    Post.objects.bulk_create(network_posts + outside + older, batch_size=1000)
    shareable = [p for p in network_posts if p.audience != "connections"]
    reposts = []
    for original in rng.sample(shareable, 150):
        ago = (now - original.created_at).total_seconds() / 86400
        repost = post(rng.choice(friends).pk, rng.uniform(0.0, ago))
        repost.audience, repost.repost_of = "members", original
        if rng.random() < 0.5:
            repost.body = repost.body_html = ""
        reposts.append(repost)
    Post.objects.bulk_create(reposts, batch_size=1000)

    kinds = ReactionKind.values
    reactions, comments = [], []
    for p, mean in [(p, 12) for p in network_posts] + [(p, 3) for p in outside + older]:
        for member in rng.sample(everyone, min(len(everyone), int(rng.expovariate(1 / mean)))):
            reactions.append(
                Reaction(post=p, member=member, kind=rng.choice(kinds), created_at=p.created_at)
            )
        for member in rng.sample(everyone, int(rng.expovariate(1 / (mean / 5)))):
            comments.append(
                Comment(post=p, author=member, body="Well put.", body_html="<p>Well put.</p>")
            )
    a_network = rng.sample(friends, 40)
    for p in rng.sample([p for p in outside if p.audience != "connections"], 300):
        comments.append(
            Comment(
                post=p,
                author=rng.choice(a_network),
                body="This is worth reading.",
                body_html="<p>This is worth reading.</p>",
                created_at=p.created_at + dt.timedelta(hours=2),
            )
        )
    Reaction.objects.bulk_create(reactions, batch_size=5000)
    Comment.objects.bulk_create(comments, batch_size=5000)

    contacted = set(rng.sample(range(CONNECTIONS), 100))
    a_ids = {f.pk for f in a_network}
    TrustScore.objects.bulk_create(
        [
            TrustScore(
                member=me,
                other=f,
                score=(score := rng.randint(5, 100)),
                rapport=score,
                credibility=rng.randint(0, 100),
                risk=rng.randint(0, 20),
                a_network=f.pk in a_ids,
                last_contact_at=now - dt.timedelta(days=rng.uniform(1, 80))
                if n in contacted
                else None,
            )
            for n, f in enumerate(friends)
        ]
    )
    views = []
    for n in range(60_000):
        p = rng.choice(network_posts)
        views.append(
            PostView(
                post=p,
                viewer_key=f"m{rng.choice(everyone).pk}",
                seen_on=now.date(),
                seen_at=now,
                source="feed",
                request_key=f"o{n}",
            )
        )
    for n, p in enumerate(rng.sample(network_posts, 600)):
        for k in range(rng.choice((1, 1, 2, 3, 4))):
            views.append(
                PostView(
                    post=p,
                    viewer_key=f"m{me.pk}",
                    seen_on=now.date(),
                    seen_at=now,
                    source="feed",
                    request_key=f"me{n}-{k}",
                )
            )
    PostView.objects.bulk_create(views, batch_size=5000)
    if connection.vendor == "postgresql":
        # What autovacuum would have done by now on a live site: statistics to plan with
        # and a visibility map for index-only scans. Done here, before the timing, so
        # the autovacuum that a bulk load sets off does not run during it instead.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return me.pk


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)] * 1000, 2),
    }


class Counted:
    """The queries run inside it and their time, requests included: the test client's
    `request_started` clears `connection.queries`, which would hide a page's queries
    from `CaptureQueriesContext`."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - started, sql))


def timed(action: Callable[[], object]) -> dict[str, float]:
    from django.db import connection

    for _ in range(WARMUP):
        action()
    counted = Counted()
    with connection.execute_wrapper(counted):
        action()
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return {**summary(times), "queries": len(counted.queries)}


def profile(action: Callable[[], object], label: str) -> None:
    """Where the time goes: the slowest queries and the Python functions, to stderr."""
    import cProfile
    import pstats

    from django.db import connection

    counted = Counted()
    with connection.execute_wrapper(counted):
        started = time.perf_counter()
        action()
        total = time.perf_counter() - started
    spent = sum(t for t, _ in counted.queries)
    print(
        f"\n== {label}: {total * 1000:.1f} ms, {len(counted.queries)} queries taking "
        f"{spent * 1000:.1f} ms",
        file=sys.stderr,
    )
    for seconds, sql in sorted(counted.queries, reverse=True)[:6]:
        print(f"  {seconds * 1000:7.1f} ms  {sql[:300]}", file=sys.stderr)
    profiler = cProfile.Profile()
    profiler.runcall(action)
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(25)
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", action="store_true", help="Also profile, to stderr.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # As served: no debug pages, no query log kept per request.
    os.environ.setdefault("DEBUG", "false")
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "feed-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from rapport.accounts.models import User
    from rapport.posts.models import Comment, Post, PostView, Reaction
    from rapport.posts.selectors import feed_page

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    member = User.objects.get(pk=load(Random(SEED)))
    loaded = time.perf_counter() - started
    print(f"loaded in {loaded:.1f} s", file=sys.stderr)
    client = Client()
    client.force_login(member)
    first = feed_page(member)
    assert first.next_cursor is not None and len(first.cards) == 20
    cursor = first.next_cursor
    second = feed_page(member, cursor=cursor)

    fresh = iter([feed_page(member) for _ in range(WARMUP + 1 + RUNS)])
    request = RequestFactory().get("/")
    request.user = member
    request.session = client.session

    def home() -> None:
        response = client.get("/")
        assert response.status_code == 200 and b"/posts/feed/?cursor=" in response.content

    def more() -> None:
        response = client.get(f"/posts/feed/?cursor={cursor:.3f}", HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    result: dict[str, Any] = {
        "database": connection.vendor,
        "connections": CONNECTIONS,
        "members": 1 + CONNECTIONS + OTHERS,
        "network_posts": NETWORK_POSTS,
        "posts": Post.objects.count(),
        "reactions": Reaction.objects.count(),
        "comments": Comment.objects.count(),
        "reposts": Post.objects.exclude(repost_of=None).count(),
        "views": PostView.objects.count(),
        "cards": [len(first.cards), len(second.cards)],
        "home": timed(home),
        "more": timed(more),
        "selector_first": timed(lambda: feed_page(member)),
        "selector_second": timed(lambda: feed_page(member, cursor=cursor)),
        # The twenty cards alone, as the "load more" fragment renders them (context
        # processors included), each run on a freshly selected page as a request has it.
        "render_cards": timed(
            lambda: render_to_string(
                "posts/_feed_items.html", {"feed": next(fresh)}, request=request
            )
        ),
        "load_seconds": round(loaded, 1),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if args.profile:
        profile(lambda: feed_page(member), "feed_page, first page")
        profile(home, "GET /")
    print(json.dumps(result))


ROWS = (
    ("home", "home page, first page of the feed: `GET /`"),
    ("more", '"load more", second page: `GET /posts/feed/?cursor=…` (htmx fragment)'),
    ("selector_first", "`feed_page(member)` alone, first page"),
    ("selector_second", "`feed_page(member, cursor=…)` alone, second page"),
    ("render_cards", "rendering the first page's 20 cards alone (`posts/_feed_items.html`)"),
)


def section(runs: list[dict[str, Any]], command: str) -> str:
    from bench.__main__ import machine

    first = runs[0]
    lines = [
        "<!-- bench:feed -->",
        "## The home feed",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"A member with {first['connections']} connections who published "
        f"{first['network_posts']:,} posts in the last 60 days (a few prolific, most "
        f"occasional; 5% articles), {first['reposts']} reposts, {first['posts']:,} posts in "
        f"all among {first['members']:,} members, {first['reactions']:,} reactions, "
        f"{first['comments']:,} comments (300 of them by the member's A network on posts "
        f"from outside it), {first['views']:,} views (1,200 the member's own) and the "
        "member's trust scores. Pages through `django.test.Client`, logged in, views queued "
        f"to the database task queue as in production; median and p95 of {first['home']['runs']} "
        f"runs after {WARMUP} warm-ups. Target: the feed page ≤ {TARGET_MS:.0f} ms at the "
        "median on PostgreSQL.",
        "",
    ]
    header = "| request | " + " | ".join(
        f"{r['database']} median ms | {r['database']} p95 ms | queries" for r in runs
    )
    lines += [header + " |", "|---" * (3 * len(runs) + 1) + "|"]
    for key, label in ROWS:
        cells = [
            f"{r[key]['median_ms']:.1f} | {r[key]['p95_ms']:.1f} | {r[key]['queries']}"
            for r in runs
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in runs:
        verdict = "met" if r["home"]["median_ms"] <= TARGET_MS else "missed"
        target = (
            f"; the {TARGET_MS:.0f} ms target {verdict}" if r["database"] == "postgresql" else ""
        )
        page, selector = r["home"]["median_ms"], r["selector_first"]["median_ms"]
        lines.append(
            f"- {r['database']}: the selector is {selector / page:.0%} of the page's "
            f"{page:.0f} ms (median) and rendering the cards "
            f"{r['render_cards']['median_ms']:.0f} ms; scenario loaded in "
            f"{r['load_seconds']:.1f} s, cards {r['cards'][0]} + {r['cards'][1]}, load average "
            f"{r['load']}{target}."
        )
    lines += ["<!-- /bench:feed -->", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
