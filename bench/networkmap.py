"""The network map: map JSON for members with 500, 1,000 and 5,000 connections, and the
browser's time to first draw. Prints one JSON line (the last) for `bench.__main__`.

    python -m bench.networkmap            (DATABASE_URL picks the database)

The people come from the graph benchmark's generator (`bench.graph_generate`, 50,000
members, seed 1): the members whose degree is nearest 500 and 1,000, and its
best-connected member (3,022) given 1,978 more connections within its own
super-community, the generator's own rule, to reach 5,000. Into the database go those
three, their connections, and every connection among them (the map reads nothing
else); each member works at a company named after their generator community and lives
in a city named after their super-community, so labels have something to find.

Timed per member (median of runs; the first run of each is a warm-up):
- cold: the first visit — the live ego network (two queries and the graph index),
  Louvain, cluster keys, layout, labels (four queries), the stored row, then the JSON
  (`network_map_refresh` + `map_view`);
- warm: a later visit — the stored map, the live ego network, the JSON.
Then the page for the 1,000 and 5,000 maps in headless Chromium: from navigation to
sigma's first frame, and the map script alone (JSON parse, graph, first draw).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
N, SEED = 50_000, 1
TARGETS = (500, 1_000, 5_000)
REPEAT = {500: 7, 1_000: 5, 5_000: 3}


def pick(low: np.ndarray, high: np.ndarray, community: np.ndarray) -> tuple[list[int], list]:
    """The three members and the extra connections that bring the last to 5,000."""
    deg = np.bincount(np.concatenate([low, high]), minlength=N)
    egos = [int(np.argmin(np.abs(deg - t))) for t in TARGETS[:2]]
    hub = int(np.argmax(deg))
    egos.append(hub)
    mine = set(np.concatenate([high[low == hub], low[high == hub]]).tolist())
    rng = np.random.default_rng(SEED)
    scope = np.flatnonzero(community // 10 == community[hub] // 10)
    extra = [int(m) for m in rng.permutation(scope) if m != hub and m not in mine]
    extra = extra[: TARGETS[2] - len(mine)]
    return egos, [(min(hub, m), max(hub, m)) for m in extra]


def load_database() -> tuple[list[int], dict[int, int]]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.graph_generate import generate
    from rapport.accounts.models import User
    from rapport.companies.models import Company, Position
    from rapport.members.models import Profile
    from rapport.network import graph
    from rapport.network.models import Connection
    from rapport.network.services import connections_changed_in_bulk

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    low, high, community = generate(N, SEED)
    egos, extra = pick(low, high, community)
    ego_set = set(egos)
    near = set(egos)
    for e in egos:
        near |= set(high[low == e].tolist()) | set(low[high == e].tolist())
    near |= {m for pair in extra for m in pair}
    inside = np.isin(low, list(near)) & np.isin(high, list(near))
    pairs = set(zip(low[inside].tolist(), high[inside].tolist(), strict=True)) | set(extra)
    people = sorted(near)
    password = make_password(None)
    now = timezone.now()
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(
                    pk=m + 1,
                    email=f"m{m}@bench.example",
                    handle=f"m{m}",
                    display_name=f"Member {m}",
                    password=password,
                    connections_visibility="connections",
                )
                for m in people
            ],
            batch_size=2_000,
        )
        Profile.objects.bulk_create(
            [
                Profile(member_id=m + 1, headline="Engineer", location=f"City {community[m] // 10}")
                for m in people
            ],
            batch_size=2_000,
        )
        companies = {
            c: Company.objects.create(name=f"Company {c}", slug=f"company-{c}")
            for c in sorted({int(community[m]) for m in people})
        }
        Position.objects.bulk_create(
            [
                Position(
                    member_id=m + 1,
                    company=companies[int(community[m])],
                    title="Engineer",
                    started_on=now.date(),
                    is_current=True,
                )
                for m in people
            ],
            batch_size=2_000,
        )
        table = connection.ops.quote_name(Connection._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (member_low_id, member_high_id, source, created_at) "
                "VALUES (%s, %s, %s, %s)",
                [(a + 1, b + 1, "import", now) for a, b in sorted(pairs)],
            )
        connections_changed_in_bulk()
    graph.reset()
    graph.compact(rebuild=True)
    degree = {e + 1: sum(1 for a, b in pairs if e in (a, b)) for e in ego_set}
    return [e + 1 for e in egos], degree


def timed_maps(egos: list[int]) -> dict[str, Any]:
    from rapport.accounts.models import User
    from rapport.networkmap import selectors, services
    from rapport.networkmap.models import NetworkMap

    out: dict[str, Any] = {}
    for target, pk in zip(TARGETS, egos, strict=True):
        member = User.objects.get(pk=pk)
        cold, warm = [], []
        for i in range(REPEAT[target] + 1):
            NetworkMap.objects.filter(member=member).delete()
            started = time.perf_counter()
            # no stored map: the first visit computes it at once
            stored, nodes, edges, _ = services.network_map_current(member=member)
            view = selectors.map_view(member, stored, nodes, edges)
            body = json.dumps(view)
            if i:
                cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            stored, nodes, edges, _ = services.network_map_current(member=member)
            json.dumps(selectors.map_view(member, stored, nodes, edges))
            if i:
                warm.append(time.perf_counter() - started)
        out[str(target)] = {
            "connections": len(view["nodes"]),
            "edges": len(view["edges"]),
            "clusters": len(view["clusters"]),
            "labelled": sum(1 for c in view["clusters"] if c["automatic"]),
            "json_kb": len(body) / 1024,
            "cold_ms": statistics.median(cold) * 1000,
            "cold_max_ms": max(cold) * 1000,
            "warm_ms": statistics.median(warm) * 1000,
            "runs": len(cold),
        }
    return out


def first_draw(egos: list[int]) -> dict[str, Any]:
    """The real page for the 1,000 and 5,000 maps in headless Chromium, served from the
    test client through Playwright's request routing (nothing leaves the process)."""
    from django.contrib.staticfiles import finders
    from django.test import Client
    from playwright.sync_api import sync_playwright

    from rapport.accounts.models import User

    chromium = os.environ.get("RAPPORT_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return {}
    out: dict[str, Any] = {}
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for target, pk in zip(TARGETS[1:], egos[1:], strict=True):
            client = Client()
            client.force_login(User.objects.get(pk=pk))
            html = client.get("/network/map/").content

            def serve(route: Any, _request: Any, html: bytes = html) -> None:
                url = route.request.url.split("://", 1)[1].split("/", 1)[1]
                if url.startswith("static/"):
                    found = finders.find(url.removeprefix("static/"))
                    if found:
                        kind = "text/css" if url.endswith(".css") else "text/javascript"
                        route.fulfill(body=Path(str(found)).read_bytes(), content_type=kind)
                        return
                    route.fulfill(status=404, body=b"")
                elif url.startswith("network/map/"):
                    route.fulfill(body=html, content_type="text/html")
                else:
                    route.fulfill(status=204, body=b"")

            total, script = [], []
            for i in range(4):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route("**/*", serve)
                page.goto("http://127.0.0.1:9/network/map/")  # answered by the route above
                page.wait_for_selector("#network-map[data-ready='1']", state="attached")
                ready = page.evaluate("performance.now()")
                ms = float(page.get_attribute("#network-map", "data-first-draw-ms") or 0)
                if i == 1:
                    page.screenshot(path=str(ROOT / "var" / f"bench-networkmap-{target}.png"))
                page.close()
                if i:
                    total.append(ready)
                    script.append(ms)
            out[str(target)] = {
                "page_ms": statistics.median(total),
                "script_ms": statistics.median(script),
            }
        browser.close()
    return out


TARGET_MS = {"500": 150, "1000": 400, "5000": 3_000}


def section(result: dict[str, Any], command: str, machine: str) -> str:
    """The docs/benchmarks.md section for one run."""
    import datetime as dt

    maps, draw = result["maps"], result["draw"]
    lines = [
        "<!-- bench:networkmap -->",
        "## The network map",
        "",
        f"Command: `{command}` (`python -m bench.networkmap`). Machine: {machine}. "
        f"Date: {dt.date.today().isoformat()}. Load average at the start: {result['load']}. "
        f"Database: {result['database']}.",
        "On the graph benchmark's generated graph (50,000 members, seed 1): the members "
        "whose degree is nearest 500 and 1,000, and the best-connected member (3,022) given "
        "1,978 more connections in their super-community; each member works at the company "
        "of their generator community and lives in the city of their super-community. "
        "Cold: a first visit, with no stored map — the live ego network, Louvain, cluster "
        "keys, the layout, labels, the stored row and the JSON. Warm: a later visit — the "
        "stored map joined with the live ego network, then the JSON. Medians (first run of "
        "each left out as a warm-up).",
        "",
        "| connections | links among them | clusters (labelled) | JSON KB | cold median ms "
        "| cold max ms | target ms | warm median ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for key, m in maps.items():
        lines.append(
            f"| {m['connections']:,} | {m['edges']:,} | {m['clusters']} ({m['labelled']}) | "
            f"{m['json_kb']:,.0f} | {m['cold_ms']:,.0f} | {m['cold_max_ms']:,.0f} | "
            f"≤ {TARGET_MS[key]:,} | {m['warm_ms']:,.0f} |"
        )
    lines += [""]
    if draw:
        lines += [
            "Time to first draw in headless Chromium (Debian's, software WebGL; 1280×900; "
            "the real page, its HTML from the view, static files from the app; median of "
            "3 loads after a warm-up). Page: from navigation to sigma's first frame. Script: "
            "the map's own script — JSON parse, graph, first frame.",
            "",
            "| connections | page ms | script ms |",
            "|---|---|---|",
        ]
        for key, d in draw.items():
            lines.append(f"| {int(key):,} | {d['page_ms']:,.0f} | {d['script_ms']:,.0f} |")
        lines.append("")
    lines += ["<!-- /bench:networkmap -->", ""]
    return "\n".join(lines)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Its own graph snapshot: the other benchmarks' databases keep theirs.
    var = Path(os.environ.get("RAPPORT_VAR_DIR", str(ROOT / "var" / "bench")))
    os.environ.setdefault("RAPPORT_GRAPH_DIR", str(var / "networkmap-graph"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    load = os.getloadavg()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    egos, degree = load_database()
    print(f"loaded in {time.perf_counter() - started:.1f} s: {degree}", file=sys.stderr)
    maps = timed_maps(egos)
    print(json.dumps(maps), file=sys.stderr)
    draw = first_draw(egos)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "maps": maps,
                "draw": draw,
                "degrees": degree,
                "load": " ".join(f"{x:.2f}" for x in load),
            }
        )
    )


if __name__ == "__main__":
    main()
