"""The graph benchmark (issue 4): Rapport's graph index against the usual libraries.

One run, one size (`--size small`: 50,000 members; `--size full`: 1,000,000):

1. the seeded graph from `bench.graph_generate` (cached under var/bench/graph/);
2. Rapport's `GraphIndex.from_edges` on it, and each query over many seeded random
   members and pairs, timed one call at a time (median and p99), through the same
   Python methods the product calls;
3. a snapshot written with `rapport.network.graph.store`, then fresh processes that
   open it: start-up to the first answer, and RSS/PSS of 4 workers sharing it
   (`bench.graph_workers`);
4. for the small size, the index built from the database on SQLite and PostgreSQL
   after `rapport graph load` (`bench.graph_db`);
5. networkit, python-igraph, PostgreSQL and networkx on the same graph and the same
   queries (`bench.graph_others`), every answer compared with Rapport's. networkx
   loads the full graph in about two minutes and 10 GB here, so it runs on it too;
   `Size.networkx_members` / `postgres_members` can move either to a smaller graph
   from the same generator (Rapport is then timed on that graph too, for the ratio).

Prints one JSON line; `python -m bench` turns it into the graph sections of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from bench.graph_generate import CACHE, Graph, describe, load  # noqa: E402
from bench.graph_others import (  # noqa: E402
    Engine,
    IGraph,
    NetworKit,
    NetworkX,
    Postgres,
    valid_paths,
)

SEED = 1
WARMUP = 5
PG_GRAPH_URL = os.environ.get(
    "PG_GRAPH_URL", "postgresql://postgres@127.0.0.1:5432/rapport_graphbench"
)


@dataclass(frozen=True)
class Size:
    members: int
    samples: int  # Rapport: timed calls per query
    others: int  # competitors: at most this many timed calls per query …
    budget: float  # … stopping after this many seconds (at least MIN_OTHERS calls)
    networkx_members: int  # networkx's graph (the main one when equal)
    postgres_members: int  # PostgreSQL's graph (the main one when equal)
    database_build: bool  # build from the database (load with `rapport graph load`)


SIZES = {
    "small": Size(50_000, 500, 100, 8.0, 50_000, 50_000, True),
    "full": Size(1_000_000, 2_000, 100, 30.0, 1_000_000, 1_000_000, False),
}
MIN_OTHERS = 10


@dataclass(frozen=True)
class Query:
    key: str
    label: str
    target_us: float | None  # the target, full size
    method: str  # Engine method
    samples: str  # Workload attribute


BADGES = "degree badges, page of 100, viewer of degree"
QUERIES = (
    Query("badges100", f"{BADGES} ~100", 1000, "degrees", "pages100"),
    Query("badges500", f"{BADGES} ~500", 1000, "degrees", "pages500"),
    # What badges cost under decision 0011 (as `network.selectors.degrees_for` asks the
    # index), against the plain row above in the same run: 10 % of the viewer's
    # connections keep their list private, 20 % of members show theirs to everyone. The
    # product's two look-ups of those settings are database queries, measured in the
    # search benchmark; here they are in-memory sets.
    Query(
        "badges100p",
        f"{BADGES} ~100, through visible lists only",
        1000,
        "degrees_private",
        "pages100",
    ),
    Query("distance", "distance ≤ 3, random pair", 50, "distance", "pairs"),
    Query("mutual", "mutual-connection count, pair at distance 2", 5, "mutual", "mutual_pairs"),
    Query("second", "2nd-degree size, member of degree ~500", 1000, "second_size", "members500"),
    Query("pymk", "top-20 people you may know, member of degree ~500", 2000, "pymk", "pymk"),
    Query("paths2", "up to 3 paths, 2nd-degree pair", 1000, "paths", "paths2"),
    Query("paths3", "up to 3 paths, 3rd-degree pair", 1000, "paths", "paths3"),
)


class Rapport(Engine):
    name = "Rapport"

    def __init__(self, n: int, low: np.ndarray, high: np.ndarray) -> None:
        from rapport.network.graph.graph_index import GraphIndex

        started = time.perf_counter()
        self.index = GraphIndex.from_edges(n, low, high)
        self.build_seconds = time.perf_counter() - started

    def degrees(self, viewer: int, targets: list[int]) -> list[int | None]:
        return self.index.degrees(viewer, targets)

    def degrees_private(self, viewer: int, targets: list[int]) -> list[int | None]:
        skip = [x for x in self.index.neighbours(viewer) if x % 10 == 0]
        degrees, candidates = self.index.degrees_through(viewer, targets, skip)
        return [
            None if d == 3 and not any(c % 5 == 0 for c in found) else d
            for d, found in zip(degrees, candidates, strict=True)
        ]

    def distance(self, a: int, b: int) -> int | None:
        return self.index.distance(a, b)

    def mutual(self, a: int, b: int) -> int:
        return self.index.mutual_count(a, b)

    def second_size(self, u: int) -> int:
        return self.index.second_degree_size(u)

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        return self.index.suggestions(u, k)

    def paths(self, a: int, b: int, k: int) -> list[list[int]]:
        return self.index.paths(a, b, k)

    def adjacent(self, a: int, b: int) -> bool:
        row = self.index.row(a)
        at = int(np.searchsorted(row, b))
        return at < row.shape[0] and int(row[at]) == b


# -- the workload -------------------------------------------------------------------------


class Workload:
    """Seeded random members and pairs for every query; classified with the index.

    Pages of 100 results mix what a results list shows: 5 of the viewer's
    connections, 25 ends of 2-step walks, 35 ends of 3-step walks, 35 members drawn
    uniformly (their actual degrees are counted in `mix`).
    """

    def __init__(self, rapport: Rapport, n: int, count: int, seed: int) -> None:
        self.ix = rapport.index
        self.rng = np.random.default_rng(seed)
        deg = np.diff(np.asarray(self.ix.indptr))
        self.deg = deg
        connected = np.flatnonzero(deg > 0)
        d100 = np.flatnonzero((deg >= 90) & (deg <= 110))
        d500 = np.flatnonzero((deg >= 450) & (deg <= 550))
        rng = self.rng
        self.pages100 = [(v, self._page(v, n)) for v in self._pick(d100, count)]
        self.pages500 = [(v, self._page(v, n)) for v in self._pick(d500, count)]
        self.pairs = [(int(a), int(b)) for a, b in rng.integers(0, n, size=(count, 2)) if a != b]
        self.mutual_pairs = self._at_distance(connected, 2, count)
        self.members500 = [(v,) for v in self._pick(d500, count)]
        self.pymk = [(v, 20) for v in self._pick(d500, count)]
        self.paths2 = [(a, b, 3) for a, b in self._at_distance(connected, 2, count)]
        self.paths3 = [(a, b, 3) for a, b in self._at_distance(connected, 3, count)]
        self.degree_range = {
            "~100": (90, 110, int(d100.shape[0])),
            "~500": (450, 550, int(d500.shape[0])),
        }

    def _pick(self, pool: np.ndarray, count: int) -> list[int]:
        return [int(v) for v in self.rng.choice(pool, size=count)]

    def _walk(self, u: int, steps: int) -> int:
        for _ in range(steps):
            row = self.ix.row(u)
            if row.shape[0] == 0:
                return u
            u = int(row[self.rng.integers(row.shape[0])])
        return u

    def _page(self, viewer: int, n: int) -> list[int]:
        targets = [self._walk(viewer, 1) for _ in range(5)]
        targets += [self._walk(viewer, 2) for _ in range(25)]
        targets += [self._walk(viewer, 3) for _ in range(35)]
        targets += [int(t) for t in self.rng.integers(0, n, size=35)]
        self.rng.shuffle(targets)
        return targets

    def _at_distance(self, pool: np.ndarray, hops: int, count: int) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        while len(found) < count:
            a = int(self.rng.choice(pool))
            b = self._walk(a, hops)
            if self.ix.distance(a, b) == hops:
                found.append((a, b))
        return found

    def mix(self, answers: list[list[int | None]]) -> dict[str, int]:
        counts = Counter(d for page in answers for d in page)
        return {
            ("out of network" if d is None else f"{d}"): c
            for d, c in sorted(counts.items(), key=lambda kv: 9 if kv[0] is None else kv[0])
        }


# -- timing ---------------------------------------------------------------------------------


def timed(
    call: Callable[..., Any], samples: Sequence[tuple[Any, ...]], limit: int, budget: float
) -> tuple[list[float], list[Any]]:
    """Warm up on the first WARMUP samples, then time one call per sample (µs)."""
    for args in samples[:WARMUP]:
        call(*args)
    times: list[float] = []
    answers: list[Any] = []
    spent = 0.0
    for args in samples[WARMUP : WARMUP + limit]:
        t0 = time.perf_counter_ns()
        answer = call(*args)
        elapsed = (time.perf_counter_ns() - t0) / 1000
        times.append(elapsed)
        answers.append(answer)
        spent += elapsed / 1e6
        if spent > budget and len(times) >= MIN_OTHERS:
            break
    return times, answers


def summary(times: list[float]) -> dict[str, float]:
    ordered = np.asarray(times)
    return {
        "n": len(times),
        "median_us": float(np.median(ordered)),
        "p99_us": float(np.percentile(ordered, 99)),
        "mean_us": float(ordered.mean()),
    }


def agree(query: Query, mine: Any, theirs: Any, sample: tuple[Any, ...], rapport: Rapport) -> bool:
    if query.method != "paths":
        return bool(mine == theirs)
    a, b, _ = sample
    lengths = [len(p) for p in mine]
    return [len(p) for p in theirs] == lengths and valid_paths(theirs, a, b, rapport.adjacent)


def run_engine(
    engine: Engine,
    work: Workload,
    rapport_answers: dict[str, list[Any]],
    rapport: Rapport,
    size: Size,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "build_seconds": engine.build_seconds,
        "note": engine.note,
        "queries": {},
    }
    for q in QUERIES:
        if not engine.supports(q.key) or not hasattr(engine, q.method):
            continue
        samples = getattr(work, q.samples)
        times, answers = timed(getattr(engine, q.method), samples, size.others, size.budget)
        checked = [
            agree(q, mine, theirs, sample, rapport)
            for mine, theirs, sample in zip(
                rapport_answers[q.key], answers, samples[WARMUP:], strict=False
            )
        ]
        wrong = [i for i, ok in enumerate(checked) if not ok]
        out["queries"][q.key] = {
            **summary(times),
            "checked": len(checked),
            "disagreed": len(wrong),
            "first_disagreement": (
                {
                    "sample": samples[WARMUP + wrong[0]][:2],
                    "rapport": str(rapport_answers[q.key][wrong[0]])[:200],
                    "theirs": str(answers[wrong[0]])[:200],
                }
                if wrong
                else None
            ),
        }
        print(
            f"  {engine.name} {q.key}: median {out['queries'][q.key]['median_us']:.1f} µs "
            f"(n={len(times)}, disagreed {len(wrong)})",
            file=sys.stderr,
        )
    return out


def measure_rapport(
    graph: Graph, size: Size, seed: int
) -> tuple[Rapport, Workload, dict[str, Any]]:
    from rapport.network.graph.graph_index import GraphIndex

    # The first call compiles the kernels (or loads numba's on-disk cache).
    t0 = time.perf_counter()
    GraphIndex.from_edges(4, [0, 1, 2], [1, 2, 3]).degrees(0, [1, 2, 3])
    first_call = time.perf_counter() - t0
    builds = []
    rapport = None
    for _ in range(3):
        rapport = None
        gc.collect()
        rapport = Rapport(graph.n, graph.low, graph.high)
        builds.append(rapport.build_seconds)
    assert rapport is not None
    work = Workload(rapport, graph.n, size.samples + WARMUP, seed)
    answers: dict[str, list[Any]] = {}
    queries = {}
    for q in QUERIES:
        times, answers[q.key] = timed(
            getattr(rapport, q.method), getattr(work, q.samples), size.samples, float("inf")
        )
        queries[q.key] = summary(times)
        print(f"  Rapport {q.key}: median {queries[q.key]['median_us']:.1f} µs", file=sys.stderr)
    sizes = [int(s) for s in answers["second"]]
    result = {
        "graph": describe(graph),
        "build_seconds": statistics.median(builds),
        "builds": builds,
        "first_call_seconds": first_call,
        "memory": rapport.index.memory(),
        "entries": rapport.index.entries,
        "queries": queries,
        "workload": {
            "degree_ranges": work.degree_range,
            "mix100": work.mix(answers["badges100"]),
            "mix500": work.mix(answers["badges500"]),
            "pair_distances": work.mix([answers["distance"]]),
            "second_sizes": {
                "median": float(np.median(sizes)),
                "min": min(sizes),
                "max": max(sizes),
            },
            "mutual_counts_median": float(np.median(answers["mutual"])),
        },
    }
    return rapport, work, {"result": result, "answers": answers}


# -- snapshot: start-up and memory -----------------------------------------------------------


def smaps(pid: int, needle: str) -> dict[str, int]:
    """kB: the process's Rss and Pss, and those of its mappings whose path has `needle`."""
    out = {"rss": 0, "pss": 0, "mapped_rss": 0, "mapped_pss": 0}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("Rss", "Pss"):
            out[key.lower()] = int(value.split()[0])
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and ":" not in head[0]:
            inside = needle in line
        elif inside and head and head[0] in ("Rss:", "Pss:"):
            out["mapped_" + head[0][:-1].lower()] += int(head[1])
    return out


