"""Influence (issue 18): every member's score recomputed, and one member's after an event,
on the demo community and on a synthetic one of 100,000 members. Prints one JSON line
(the last) for `bench.__main__`.

    DATABASE_URL=… python -m bench.influence               (flushes that database first)
    DATABASE_URL=… python -m bench.influence measure [--runs N]   (times what is there)

The demo: `rapport demo --members 2000 --seed 1` (which scores everyone as it loads), then
`influence_recompute_all()` RUNS_DEMO times. The synthetic community (`bench.influence_data`:
bulk-loaded rows shaped as the services write them, about three minutes either database;
BENCH_INFLUENCE_SYNTHETIC=0 skips it): `influence_recompute_all()` twice, the first run
writing every member's first score, the second replacing them (the daily job's steady
state). Each community is timed in a fresh process (`measure`), so its peak resident
memory is the recompute's, not the load's. Then `influence_recompute(member=…)` for
SAMPLE members — the ten with the highest raw value, ten others who posted in the window,
ten at random — once each untimed (their queries captured), once timed; median and p95,
and the time in `gather` (the facts) on its own. Targets: the whole community in minutes,
one member ≤ 50 ms at the median on PostgreSQL; on PostgreSQL one member is timed again
after `VACUUM ANALYZE` of the influence tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from random import Random
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEMO_MEMBERS = 2000
RUNS_DEMO, RUNS_SYNTHETIC = 3, 2
SAMPLE = 30
TARGET_MS = 50.0
SEED = 18


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak since `peak_reset`) of this process, in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def peak_reset() -> None:
    """Start VmHWM again from the current size (ru_maxrss cannot be reset, and a child
    inherits its parent's)."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "runs": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, round(len(ordered) * 0.95) - 1)] * 1000, 2),
    }


@contextmanager
def clocked(owner: Any, name: str, totals: dict[str, float]) -> Iterator[None]:
    """Add up the time spent in `owner.name` (a module's function or a class's method)
    in `totals[name]` while inside."""
    inner = getattr(owner, name)
    totals.setdefault(name, 0.0)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - started

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, inner)


def everyone(runs: int) -> list[dict[str, Any]]:
    """`influence_recompute_all()` `runs` times: wall time, where it went, peak memory."""
    from django.db import connection
    from django.db.models.query import QuerySet

    from bench.feed import Counted
    from rapport.influence import services

    out = []
    for _ in range(runs):
        gc.collect()
        before = memory_mb("VmRSS")
        peak_reset()
        totals: dict[str, float] = {}
        counted = Counted()
        started = time.perf_counter()
        with (
            clocked(services, "gather", totals),
            clocked(QuerySet, "bulk_update", totals),
            clocked(QuerySet, "bulk_create", totals),
            connection.execute_wrapper(counted),
        ):
            scored = services.influence_recompute_all()
        wall = time.perf_counter() - started
        out.append(
            {
                "members": scored,
                "wall_s": round(wall, 2),
                **{f"{k}_s": round(v, 2) for k, v in totals.items()},
                "queries": len(counted.queries),
                "db_s": round(sum(t for t, _ in counted.queries), 2),
                "rss_before_mb": before,
                "peak_rss_mb": memory_mb("VmHWM"),
            }
        )
        print(f"everyone: {out[-1]}", file=sys.stderr)
    return out


def sample() -> list[tuple[str, Any]]:
    """Ten with the highest raw value, ten other posters in the window, ten at random."""
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.core import limits
    from rapport.influence.models import Influence
    from rapport.posts.models import Post

    rng, members = Random(SEED), User.objects.filter(is_active=True, is_staff=False)
    top = list(Influence.objects.order_by("-raw").values_list("member_id", flat=True)[:10])
    since = timezone.now() - dt.timedelta(days=limits.value("influence.days"))
    authors = set(
        Post.objects.filter(state="published", published_at__gte=since, repost_of=None)
        .values_list("author_id", flat=True)
        .distinct()
    )
    posters = rng.sample(sorted(authors - set(top)), min(10, len(authors - set(top))))
    ids = list(members.values_list("pk", flat=True))
    rest = rng.sample(sorted(set(ids) - set(top) - set(posters)), SAMPLE - len(top) - len(posters))
    users = members.in_bulk(top + posters + rest)
    groups = ["top"] * len(top) + ["poster"] * len(posters) + ["random"] * len(rest)
    return [(g, users[pk]) for g, pk in zip(groups, top + posters + rest, strict=True)]


