"""The main pages' server time on the demo community, as Ada sees them: JSON out.

Each page is requested through Django's handler in this process (`Client`, the whole
middleware stack, the view, the templates; no network or browser), signed in as the
demo's Ada, with DEBUG off. Pages take turns, so a noisy minute hits them all alike;
5 warm-up rounds, then `--rounds` timed ones. Queries per page are counted on one
more request each (savepoints left out).

    python -m bench.pages --members 2000 [--rounds 60] [--reuse]

Run through `python -m bench` or `python -m bench.against REF` (which runs this file
on the reference commit's code too).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sends", type=int, default=0, help="Ignored (bench.against passes it).")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import demo_community
    from rapport.accounts.models import User

    demo_community(args.members, reuse=args.reuse)
    ada = User.objects.get(handle="ada")
    pages = pages_for(ada)
    common = pages["search"].split("=", 1)[1]
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(ada)
    for url in pages.values():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    for _ in range(WARM_UP):
        for url in pages.values():
            client.get(url)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, url in pages.items():
            started = time.perf_counter()
            client.get(url)
            timings[name].append(time.perf_counter() - started)
    queries: dict[str, int] = {}
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries[name] = sum(
            1
            for q in captured.captured_queries
            if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
        )
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "members": args.members,
        "rounds": args.rounds,
        "search_for": common,
    }
    for name, values in timings.items():
        ordered = sorted(values)
        result[name] = {
            "median_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
            "queries": queries[name],
        }
    print(json.dumps(result))


def pages_for(ada: Any) -> dict[str, str]:
    """The seven pages as the demo's Ada asks for them: a profile two steps away (the
    usual case when looking someone up), and a search for a common first name."""
    from rapport.accounts.models import User
    from rapport.network import graph

    index = graph.index()
    mine = set(index.neighbours(ada.pk))
    second = sorted(
        {n for friend in sorted(mine)[:10] for n in index.neighbours(friend)} - mine - {ada.pk}
    )
    other = User.objects.get(pk=second[len(second) // 2])
    names: dict[str, int] = {}
    for name in User.objects.filter(is_staff=False).values_list("display_name", flat=True):
        first = name.split()[0]
        names[first] = names.get(first, 0) + 1
    common = max(sorted(names), key=lambda n: names[n])
    return {
        "home": "/",
        "profile": f"/in/{other.handle}/",
        "invitations": "/invitations/",
        "messages": "/messages/",
        "search": f"/search/?q={common}",
        "people you may know": "/people/",
        "trust": "/trust/",
    }


if __name__ == "__main__":
    main()