def snapshot_and_workers(rapport: Rapport, work: Workload, n: int) -> dict[str, Any]:
    from rapport.network.graph import store

    root = CACHE / f"snapshots-n{n}"
    started = time.perf_counter()
    name = store.write(
        root,
        rapport.index.indptr,
        rapport.index.indices,
        watermark=0,
        watermark_at=None,
        database="bench",
    )
    write_seconds = time.perf_counter() - started
    files = sum(p.stat().st_size for p in (root / name).glob("*.npy"))
    viewer, targets = work.pages500[WARMUP]
    plan = {
        "root": str(root),
        "name": name,
        "viewer": viewer,
        "targets": targets,
        "pages": work.pages500[:100],
        "pairs": [list(p) for p in work.mutual_pairs[:200]],
        "members": [m for (m,) in work.members500[:100]],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(plan, handle)
    plan_path = handle.name
    command = [sys.executable, "-m", "bench.graph_workers"]
    try:
        startups = []
        for _ in range(3):
            t0 = time.perf_counter()
            out = subprocess.run(
                [*command, "startup", plan_path],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            wall = time.perf_counter() - t0
            report = json.loads(out.stdout.strip().splitlines()[-1])
            assert report.pop("answer") == rapport.degrees(viewer, targets)
            startups.append({**report, "process_wall_seconds": wall})
        workers = []
        procs = [
            subprocess.Popen(
                [*command, mode, plan_path],
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for mode in ("serve",) * 4 + ("baseline",)
        ]
        for proc in procs:
            assert proc.stdout is not None
            json.loads(proc.stdout.readline())
        for proc in procs:
            workers.append(smaps(proc.pid, str(root / name)))
        for proc in procs:
            proc.communicate("done\n")
    finally:
        os.unlink(plan_path)
    serving, baseline = workers[:4], workers[4]
    median_startup = sorted(startups, key=lambda s: s["process_wall_seconds"])[1]
    return {
        "snapshot_bytes": files,
        "write_seconds": write_seconds,
        "startup": median_startup,
        "startups_wall": [s["process_wall_seconds"] for s in startups],
        "workers": serving,
        "baseline": baseline,
        "total_pss_kib": sum(w["pss"] for w in serving),
        "total_rss_kib": sum(w["rss"] for w in serving),
        "mapped_pss_total_kib": sum(w["mapped_pss"] for w in serving),
    }


# -- database build ------------------------------------------------------------------------


def database_builds(n: int) -> list[dict[str, Any]]:
    out = []
    urls = [f"sqlite:///{CACHE / f'rapport-n{n}.sqlite3'}"]
    if pg_ready(PG_GRAPH_URL):
        urls.append(PG_GRAPH_URL)
    for url in urls:
        vendor = "sqlite" if url.startswith("sqlite") else "postgresql"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "RAPPORT_VAR_DIR": str(CACHE / f"var-{vendor}"),
        }
        print(f"  database build: {vendor}", file=sys.stderr)
        done = subprocess.run(
            [sys.executable, "-m", "bench.graph_db", "--members", str(n), "--seed", str(SEED)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode:
            sys.stderr.write(done.stderr)
            out.append({"database": vendor, "error": done.stderr.strip().splitlines()[-1:]})
            continue
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def pg_ready(url: str) -> bool:
    """Whether PostgreSQL answers; creates the benchmark database if it is missing."""
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", connect_timeout=3, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


# -- competitors ---------------------------------------------------------------------------


def competitor(
    name: str,
    make: Callable[[], Engine],
    work: Workload,
    measured: dict[str, Any],
    rapport: Rapport,
    size: Size,
) -> dict[str, Any]:
    print(f"  building {name}", file=sys.stderr)
    gc.collect()
    try:
        engine = make()
    except Exception as exc:  # a missing library or server: reported, not fatal
        return {"error": f"{type(exc).__name__}: {exc}"}
    try:
        result = run_engine(engine, work, measured["answers"], rapport, size)
    finally:
        engine.close()
        del engine
        gc.collect()
    return result


def _maker(kind: type[Engine], g: Graph) -> Callable[[], Engine]:
    if kind is Postgres:
        return lambda: Postgres(PG_GRAPH_URL, g.n, SEED, g.low, g.high)
    return lambda: kind(g.n, g.low, g.high)  # type: ignore[call-arg]


def run(size_name: str, *, others: bool, database: bool | None) -> dict[str, Any]:
    size = SIZES[size_name]
    wall = time.perf_counter()
    graph = load(size.members, SEED)
    print(f"graph: {describe(graph)}", file=sys.stderr)
    rapport, work, measured = measure_rapport(graph, size, SEED)
    result: dict[str, Any] = {
        "size": size_name,
        "settings": asdict(size),
        "rapport": measured["result"],
    }
    print("  snapshot start-up and workers", file=sys.stderr)
    result["snapshot"] = snapshot_and_workers(rapport, work, graph.n)
    if size.database_build if database is None else database:
        result["database"] = database_builds(graph.n)
    engines: dict[str, Any] = {}
    side: dict[str, Any] = {}
    if others:
        n = graph.n
        for name, kind in (("networkit", NetworKit), ("igraph", IGraph)):
            engines[name] = competitor(name, _maker(kind, graph), work, measured, rapport, size)
        pg = pg_ready(PG_GRAPH_URL)
        if not pg:
            engines["PostgreSQL"] = {"error": f"not reachable at {PG_GRAPH_URL}"}
        elif size.postgres_members == n:
            engines["PostgreSQL"] = competitor(
                "PostgreSQL", _maker(Postgres, graph), work, measured, rapport, size
            )
        if size.networkx_members == n:
            engines["networkx"] = competitor(
                "networkx", _maker(NetworkX, graph), work, measured, rapport, size
            )
        smaller = {m for m in (size.networkx_members, size.postgres_members) if m != n}
        for members in sorted(smaller):
            # A smaller graph from the same generator, Rapport measured on it too.
            del rapport, work, measured
            gc.collect()
            g2 = load(members, SEED)
            print(f"graph: {describe(g2)}", file=sys.stderr)
            rapport, work, measured = measure_rapport(g2, size, SEED)
            block: dict[str, Any] = {"rapport": measured["result"], "engines": {}}
            if size.networkx_members == members:
                block["engines"]["networkx"] = competitor(
                    "networkx", _maker(NetworkX, g2), work, measured, rapport, size
                )
            if size.postgres_members == members and pg:
                block["engines"]["PostgreSQL"] = competitor(
                    "PostgreSQL", _maker(Postgres, g2), work, measured, rapport, size
                )
            side[str(members)] = block
    result["engines"] = engines
    result["smaller"] = side
    result["seconds"] = time.perf_counter() - wall
    return result


# -- docs/benchmarks.md --------------------------------------------------------------------


def fmt_time(us: float) -> str:
    if us < 1:
        return f"{us * 1000:.0f} ns"
    if us < 1000:
        return f"{us:.1f} µs" if us < 100 else f"{us:.0f} µs"
    if us < 1_000_000:
        ms = us / 1000
        return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"
    return f"{us / 1e6:.2f} s"


def fmt_target(us: float | None) -> str:
    return "—" if us is None else f"≤ {fmt_time(us)}"


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return "—"
    return "met" if value <= target else "**not met**"


def engine_cell(rapport_q: dict[str, Any], engine: dict[str, Any], key: str, limit: int) -> str:
    if "error" in engine:
        return "error"
    q = engine["queries"].get(key)
    if q is None:
        return "not run"
    ratio = q["median_us"] / rapport_q["median_us"]
    wrong = f", {q['disagreed']}/{q['checked']} disagree" if q["disagreed"] else ""
    if q["n"] < limit:
        wrong += f", n={q['n']}"
    return (
        f"{fmt_time(q['median_us'])} / {fmt_time(q['p99_us'])} (×{ratio:,.0f}{wrong})"
        if ratio >= 10
        else f"{fmt_time(q['median_us'])} / {fmt_time(q['p99_us'])} (×{ratio:.1f}{wrong})"
    )


ENGINE_ORDER = ("networkit", "igraph", "PostgreSQL", "networkx")


def query_table(
    rapport: dict[str, Any], engines: dict[str, Any], *, targets: bool, limit: int
) -> list[str]:
    names = [e for e in ENGINE_ORDER if e in engines]
    head = "| query | Rapport median | Rapport p99 |"
    rule = "|---|---|---|"
    if targets:
        head += " target (full size) | met? |"
        rule += "---|---|"
    head += "".join(f" {e} median / p99 (× Rapport) |" for e in names)
    rule += "---|" * len(names)
    lines = [head, rule]
    for q in QUERIES:
        r = rapport["queries"][q.key]
        row = f"| {q.label} | {fmt_time(r['median_us'])} | {fmt_time(r['p99_us'])} |"
        if targets:
            row += f" {fmt_target(q.target_us)} | {verdict(r['median_us'], q.target_us)} |"
        row += "".join(f" {engine_cell(r, engines[e], q.key, limit)} |" for e in names)
        lines.append(row)
    return lines


def build_row(rapport: dict[str, Any], engines: dict[str, Any]) -> list[str]:
    names = [e for e in ENGINE_ORDER if e in engines and "error" not in engines[e]]
    memory = rapport["memory"]["total"] / 2**20
    cells = [f"Rapport {rapport['build_seconds']:.2f} s (index {memory:,.0f} MiB)"]
    for e in names:
        what = "COPY + primary key + VACUUM ANALYZE" if e == "PostgreSQL" else "build"
        cells.append(f"{e} {what} {engines[e]['build_seconds']:.1f} s")
    return cells


def correctness(engines: dict[str, Any]) -> list[str]:
    lines = []
    for e in ENGINE_ORDER:
        if e not in engines:
            continue
        info = engines[e]
        if "error" in info:
            lines.append(f"- {e}: not run ({info['error']}).")
            continue
        checked = sum(q["checked"] for q in info["queries"].values())
        wrong = {k: q for k, q in info["queries"].items() if q["disagreed"]}
        right = checked - sum(q["disagreed"] for q in wrong.values())
        text = f"- {e}: {right}/{checked} answers agree with Rapport's"
        if wrong:
            text += "; disagreements: " + "; ".join(
                f"{k} {q['disagreed']}/{q['checked']} (first: {q['first_disagreement']})"
                for k, q in wrong.items()
            )
        if info.get("note"):
            text += f" ({info['note']})"
        lines.append(text + ".")
    return lines


def intro_section() -> str:
    return "\n".join(
        [
            "<!-- bench:graph -->",
            "## The network graph (issue 4)",
            "",
            "Written by `python -m bench` (`make bench`: 50,000 members, all competitors "
            "on the same graph; `make bench-full`: 1,000,000 members). Code: "
            "`bench/graph.py` (driver, Rapport), `bench/graph_generate.py` (the graph), "
            "`bench/graph_others.py` (competitors), `bench/graph_workers.py` (fresh "
            "processes on a snapshot), `bench/graph_db.py` (build from the database).",
            "",
            "**The graph** (`python -m bench.graph_generate --members N --seed 1`, cached "
            "under `var/bench/graph/`): target degrees lognormal with mean 100 and σ = 1, "
            "capped at 30,000; members split into communities of 200–2,000 (uniform) and "
            "super-communities of ten communities; each member starts about half its "
            "target degree in connections, each landing in its community with probability "
            "0.5, its super-community 0.3, anywhere 0.2, the far end drawn in proportion "
            "to target degree (Chung–Lu within the scope); self-pairs dropped, repeated "
            "pairs kept once; member ids randomly permuted so communities do not sit in "
            "contiguous id ranges. 1,000,000 members give 46.7 M connections (mean degree "
            "93, median 59, p99 ~536). With only 4–5 super-communities at 50,000 members, "
            'part of the 20 % "anywhere" lands in the member\'s own super-community.',
            "",
            "**The queries**, over seeded random members and pairs, one call timed at a "
            "time with `perf_counter_ns` after 5 warm-up calls, through the Python methods "
            "the product calls (`GraphIndex.degrees`, `distance`, `mutual_count`, "
            "`second_degree_size`, `suggestions`, `paths`): a page of 100 results mixes 5 "
            "of the viewer's connections, 25 ends of 2-step random walks, 35 ends of "
            "3-step walks and 35 uniform members; viewers of degree ~100 are drawn from "
            "degrees 90–110 and ~500 from 450–550; distance pairs are uniform; mutual "
            "count and 2nd-degree paths use pairs at distance exactly 2, 3rd-degree paths "
            "pairs at distance exactly 3. Targets are the issue's, for the full size, "
            "judged on the median.",
            "",
            "**The competitors**, built once from the same edge arrays, answering the same "
            "samples (at most 100 per query, fewer when a query passes its time budget), "
            "every answer compared with Rapport's (paths: same number and lengths, each a "
            "valid simple path): networkx (`shortest_path_length`, "
            "`single_source_shortest_path_length(cutoff=2)`, `common_neighbors`, a "
            "`Counter` over neighbours of neighbours, `shortest_simple_paths`); "
            "python-igraph (`get_shortest_path`, `neighborhood(order=2, mindist=2)`, "
            "`neighborhood_size`, batched `neighborhood`, `get_k_shortest_paths`); "
            "networkit (`BidirectionalBFS`, `MissingLinksFinder`, "
            "`CommonNeighborsIndex`, a `Counter` over `iterNeighbors`, "
            "`AllSimplePaths(cutoff=3)`); PostgreSQL (a symmetric unlogged edge table with "
            "primary key (src, dst), loaded sorted by binary COPY and vacuumed; a "
            "recursive CTE reaching 2 hops from one side joined with the other side's "
            "connections for distance and badges, friends-of-friends joins for the 2nd "
            "degree and people you may know; no path query). Badges use the same "
            "algorithm everywhere: the viewer's 1st and 2nd degree as a set, and a "
            "target outside it is 3rd degree when one of its connections is 2nd degree. "
            "Each cell is median / p99, with the competitor's median as a multiple of "
            "Rapport's. python-igraph is GPL-licensed and is a benchmark-only dependency "
            "(`pip install -e '.[bench]'`); the product never imports it.",
            "",
            "<!-- /bench:graph -->",
            "",
        ]
    )


def size_section(result: dict[str, Any], command: str, machine: str, date: str) -> str:
    size = result["size"]
    r = result["rapport"]
    g = r["graph"]
    work = r["workload"]
    snap = result["snapshot"]
    entries = r["entries"]
    lines = [
        f"<!-- bench:graph-{size} -->",
        f"### Graph, {size} size: {g['members']:,} members, {g['connections']:,} connections",
        "",
        f"Command: `{command}`. Machine: {machine}. Date: {date}. Whole graph run: "
        f"{result['seconds'] / 60:.1f} min.",
        f"Graph: mean degree {g['mean_degree']:.1f}, median {g['median_degree']:.0f}, "
        f"p99 {g['p99_degree']:.0f}, max {g['max_degree']:,}; generated in "
        f"{g['generation_seconds']:.1f} s"
        + (" (read from the cache this run)." if g["cached"] else "."),
        f"Rapport: {r['queries']['badges100']['n']:,} timed calls per query; competitors "
        f"{result['settings']['others']}, or fewer (n=…) when a query passed its "
        f"{result['settings']['budget']:.0f} s budget.",
        "",
    ]
    engines = result["engines"]
    limit = result["settings"]["others"]
    lines += query_table(r, engines, targets=True, limit=limit)
    lines.append("")
    startup = snap["startup"]
    workers = snap["workers"]
    base = snap["baseline"]
    shared_per_entry = snap["snapshot_bytes"] / entries
    private = r["memory"]["private"]
    total_index = snap["snapshot_bytes"] + 4 * (private + 3 * 4 * (g["members"] * 9 // 8 + 1024))
    lines += [
        "| measure | Rapport | target (full size) | met? |",
        "|---|---|---|---|",
        f"| index build from edge arrays (`GraphIndex.from_edges`, median of 3) | "
        f"{r['build_seconds']:.2f} s | — | — |",
    ]
    for db in result.get("database", []):
        if "error" in db:
            lines.append(
                f"| build from the database, {db['database']} | error: {db['error']} | — | — |"
            )
            continue
        lines.append(
            f"| index build from the database, {db['database']} "
            f"(`build_from_database`: read {db['connections']:,} rows through the ORM + CSR, "
            f"median of {db['repeat']}) | {db['build_seconds']:.2f} s (read "
            f"{db['read_seconds']:.2f} s, CSR {db['csr_seconds']:.2f} s) | — | — |"
        )
    lines += [
        f"| start-up from a snapshot: fresh process to the first answer (a page of badges), "
        f"median of 3 | {startup['process_wall_seconds']:.2f} s (imports "
        f"{startup['imports_seconds']:.2f} s, open + check {startup['open_seconds']:.2f} s, "
        f"first query {startup['first_query_seconds'] * 1000:.0f} ms) | ≤ 2 s | "
        f"{verdict(startup['process_wall_seconds'], 2.0)} |",
        f"| index memory per connection direction (snapshot {snap['snapshot_bytes'] / 2**20:,.0f} "
        f"MiB for {entries:,} directions, mapped once per machine) | "
        f"{shared_per_entry:.2f} B shared; {total_index / entries:.2f} B with 4 workers' "
        f"private scratch | ≤ 10 B, shared | "
        f"{verdict(total_index / entries, 10)} |",
        f"| resident memory per worker process (RSS / PSS, 4 workers) | "
        f"{statistics.median(w['rss'] for w in workers) / 1024:,.0f} / "
        f"{statistics.median(w['pss'] for w in workers) / 1024:,.0f} MiB; snapshot mapping "
        f"{statistics.median(w['mapped_rss'] for w in workers) / 1024:,.0f} / "
        f"{statistics.median(w['mapped_pss'] for w in workers) / 1024:,.0f} MiB | — | — |",
        f"| total for 4 workers (sum of PSS) | {snap['total_pss_kib'] / 1024:,.0f} MiB (sum of "
        f"RSS {snap['total_rss_kib'] / 1024:,.0f} MiB); the snapshot mapping "
        f"{snap['mapped_pss_total_kib'] / 1024:,.0f} MiB in all | — | — |",
        f"| a worker without the index (same imports and kernels, RSS / PSS) | "
        f"{base['rss'] / 1024:,.0f} / {base['pss'] / 1024:,.0f} MiB | — | — |",
        "",
        "Build from the same edge arrays: " + "; ".join(build_row(r, engines)) + ".",
        "",
    ]
    if "database" not in result:
        lines.append(
            "- Build from the database: measured at the small size only (`python -m "
            "bench.graph --size full --database` measures it here too, after loading "
            f"{g['connections']:,} rows with `rapport graph load`)."
        )
    for db in result.get("database", []):
        if "error" not in db:
            lines.append(
                f"- {db['database']}: loaded with `rapport graph load EDGES.csv "
                f"--create-missing` in {db['load_seconds']:.0f} s ({db['loaded_on']}"
                f"{', this run' if db['loaded_now'] else ', an earlier run; reused'}); "
                f"{db['members']:,} members; the index it builds "
                f"{'matches' if db['matches_edges'] else '**does not match**'} the one "
                "built from the edge arrays."
            )
    lines += [
        f"- Workload: badge pages for degree ~100 viewers held {_mix(work['mix100'])}; for "
        f"~500 viewers {_mix(work['mix500'])}. Random pairs: {_mix(work['pair_distances'])}. "
        "2nd-degree sizes of the degree ~500 members: median "
        f"{work['second_sizes']['median']:,.0f} (min {work['second_sizes']['min']:,}, "
        f"max {work['second_sizes']['max']:,}); mutual "
        f"count of the distance-2 pairs: median {work['mutual_counts_median']:.0f}.",
        "- Start-up process wall times: "
        + ", ".join(f"{s:.2f} s" for s in snap["startups_wall"])
        + f" (page cache warm: the snapshot was just written in {snap['write_seconds']:.1f} s). "
        "Opening checks sizes and CRC-32 checksums, which reads every page.",
    ]
    lines += correctness(engines)
    for members, block in result.get("smaller", {}).items():
        rg = block["rapport"]["graph"]
        lines += [
            "",
            f"On a smaller graph from the same generator, {int(members):,} members and "
            f"{rg['connections']:,} connections ("
            + ", ".join(block["engines"])
            + " run here, as `Size` in bench/graph.py says), Rapport measured again on "
            "it for the ratio:",
            "",
        ]
        lines += query_table(block["rapport"], block["engines"], targets=False, limit=limit)
        lines.append("")
        lines.append("Build: " + "; ".join(build_row(block["rapport"], block["engines"])) + ".")
        lines += correctness(block["engines"])
    lines += [f"<!-- /bench:graph-{size} -->", ""]
    return "\n".join(lines)


def _mix(mix: dict[str, int]) -> str:
    total = sum(mix.values())
    names = {"0": "self", "1": "1st", "2": "2nd", "3": "3rd"}
    return ", ".join(
        f"{100 * c / total:.0f} % {names.get(k, k)}"
        if c * 100 >= total
        else f"<1 % {names.get(k, k)}"
        for k, c in mix.items()
    )


def sections(
    result: dict[str, Any], command: str, machine: str, date: str
) -> list[tuple[str, str, bool]]:
    """(marker, text, only if missing) in document order: the other size's section is
    a placeholder, written only when the document has none."""
    placeholder = {
        s: f"<!-- bench:graph-{s} -->\n### Graph, {s} size\n\nNot run yet: `python -m bench "
        f"--size {s}`.\n<!-- /bench:graph-{s} -->\n"
        for s in SIZES
    }
    out = [("graph", intro_section(), False)]
    for s in SIZES:
        if s == result["size"]:
            out.append((f"graph-{s}", size_section(result, command, machine, date), False))
        else:
            out.append((f"graph-{s}", placeholder[s], True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--no-others", action="store_true", help="Rapport only.")
    parser.add_argument(
        "--database",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Also build from the database (default: small size only).",
    )
    args = parser.parse_args()
    result = run(args.size, others=not args.no_others, database=args.database)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