def one_member() -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.feed import Counted
    from rapport.influence import services

    members = sample()
    queries: list[int] = []
    slowest: list[tuple[float, str]] = []
    for group, member in members:  # warm-up, queries captured
        counted = Counted()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(counted):
            services.influence_recompute(member=member)
        queries.append(len(captured.captured_queries))
        if group == "top" and not slowest:
            slowest = sorted(counted.queries, reverse=True)
            print(f"-- one member ({member.pk}), {len(slowest)} queries:", file=sys.stderr)
            for seconds, sql in counted.queries:
                print(f"  {seconds * 1000:7.2f} ms  {sql[:160]}", file=sys.stderr)
    times: dict[str, list[float]] = {"all": [], "top": [], "gather": []}
    for group, member in members:
        totals: dict[str, float] = {}
        with clocked(services, "gather", totals):
            started = time.perf_counter()
            services.influence_recompute(member=member)
            times["all"].append(time.perf_counter() - started)
        times["gather"].append(totals["gather"])
        if group == "top":
            times["top"].append(times["all"][-1])
    return {
        **summary(times["all"]),
        "top": summary(times["top"]),
        "gather": summary(times["gather"]),
        "queries": sorted(set(queries)),
        "slowest": [[round(t * 1000, 2), sql.replace('"', "")[:160]] for t, sql in slowest[:4]],
    }


def measure(runs: int) -> dict[str, Any]:
    from django.db import connection

    from rapport.accounts.models import User

    User.objects.count()  # connected, as before each recompute
    baseline = memory_mb("VmRSS")
    result = {"database": connection.vendor, "baseline_rss_mb": baseline}
    result |= {"everyone": everyone(runs), "one": one_member()}
    if connection.vendor == "postgresql":
        # Right after the daily pass the table holds every row's old versions too, until
        # autovacuum comes by; then again as it leaves it.
        dead = "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'influence_influence'"
        with connection.cursor() as cursor:
            cursor.execute(dead)
            result["dead_rows"] = cursor.fetchone()[0]
            cursor.execute("VACUUM ANALYZE influence_influence, influence_influenceday")
        result["one_vacuumed"] = one_member()
    return result


