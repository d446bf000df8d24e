"""The graph index built from the database: one database per run, results as JSON on stdout.

Run by `python -m bench.graph` once per database (DATABASE_URL is read when Django
starts). Loads the generated graph into the Rapport database with `rapport graph
load EDGES.csv --create-missing` (member `g<i>` is node i) unless an earlier run
left exactly this graph there, then times `build_from_database`: reading the
connections table page by page through the ORM and building the CSR. The index
it builds is checked against the one built from the edge arrays.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.graph_generate import load
    from rapport.accounts.models import User
    from rapport.network.graph import source
    from rapport.network.graph.graph_index import GraphIndex
    from rapport.network.models import Connection

    g = load(args.members, args.seed, quiet=True)
    call_command("migrate", verbosity=0)
    state_file = (
        ROOT / "var" / "bench" / "graph" / f"db-{connection.vendor}-n{g.n}-seed{g.seed}.json"
    )
    state = json.loads(state_file.read_text()) if state_file.exists() else None
    loaded_now = False
    if not (state and Connection.objects.count() == g.edges):
        call_command("flush", interactive=False, verbosity=0)
        csv = state_file.with_suffix(".csv")
        with csv.open("w") as out:
            for at in range(0, g.edges, 1_000_000):
                lows = g.low[at : at + 1_000_000].tolist()
                highs = g.high[at : at + 1_000_000].tolist()
                out.write("".join(f"g{a},g{b}\n" for a, b in zip(lows, highs, strict=True)))
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command(
                "graph", "load", str(csv), "--create-missing", "--no-progress", stdout=quiet
            )
        state = {
            "load_seconds": time.perf_counter() - started,
            "loaded_on": time.strftime("%Y-%m-%d"),
            "rows": g.edges,
        }
        csv.unlink()
        state_file.write_text(json.dumps(state))
        loaded_now = True

    # Node i is member g<i>.
    pk_of = np.full(g.n, -1, np.int64)
    for handle, pk in User.objects.filter(handle__startswith="g").values_list("handle", "pk"):
        if handle[1:].isdigit():
            pk_of[int(handle[1:])] = pk

    reads, builds, totals = [], [], []
    built = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        nodes, low, high = source.read_connections()
        t1 = time.perf_counter()
        GraphIndex.from_edges(nodes, low, high)
        t2 = time.perf_counter()
        built = source.build_from_database(persistent=False)
        t3 = time.perf_counter()
        reads.append(t1 - t0)
        builds.append(t2 - t1)
        totals.append(t3 - t2)
    assert built is not None

    # The same graph as the edge arrays, member for member (a sample of rows).
    expected = GraphIndex.from_edges(g.n, g.low, g.high)
    rng = np.random.default_rng(7)
    sample = rng.choice(np.flatnonzero(pk_of >= 0), size=min(500, g.n), replace=False)
    same = built.entries == expected.entries and all(
        np.array_equal(built.row(int(pk_of[i])), np.sort(pk_of[expected.row(int(i))]))
        for i in sample
    )
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "members": User.objects.count(),
                "connections": built.entries // 2,
                "load_seconds": state["load_seconds"],
                "loaded_on": state["loaded_on"],
                "loaded_now": loaded_now,
                "read_seconds": statistics.median(reads),
                "csr_seconds": statistics.median(builds),
                "build_seconds": statistics.median(totals),
                "repeat": args.repeat,
                "matches_edges": bool(same),
            }
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
