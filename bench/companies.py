"""Companies: workforce insights for a company with 20,000 current and former employees,
its company page, and a reference lookup at it. Prints one JSON line (the last).

    DATABASE_URL=… python -m bench.companies      (flushes that database first)

Members are plain accounts (no password hashing); each has one stint at Harborline
Software (start spread over 15 years, 40% still there, the rest left after 3–72
months) and one position at one of 200 other companies before or after it, so where
leavers went and joiners came from have data. Timed: `insights_refresh` for that company
(median of 3), the company page (GET, median of 15, first a warm-up) and a reference
lookup for a member who was there (GET of the page and the selector alone, median of 15).
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

ROOT = Path(__file__).resolve().parent.parent
EMPLOYEES = int(os.environ.get("BENCH_EMPLOYEES", "20000"))


def load() -> int:
    from django.core.management import call_command

    from rapport.accounts.models import User
    from rapport.companies.models import Company, Position
    from rapport.members.models import Profile

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(1)
    here = Company.objects.create(name="Harborline Software", slug="harborline-software")
    others = Company.objects.bulk_create(
        [Company(name=f"Company {i}", slug=f"company-{i}") for i in range(200)]
    )
    users = User.objects.bulk_create(
        [
            User(
                email=f"m{i}@bench.example",
                handle=f"m{i}",
                display_name=f"Member {i}",
                password="!",  # noqa: S106 — an unusable password: no log-in, no hashing
            )
            for i in range(EMPLOYEES + 1)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create([Profile(member=u) for u in users], batch_size=2000)
    today = dt.date.today().replace(day=1)
    positions = []

    def month(back: int) -> dt.date:
        index = today.year * 12 + today.month - 1 - back
        return dt.date(index // 12, index % 12 + 1, 1)

    for u in users:
        start_back = rng.randint(4, 180)
        current = rng.random() < 0.4
        length = start_back if current else rng.randint(3, min(72, start_back))
        end_back = start_back - length
        positions.append(
            Position(
                member=u,
                company=here,
                title="Engineer",
                started_on=month(start_back),
                ended_on=None if current else month(max(end_back, 0)),
                is_current=current,
            )
        )
        other = rng.choice(others)
        if current or rng.random() < 0.5:  # came from elsewhere
            positions.append(
                Position(
                    member=u,
                    company=other,
                    title="Analyst",
                    started_on=month(start_back + rng.randint(12, 60)),
                    ended_on=month(start_back),
                    is_current=False,
                )
            )
        else:  # went elsewhere
            positions.append(
                Position(
                    member=u,
                    company=other,
                    title="Lead",
                    started_on=month(max(end_back, 0)),
                    ended_on=None,
                    is_current=True,
                )
            )
    Position.objects.bulk_create(positions, batch_size=5000)
    _network(rng, [u.pk for u in users])
    analyze()
    return here.pk


VIEWER_CONNECTIONS = 500


def _network(rng: random.Random, ids: list[int]) -> None:
    """The viewer (`m0`, the first member) gets VIEWER_CONNECTIONS connections among the
    others and each of those ten more, so "people in your network here" and the degrees
    on both pages have 1st- and 2nd-degree members to find."""
    from rapport.network.models import Connection

    viewer, others = ids[0], ids[1:]
    pairs: set[tuple[int, int]] = set()
    for friend in rng.sample(others, VIEWER_CONNECTIONS):
        pairs.add((min(viewer, friend), max(viewer, friend)))
        for other in rng.sample(others, 10):
            if other != friend:
                pairs.add((min(friend, other), max(friend, other)))
    Connection.objects.bulk_create(
        [Connection(member_low_id=a, member_high_id=b, source="import") for a, b in pairs],
        batch_size=5000,
    )
    from rapport.network import graph

    graph.reset()
    graph.compact(rebuild=True)  # bulk rows have no change log: the index starts from them


def analyze() -> None:
    """Table statistics, as autovacuum keeps them in production (a bulk load leaves the
    planner guessing a few rows where there are twenty thousand)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def demo_companies() -> dict[str, float]:
    """Insights for every company of the 2,000-member demo, one after another (what the
    job does after a demo load), after loading it afresh."""
    from django.core.management import call_command

    from rapport.companies.models import Company
    from rapport.companies.services import insights_refresh

    call_command("flush", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", members=2000, seed=1, stdout=quiet)
    analyze()
    ids = list(Company.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    for company_id in ids:
        insights_refresh(company_id=company_id)
    return {"companies": len(ids), "all_s": round(time.perf_counter() - started, 2)}


def median_ms(action, runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "companies-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from rapport.accounts.models import User
    from rapport.companies.services import insights_refresh
    from rapport.references.selectors import former_colleagues

    load_avg = os.getloadavg()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    company_id = load()
    print(f"loaded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    insights_ms = median_ms(lambda: insights_refresh(company_id=company_id), 3)
    viewer = User.objects.get(handle="m0")
    candidate = User.objects.get(handle="m1")
    client = Client()
    client.force_login(viewer)

    def page() -> None:
        assert client.get("/companies/harborline-software/").status_code == 200

    def lookup_page() -> None:
        assert client.get(f"/references/{candidate.handle}/").status_code == 200

    found = former_colleagues(requester=viewer, candidate=candidate, now=timezone.now())
    result = {
        "database": connection.vendor,
        "employees": EMPLOYEES,
        "insights_refresh_ms": insights_ms,
        "company_page_ms": median_ms(page, 15),
        "reference_selector_ms": median_ms(
            lambda: former_colleagues(requester=viewer, candidate=candidate, now=timezone.now()),
            15,
        ),
        "reference_page_ms": median_ms(lookup_page, 15),
        "colleagues_listed": len(found.colleagues),
        # (getattr: the same script measures the commit before paging, in a worktree)
        "colleagues_total": getattr(getattr(found, "page", None), "total", len(found.colleagues)),
        "load": " ".join(f"{x:.2f}" for x in load_avg),
    }
    if os.environ.get("BENCH_COMPANIES_DEMO", "1") != "0":
        result["demo"] = demo_companies()
    result["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(json.dumps(result))


def section(runs: list[dict[str, Any]], command: str) -> str:
    """The section of docs/benchmarks.md, one column a database."""
    from bench.__main__ import machine

    head = "| what | " + " | ".join(r["database"] for r in runs) + " | target |"
    rows = [
        ("`insights_refresh` for that company (median of 3)", "insights_refresh_ms", "—"),
        ("company page with stored insights (GET, median of 15)", "company_page_ms", "≤ 50 ms"),
        ("reference lookup, selector alone (median of 15)", "reference_selector_ms", "≤ 50 ms"),
        ("reference lookup page (GET, median of 15)", "reference_page_ms", "≤ 50 ms"),
    ]
    lines = [
        "<!-- bench:companies -->",
        "## Companies: insights and reference lookups (issue 14)",
        "",
        f"Command: `{command}` (`DATABASE_URL=… python -m bench.companies`, which flushes "
        f"that database). Machine: {machine()}. Date: {dt.date.today().isoformat()}. Load "
        "average at the start and end of each run: "
        + "; ".join(f"{r['database']} {r['load']} → {r['load_end']}" for r in runs)
        + ".",
        "",
        f"A company with {runs[0]['employees']:,} current and former employees (40% current), "
        "each with one position at one of 200 other companies before or after; tables "
        "analysed after the load, as autovacuum would. The reference lookup is for one of "
        f"them, who overlapped {runs[0]['colleagues_total']:,} of them by three months or "
        f"more: the first page ({runs[0]['colleagues_listed']}) with degrees and connectors. "
        f"The viewer has {VIEWER_CONNECTIONS} connections among the members, each with ten "
        "more, so both pages find 1st- and 2nd-degree people.",
        "",
        head,
        "|---|" + "---:|" * len(runs) + "---:|",
    ]
    for label, key, target in rows:
        cells = " | ".join(f"{r[key]:.1f} ms" for r in runs)
        lines.append(f"| {label} | {cells} | {target} |")
    demo = [r for r in runs if "demo" in r]
    if demo:
        cells = " | ".join(
            f"{r['demo']['all_s']:.1f} s ({r['demo']['companies']} companies)"
            if "demo" in r
            else "–"
            for r in runs
        )
        lines.append(f"| insights for every company of the 2,000-member demo | {cells} | — |")
    lines += [
        "",
        "Before the reference lookup was paged (`43e3c74`, the same script in a `git "
        "worktree`, PostgreSQL, in the same hour): see the subsection below.",
        "<!-- /bench:companies -->",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
