"""A big group: its discussions page and its statistics (issue 17). Prints one JSON line
(the last) for `bench.__main__`.

    DATABASE_URL=… python -m bench.groups      (flushes that database first)

Loaded: a group with BENCH_GROUP_MEMBERS members (20,000) and BENCH_GROUP_POSTS posts
(50,000) over 120 days, one in five a question; participation near seed 000's 100-10-1
(1 % write, 10 % comment or react, about 40 % read); 60,000 comments, 80,000 reactions
and 150,000 daily visits; three pinned posts. A second group of 2,000 members and 5,000
posts shares the tables. Then VACUUM ANALYZE on PostgreSQL (ANALYZE on SQLite).

Timed, through Django's test client as a member, 20 runs after a warm-up, median and p95:
- the discussions page, GET /groups/<slug>/ (newest first: the pinned posts and a page of
  ten), and sorted by activity;
- the statistics page, GET /groups/<slug>/stats/, as a manager;
- the home feed of the same member, GET /, in the same run, as a reference;
and the statistics job for the big group (`statistics.refresh`), median of 3.
Targets: discussions ≤ 50 ms and statistics ≤ 100 ms at the median on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.post_stats import timed  # the same 20 runs after a warm-up, median and p95

ROOT = Path(__file__).resolve().parent.parent
MEMBERS = int(os.environ.get("BENCH_GROUP_MEMBERS", "20000"))
POSTS = int(os.environ.get("BENCH_GROUP_POSTS", "50000"))
DAYS = 120
RUNS = 20
JOB_RUNS = 3
TARGET_PAGE_MS, TARGET_STATS_MS = 50, 100


def _bulk_group(
    rng: random.Random, users: list[Any], name: str, posts: int, now: dt.datetime
) -> Any:
    from rapport.groups.models import Group, GroupVisit, Membership, MembershipChange
    from rapport.posts.models import Comment, Post, Reaction, ReactionKind

    start = now - dt.timedelta(days=DAYS)
    group = Group.objects.create(
        slug=name.lower().replace(" ", "-"),
        name=name,
        visibility="closed",
        member_count=len(users),
        created_at=start,
    )
    joined = [start + dt.timedelta(seconds=rng.uniform(0, DAYS * 86_400 * 0.8)) for _ in users]
    Membership.objects.bulk_create(
        [
            Membership(
                group=group,
                member=u,
                role="owner" if i == 0 else ("manager" if i < 4 else "member"),
                state="member",
                joined_at=joined[i],
                created_at=joined[i],
                updated_at=joined[i],
            )
            for i, u in enumerate(users)
        ],
        batch_size=5000,
    )
    MembershipChange.objects.bulk_create(
        [
            MembershipChange(group=group, member=u, joined=True, at=joined[i])
            for i, u in enumerate(users)
        ],
        batch_size=5000,
    )
    n = len(users)
    creators = users[: max(1, n // 100)]
    contributors = users[len(creators) : len(creators) + n // 10]
    readers = users[: int(n * 0.5)]
    rows = []
    for i in range(posts):
        at = now - dt.timedelta(seconds=rng.uniform(60, DAYS * 86_400))
        rows.append(
            Post(
                author=rng.choice(creators),
                group=group,
                kind="post",
                state="published",
                audience="members",
                body=f"Discussion {i}: how do you handle roadmap {i % 97}?",
                body_html=f"<p>Discussion {i}: how do you handle roadmap {i % 97}?</p>",
                is_question=i % 5 == 0,
                pinned_at=now if i < 3 else None,
                created_at=at,
                published_at=at,
                active_at=at,
            )
        )
    made = Post.objects.bulk_create(rows, batch_size=5000)
    comments, reactions, seen = [], [], set()
    for _ in range(int(posts * 1.2)):
        post = rng.choice(made)
        at = min(now, (post.published_at or now) + dt.timedelta(hours=rng.uniform(0.1, 72)))
        comments.append(
            Comment(
                post=post,
                author=rng.choice(contributors + creators),
                body="Good point.",
                body_html="<p>Good point.</p>",
                created_at=at,
            )
        )
    Comment.objects.bulk_create(comments, batch_size=5000)
    for _ in range(int(posts * 1.6)):
        post, member = rng.choice(made), rng.choice(contributors)
        if (post.pk, member.pk) in seen:
            continue
        seen.add((post.pk, member.pk))
        at = min(now, (post.published_at or now) + dt.timedelta(hours=rng.uniform(0.1, 48)))
        reactions.append(
            Reaction(post=post, member=member, kind=rng.choice(ReactionKind.values), created_at=at)
        )
    Reaction.objects.bulk_create(reactions, batch_size=5000)
    visits = set()
    for _ in range(int(posts * 3)):
        member = rng.choice(readers)
        visits.add((member.pk, (now - dt.timedelta(days=rng.uniform(0, DAYS))).date()))
    GroupVisit.objects.bulk_create(
        [GroupVisit(group=group, member_id=m, day=d) for m, d in visits], batch_size=5000
    )
    return group


def load(rng: random.Random) -> tuple[int, int, int]:
    """Two groups; returns (big group id, a plain member's id, a manager's id)."""
    from django.core.management import call_command
    from django.utils import timezone

    from rapport.accounts.models import User

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"m{i}@bench.example",
                handle=f"m{i}",
                display_name=f"Member {i}",
                password="!",  # noqa: S106 — unusable: no log-in, no hashing
            )
            for i in range(MEMBERS)
        ],
        batch_size=5000,
    )
    big = _bulk_group(rng, users, "Product Managers Guild", POSTS, now)
    _bulk_group(rng, users[: MEMBERS // 10], "Small Circle", POSTS // 10, now)
    return big.pk, users[MEMBERS - 1].pk, users[1].pk


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "groups-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from rapport.accounts.models import User
    from rapport.discussions.statistics import refresh
    from rapport.groups.models import Group

    load_avg = os.getloadavg()
    settings.DEBUG = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rng = random.Random(1)
    started = time.perf_counter()
    group_id, member_id, manager_id = load(rng)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    load_seconds = time.perf_counter() - started
    print(f"loaded in {load_seconds:.1f} s", file=sys.stderr)
    group = Group.objects.get(pk=group_id)
    jobs = []
    for _ in range(JOB_RUNS):
        began = time.perf_counter()
        stats = refresh(group)
        jobs.append(time.perf_counter() - began)
    member, manager = Client(), Client()
    member.force_login(User.objects.get(pk=member_id))
    manager.force_login(User.objects.get(pk=manager_id))
    base = f"/groups/{group.slug}/"

    def get(client: Client, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    def queries(client: Client, url: str) -> int:
        seen: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get(client, url)
        return len(seen)

    result = {
        "database": connection.vendor,
        "members": Group.objects.get(pk=group_id).member_count,
        "posts": group.posts.count(),
        "discussions": timed(lambda: get(member, base)),
        "discussions_active": timed(lambda: get(member, base + "?sort=active")),
        "stats_page": timed(lambda: get(manager, base + "stats/")),
        "home": timed(lambda: get(member, "/")),
        "job_seconds": round(statistics.median(jobs), 2),
        "queries": {
            "discussions": queries(member, base),
            "stats": queries(manager, base + "stats/"),
        },
        "breakdown_90": stats.figures["breakdown"]["90"]["percent"],
        "load_seconds": round(load_seconds, 1),
        "load": " ".join(f"{x:.2f}" for x in load_avg),
    }
    print(json.dumps(result))


def section(runs: list[dict[str, Any]], command: str) -> str:
    """The docs/benchmarks.md section for one run per database."""
    from bench.__main__ import machine

    first = runs[0]
    lines = [
        "<!-- bench:groups -->",
        "## Groups: a 20,000-member group's discussions and statistics (issue 17)",
        "",
        f"Command: `{command}` (`DATABASE_URL=… python -m bench.groups`, which flushes that "
        f"database). Machine: {machine()}. Date: {dt.date.today().isoformat()}. Load average "
        "at the start of each run: "
        + "; ".join(f"{r['database']} {r['load']}" for r in runs)
        + ".",
        f"A closed group of {first['members']:,} members and {first['posts']:,} posts over "
        f"{DAYS} days (one in five a question, three pinned), 1.2 comments and about 1.6 "
        "reactions a post, daily visits by half the members; a second group of a tenth the "
        f"size in the same tables. Pages through Django's test client, {RUNS} runs after a "
        "warm-up; the home feed of the same member in the same run for reference; the "
        f"statistics job median of {JOB_RUNS}. Targets: discussions ≤ {TARGET_PAGE_MS} ms and "
        f"statistics ≤ {TARGET_STATS_MS} ms at the median on PostgreSQL.",
        "",
        "| what | " + " | ".join(r["database"] for r in runs) + " |",
        "|---" * (len(runs) + 1) + "|",
    ]
    rows = [
        ("discussions page (newest), median ms", lambda r: f"{r['discussions']['median_ms']:.1f}"),
        ("discussions page (newest), p95 ms", lambda r: f"{r['discussions']['p95_ms']:.1f}"),
        (
            "discussions page (active), median ms",
            lambda r: f"{r['discussions_active']['median_ms']:.1f}",
        ),
        ("statistics page, median ms", lambda r: f"{r['stats_page']['median_ms']:.1f}"),
        ("statistics page, p95 ms", lambda r: f"{r['stats_page']['p95_ms']:.1f}"),
        ("home feed (reference), median ms", lambda r: f"{r['home']['median_ms']:.1f}"),
        ("statistics job, s", lambda r: f"{r['job_seconds']:.2f}"),
        (
            "queries: discussions / statistics",
            lambda r: f"{r['queries']['discussions']} / {r['queries']['stats']}",
        ),
        ("loading the data, s", lambda r: f"{r['load_seconds']:.0f}"),
    ]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in runs) + " |")
    lines.append("")
    b = first["breakdown_90"]
    lines.append(
        f"- The loaded group's 90-day breakdown: creators {b['creators']} %, contributors "
        f"{b['contributors']} %, readers {b['readers']} %, lurkers {b['lurkers']} %."
    )
    for r in runs:
        if r["database"] == "postgresql":
            page = "met" if r["discussions"]["median_ms"] <= TARGET_PAGE_MS else "**missed**"
            shown = "met" if r["stats_page"]["median_ms"] <= TARGET_STATS_MS else "**missed**"
            lines.append(f"- Targets on PostgreSQL: discussions {page}; statistics {shown}.")
    lines += ["<!-- /bench:groups -->", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
