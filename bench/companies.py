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
    return here.pk


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
        "load": " ".join(f"{x:.2f}" for x in load_avg),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
