"""Trust and introductions: recomputing a member's trust, proposing introduction routes.

Two parts, each printing one JSON line:

    python -m bench.trust db --members N [--reuse]     on one database (DATABASE_URL)
    python -m bench.trust graph --size small|full      on the graph benchmark's graph

db: on the demo community, a member is connected to 1,000 others (half by invitation)
and exchanges messages with 300 of them (some pitches sent anyway); then
`trust_recompute` for that member — every fact gathered and 1,000 rows upserted — is
timed, with its query count; and `path_proposals` (graph index, the trust rows of every
hop, names) for targets at distance 2 and 3.

graph: the route-ranking core of `path_proposals` on the generated benchmark graph — up
to fifty routes of ≤ 3 hops from the graph index, ranked by `rank_routes` by their
weakest hop — with hop strengths from a seeded table standing in for the trust rows
(the database reads are what the db part measures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from random import Random
from typing import Any

SEED = 5


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "count": len(ordered),
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000,
    }


def _timed(call: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def database(members: int, reuse: bool) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from rapport.accounts.models import User
    from rapport.conversations.services import message_send
    from rapport.limits.models import Standing
    from rapport.network import selectors as network
    from rapport.network.services import connection_create, connections_changed_in_bulk
    from rapport.trust.models import TrustScore
    from rapport.trust.selectors import path_proposals
    from rapport.trust.services import trust_recompute

    # Jobs run in this process at once, as they would in a worker (the queue is not timed).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    call_command("migrate", verbosity=0)
    if not (reuse and User.objects.filter(is_staff=False).count() >= members):
        call_command("flush", interactive=False, verbosity=0)
        with open(os.devnull, "w") as quiet:
            call_command("demo", members=members, seed=1, stdout=quiet)
    rng = Random(SEED)
    restricted = set(
        Standing.objects.exclude(restricted_until=None).values_list("member_id", flat=True)
    )
    stale = User.objects.filter(handle="bench-trust-hub").first()
    if stale is not None:  # an earlier run's hub: its 1,000 connections would be shortcuts
        stale.delete()
        connections_changed_in_bulk()
    people = list(User.objects.filter(is_staff=False).exclude(pk__in=restricted).order_by("pk"))
    degree = {p.pk: len(network.connected_ids(p.pk)) for p in people[:400]}
    ordered = sorted(degree, key=lambda pk: (degree[pk], pk))
    asker = next(p for p in people if p.pk == ordered[len(ordered) // 2])
    # Routes first, on the community as the demo made it: from a member of median degree to
    # targets at distance 2 and 3, every hop's view of the next computed beforehand.
    index_degrees = network.degrees_for(asker.pk, [p.pk for p in people])
    second = [pk for pk, d in index_degrees.items() if d == 2]
    third = [pk for pk, d in index_degrees.items() if d == 3]
    by_id = {p.pk: p for p in people}
    hops: set[int] = set()
    for pk in second[:40] + third[:40]:
        for path in network.paths_between(asker.pk, pk, 10):
            hops.update(path[1:-1])
    for pk in sorted(hops & by_id.keys()):
        trust_recompute(member=by_id[pk])
    routes: dict[str, Any] = {}
    for label, pool in (("2nd", second[:40]), ("3rd", third[:40])):
        targets = [by_id[pk] for pk in pool]
        for t in targets[:5]:
            path_proposals(asker, t)  # warm-up
        times = []
        found = 0
        for t in targets:
            started = time.perf_counter()
            found += len(path_proposals(asker, t))
            times.append(time.perf_counter() - started)
        routes[label] = {**summary(times), "routes": found}
    hub = User.objects.filter(handle="bench-trust-hub").first()
    if hub is None:
        hub = User.objects.create_user(
            email="bench-trust-hub@example.com",
            handle="bench-trust-hub",
            display_name="Bench Hub",
            password=None,
        )
    mine = network.connected_ids(hub.pk)
    others = [p for p in people if p.pk not in mine and p.pk != hub.pk]
    rng.shuffle(others)
    for i, other in enumerate(others[: max(0, 1000 - len(mine))]):
        source = "invitation" if i % 2 else "operator"
        connection_create(member=hub, other=other, source=source, notify=False)
    friends = sorted(network.connected_ids(hub.pk))
    if not TrustScore.objects.filter(member=hub).exists():
        talked = rng.sample(friends, 300)
        by_id = User.objects.in_bulk(talked)
        for j, pk in enumerate(talked):
            other = by_id[pk]
            # Sent anyway: the same friendly note to 300 people is, rightly, bulk.
            message_send(
                sender=hub,
                recipient=other,
                send_anyway=True,
                text=f"Good to see you at the meetup, "
                f"{other.display_name.split()[0]}. Here are the notes I promised.",
            )
            if j % 3 == 0:
                message_send(
                    sender=other, recipient=hub, text="Thanks, they help a lot!", send_anyway=True
                )
            elif j % 10 == 1:
                message_send(
                    sender=other,
                    recipient=hub,
                    send_anyway=True,
                    text="We help companies like yours cut costs by 30%. Book a call this week?",
                )
    trust_recompute(member=hub)  # warm-up
    reset_queries()  # the capture counts from the log, which holds at most 9,000
    with CaptureQueriesContext(connection) as queries:
        written = trust_recompute(member=hub)
    recompute = _timed(lambda: trust_recompute(member=hub), 15)
    pair = _timed(lambda: trust_recompute(member=hub, others=[friends[0]]), 30)

    return {
        "database": connection.vendor,
        "members": len(people),
        "connections": len(friends),
        "asker_degree": degree[asker.pk],
        "scores_written": written,
        "queries": len(queries),
        "recompute": summary(recompute),
        "recompute_pair": summary(pair),
        "routes": routes,
    }


def graph(size: str) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    import numpy as np

    django.setup()

    from bench.graph_generate import load
    from rapport.network.graph.graph_index import GraphIndex
    from rapport.trust.selectors.introductions import ROUTES_CONSIDERED, rank_routes

    n = {"small": 50_000, "full": 1_000_000}[size]
    g = load(n, 1, quiet=True)
    index = GraphIndex.from_edges(n, g.low, g.high)
    rng = np.random.default_rng(SEED)
    indptr = np.asarray(index.indptr)
    connected = np.flatnonzero(np.diff(indptr) > 0)

    def walk(u: int, steps: int) -> int:
        for _ in range(steps):
            row = index.row(u)
            u = int(row[rng.integers(row.shape[0])])
        return u

    def pairs(hops: int, count: int) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        while len(found) < count:
            a = int(rng.choice(connected))
            b = walk(a, hops)
            if index.distance(a, b) == hops:
                found.append((a, b))
        return found

    class Strengths(dict[tuple[int, int], int]):
        """Seeded hop strengths standing in for the trust rows: 0–100 per ordered pair."""

        def get(self, key: tuple[int, int], default: int = 0) -> int:  # type: ignore[override]
            a, b = key
            return (a * 2_654_435_761 + b * 40_503 + SEED) % 101

    strengths = Strengths()
    out: dict[str, Any] = {"members": n, "connections": g.edges}
    for label, hops in (("2nd", 2), ("3rd", 3)):
        sample = pairs(hops, 500)
        for a, b in sample[:20]:
            rank_routes(index.paths(a, b, ROUTES_CONSIDERED), strengths)
        times, found = [], 0
        for a, b in sample:
            started = time.perf_counter()
            ranked = rank_routes(index.paths(a, b, ROUTES_CONSIDERED), strengths)
            times.append(time.perf_counter() - started)
            found += len(ranked)
        out[label] = {**summary(times), "routes": found}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=("db", "graph"))
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--size", choices=("small", "full"), default="small")
    args = parser.parse_args()
    result = database(args.members, args.reuse) if args.part == "db" else graph(args.size)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