def measured(runs: int) -> dict[str, Any]:
    """`measure` in a fresh process, on the database of this one."""
    args = [sys.executable, "-m", "bench.influence", "measure", "--runs", str(runs)]
    out = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def counts() -> dict[str, int]:
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.conversations.models import Message
    from rapport.core import limits
    from rapport.invitations.models import Invitation
    from rapport.network.models import Connection
    from rapport.posts.models import Comment, Post, PostShare, PostViewer, Reaction

    since = timezone.now() - dt.timedelta(days=limits.value("influence.days"))
    published = Post.objects.filter(state="published", published_at__gte=since)
    return {
        "members": User.objects.filter(is_active=True, is_staff=False).count(),
        "connections": Connection.objects.count(),
        "posts": published.filter(repost_of=None).count(),
        "reposts": published.exclude(repost_of=None).count(),
        "reactions": Reaction.objects.count(),
        "comments": Comment.objects.count(),
        "shares": PostShare.objects.count(),
        "viewers": PostViewer.objects.filter(viewer_key__startswith="m").count(),
        "messages": Message.objects.count(),
        "invitations": Invitation.objects.exclude(decided_at=None).count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", nargs="?", choices=["all", "measure"], default="all")
    parser.add_argument("--runs", type=int, default=RUNS_DEMO)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "false")  # as the worker runs: no query log
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "influence-graph"))
    import django

    django.setup()
    if args.mode == "measure":
        print(json.dumps(measure(args.runs)))
        return
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.influence_data import load

    result: dict[str, Any] = {"database": connection.vendor}
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("demo", members=DEMO_MEMBERS, seed=1, stdout=quiet)
    result["demo"] = {"load_s": round(time.perf_counter() - started, 1), **counts()}
    print(f"demo loaded: {result['demo']}", file=sys.stderr)
    result["demo"] |= measured(RUNS_DEMO)
    if os.environ.get("BENCH_INFLUENCE_SYNTHETIC", "1") != "0":
        started = time.perf_counter()
        written = load(Random(SEED), timezone.now().replace(microsecond=0))
        result["synthetic"] = {"load_s": round(time.perf_counter() - started, 1), **counts()}
        result["synthetic"] |= {"written": written}
        print(f"synthetic loaded: {result['synthetic']}", file=sys.stderr)
        result["synthetic"] |= measured(RUNS_SYNTHETIC)
    result["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps(result))


def _row(part: str, r: dict[str, Any]) -> str:
    p = r[part]
    runs, one, after = p["everyone"], p["one"], p.get("one_vacuumed")
    last = runs[-1]
    cells = [
        f"{part} ({p['members']:,})",
        r["database"],
        ", ".join(f"{e['wall_s']:.1f}" for e in runs),
        f"{last['gather_s']:.1f}",
        f"{last['bulk_update_s']:.1f}",
        f"{last['bulk_create_s']:.1f}",
        str(last["queries"]),
        f"{max(e['peak_rss_mb'] for e in runs):,.0f}",
        f"{one['median_ms']:.1f}",
        f"{one['p95_ms']:.1f}",
        f"{one['top']['median_ms']:.1f}",
        f"{one['gather']['median_ms']:.1f}",
        ", ".join(map(str, one["queries"])),
        f"{after['median_ms']:.1f} / {after['p95_ms']:.1f}" if after else "–",
    ]
    return "| " + " | ".join(cells) + " |"


def _note(part: str, r: dict[str, Any]) -> str:
    p = r[part]
    first, one = p["everyone"][0], p.get("one_vacuumed") or p["one"]
    slow = "; ".join(f"{ms:.1f} ms `{sql[:110]}…`" for ms, sql in p["one"]["slowest"][:3])
    dead = f" ({p['dead_rows']:,} dead rows in `influence_influence`)" if "dead_rows" in p else ""
    return (
        f"- {part}, {r['database']}: {p['connections']:,} connections, {p['posts']:,} posts and "
        f"{p['reposts']:,} reposts in the window, {p['reactions']:,} reactions, "
        f"{p['comments']:,} comments, {p['shares']:,} shares, {p['viewers']:,} member views, "
        f"{p['messages']:,} messages, {p['invitations']:,} answered invitations; loaded in "
        f"{p['load_s']:.0f} s. First pass: {first['wall_s']:.1f} s ({first['gather_s']:.1f} in "
        f"`gather`, {first['bulk_update_s']:.1f} in `bulk_update`, "
        f"{first['bulk_create_s']:.1f} in `bulk_create`, {first['db_s']:.1f} in queries); "
        f"Django alone holds {p['baseline_rss_mb']:.0f} MB. One member right after the "
        f"daily pass{dead}, slowest queries: {slow}. Median in `gather` after VACUUM: "
        f"{one['gather']['median_ms']:.1f} ms."
    )


def section(runs: list[dict[str, Any]], command: str) -> str:
    from bench.__main__ import machine

    head = (
        "| community | database | everyone: each run s | in `gather` s | in `bulk_update` s | "
        "in `bulk_create` s | queries | peak RSS MB | one member: median ms | p95 ms | "
        "ten highest: median ms | in `gather` ms | queries | after VACUUM: median / p95 ms |"
    )
    synthetic = [r["database"] for r in runs if "synthetic" in r]
    lines = [
        "<!-- bench:influence -->",
        "## Influence scores",
        "",
        f"Command: `{command}`. Machine: {machine()}. Date: {dt.date.today().isoformat()}.",
        f"Demo: `rapport demo --members {DEMO_MEMBERS} --seed 1` (which scores everyone as it "
        f"loads), then `influence_recompute_all()` {RUNS_DEMO} times, each replacing every score "
        "and today's history row. Synthetic (on "
        f"{' and '.join(synthetic) or 'no database'}): 100,000 members bulk-loaded by "
        "`bench/influence_data.py` with rows shaped as the services write them — 3% post (5% "
        "of those 25–80 posts in 90 days, the rest a few), 15% respond with Pareto-skewed "
        "activity, to their connections and beyond; comments and replies, shares, reposts, "
        "member views, conversations (requests, declined ones), invitations answered every way "
        "(spammers mostly declined or reported), introductions, complaints, restrictions, two "
        f"engagement pods of twelve; `influence_recompute_all()` {RUNS_SYNTHETIC} times, the "
        "first writing every member's first score, the second replacing them (the daily job). "
        "Each community is timed in a fresh process: wall time and where it went (the last "
        "run), peak resident memory (VmHWM). One member: `influence_recompute(member=…)` for "
        f"{SAMPLE} members (the ten with the highest raw value, ten other posters, ten at "
        "random), once untimed (queries counted with CaptureQueriesContext), once timed; on "
        "PostgreSQL again after `VACUUM ANALYZE` of the influence tables (what autovacuum "
        "leaves). Targets: everyone in minutes; one member ≤ "
        f"{TARGET_MS:.0f} ms at the median on PostgreSQL.",
        "",
        head,
        "|---" * (head.count("|") - 1) + "|",
    ]
    parts = [(part, r) for part in ("demo", "synthetic") for r in runs if part in r]
    lines += [_row(part, r) for part, r in parts] + [""] + [_note(part, r) for part, r in parts]
    for r in runs:
        if "synthetic" in r and r["database"] == "postgresql":
            s = r["synthetic"]
            ms = [s["one"]["median_ms"], s["one_vacuumed"]["median_ms"]]
            worst = max(e["wall_s"] for e in s["everyone"])
            lines.append(
                f"- Targets, synthetic community on PostgreSQL: everyone in {worst / 60:.1f} "
                f"minutes at most ({'met' if worst < 600 else 'missed'}, reading 'in minutes' "
                "as under ten); one member "
                f"{ms[0]:.0f} ms at the median right after the daily pass and {ms[1]:.0f} ms "
                f"after VACUUM: the {TARGET_MS:.0f} ms target "
                f"{'met' if max(ms) <= TARGET_MS else 'missed'}."
            )
    loads = "; ".join(f"{r['database']} {r['load']}" for r in runs)
    lines += [f"- Load average at the end of each database's run: {loads}."]
    lines += ["<!-- /bench:influence -->", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
