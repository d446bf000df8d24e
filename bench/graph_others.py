"""The graph benchmark's competitors: the same queries with what a Python developer reaches for.

Each engine is built once from the generator's edge arrays (never per query) and
answers the benchmark's queries the way that library's documentation suggests:

- **networkx**: ``shortest_path_length`` (bidirectional BFS) for a pair,
  ``single_source_shortest_path_length(cutoff=2)`` for the viewer's 2nd degree,
  ``common_neighbors``, a ``Counter`` over neighbours of neighbours for people you
  may know, ``shortest_simple_paths`` (Yen) for the k shortest paths.
- **python-igraph** (GPL; benchmark only): ``get_shortest_path`` (BFS that stops at
  the target; ``distances`` searches the whole graph), ``neighborhood(order=2,
  mindist=2)`` and ``neighborhood_size``, batched ``neighborhood`` calls for
  neighbours of neighbours, ``get_k_shortest_paths``.
- **networkit**: ``BidirectionalBFS`` for a pair, ``MissingLinksFinder`` (members
  at distance exactly 2) for the 2nd degree, ``CommonNeighborsIndex`` for the mutual
  count, a ``Counter`` over ``iterNeighbors`` for people you may know (faster here
  than ``MissingLinksFinder`` + ``CommonNeighborsIndex.runOn``), ``AllSimplePaths``
  with ``cutoff=3`` for paths (on a directed copy: it takes no undirected graph).
- **PostgreSQL**: a symmetric edge table (both directions, primary key (src, dst),
  loaded sorted with binary COPY, vacuumed and analysed), a recursive CTE for
  distance and degree badges (reach ≤ 2 from one side, then one join from the
  other), friends-of-friends joins for the 2nd degree and people you may know.
  No path query.

Degree badges use the same algorithm everywhere: the viewer's 1st and 2nd degree
as a set, then a target outside it is 3rd degree when one of its connections is in
the 2nd degree.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Iterable
from itertools import chain, islice, pairwise, takewhile
from typing import Any

import numpy as np

Degree = int | None


class Engine:
    """One library's answers to the benchmark's queries, over nodes 0 … n - 1."""

    name = "?"
    build_seconds = 0.0
    note = ""

    def degrees(self, viewer: int, targets: list[int]) -> list[Degree]:
        raise NotImplementedError

    def distance(self, a: int, b: int) -> Degree:
        raise NotImplementedError

    def mutual(self, a: int, b: int) -> int:
        raise NotImplementedError

    def second_size(self, u: int) -> int:
        raise NotImplementedError

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        raise NotImplementedError

    def paths(self, a: int, b: int, k: int) -> list[list[int]]:
        raise NotImplementedError

    def supports(self, query: str) -> bool:
        return True

    def close(self) -> None:
        """Free what the engine holds."""


def top_k(counts: dict[int, int], k: int) -> list[tuple[int, int]]:
    """Most mutual connections first, then the lowest id (Rapport's order)."""
    return heapq.nsmallest(k, counts.items(), key=lambda item: (-item[1], item[0]))


def _capped(d: float | int) -> Degree:
    return int(d) if 0 <= d <= 3 else None


class NetworkX(Engine):
    name = "networkx"

    def __init__(self, n: int, low: np.ndarray, high: np.ndarray) -> None:
        import networkx as nx

        self.nx = nx
        started = time.perf_counter()
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(low.tolist(), high.tolist(), strict=True))
        self.g = g
        self.build_seconds = time.perf_counter() - started

    def degrees(self, viewer: int, targets: list[int]) -> list[Degree]:
        g = self.g
        near = self.nx.single_source_shortest_path_length(g, viewer, cutoff=2)
        out: list[Degree] = []
        for t in targets:
            d = near.get(t)
            if d is None and any(x in near for x in g[t]):
                d = 3
            out.append(d)
        return out

    def distance(self, a: int, b: int) -> Degree:
        try:
            return _capped(self.nx.shortest_path_length(self.g, a, b))
        except self.nx.NetworkXNoPath:
            return None

    def mutual(self, a: int, b: int) -> int:
        return len(list(self.nx.common_neighbors(self.g, a, b)))

    def second_size(self, u: int) -> int:
        near = self.nx.single_source_shortest_path_length(self.g, u, cutoff=2)
        return sum(1 for d in near.values() if d == 2)

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        g = self.g
        first = g[u]
        counts = Counter(y for x in first for y in g[x])
        counts.pop(u, None)
        for x in first:
            counts.pop(x, None)
        return top_k(counts, k)

    def paths(self, a: int, b: int, k: int) -> list[list[int]]:
        found = self.nx.shortest_simple_paths(self.g, a, b)
        return list(islice(takewhile(lambda p: len(p) <= 4, found), k))

    def close(self) -> None:
        del self.g


class IGraph(Engine):
    name = "igraph"

    def __init__(self, n: int, low: np.ndarray, high: np.ndarray) -> None:
        import igraph as ig

        started = time.perf_counter()
        self.g = ig.Graph(n=n, edges=np.column_stack([low, high]))
        self.build_seconds = time.perf_counter() - started

    def degrees(self, viewer: int, targets: list[int]) -> list[Degree]:
        g = self.g
        level = {x: 2 for x in g.neighborhood(viewer, order=2, mindist=2)}
        level.update((x, 1) for x in g.neighbors(viewer))
        level[viewer] = 0
        rest = [t for t in targets if t not in level]
        third = {
            t
            for t, around in zip(rest, g.neighborhood(rest, order=1, mindist=1), strict=True)
            if any(level.get(x) == 2 for x in around)
        }
        return [level.get(t, 3 if t in third else None) for t in targets]

    def distance(self, a: int, b: int) -> Degree:
        path = self.g.get_shortest_path(a, b)
        return _capped(len(path) - 1) if path else None

    def mutual(self, a: int, b: int) -> int:
        return len(set(self.g.neighbors(a)).intersection(self.g.neighbors(b)))

    def second_size(self, u: int) -> int:
        return int(self.g.neighborhood_size(u, order=2, mindist=2))

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        g = self.g
        first = g.neighbors(u)
        counts = Counter(chain.from_iterable(g.neighborhood(first, order=1, mindist=1)))
        counts.pop(u, None)
        for x in first:
            counts.pop(x, None)
        return top_k(counts, k)

    def paths(self, a: int, b: int, k: int) -> list[list[int]]:
        return [p for p in self.g.get_k_shortest_paths(a, b, k=k) if 1 < len(p) <= 4]

    def close(self) -> None:
        del self.g


class NetworKit(Engine):
    name = "networkit"

    def __init__(self, n: int, low: np.ndarray, high: np.ndarray) -> None:
        import networkit as nk

        self.nk = nk
        started = time.perf_counter()
        g = nk.Graph(n)
        g.addEdges((low.astype(np.uint64), high.astype(np.uint64)))
        self.g = g
        self.missing = nk.linkprediction.MissingLinksFinder(g)
        self.common = nk.linkprediction.CommonNeighborsIndex(g)
        # AllSimplePaths takes directed graphs only: a directed copy, made once.
        self.directed = nk.Graph(g, weighted=False, directed=True)
        self.build_seconds = time.perf_counter() - started
        self.note = (
            f"{nk.getMaxNumberOfThreads()} OpenMP threads; build includes the directed "
            "copy AllSimplePaths needs"
        )

    def _second(self, u: int) -> set[int]:
        return {y for _, y in self.missing.findFromNode(u, 2)}

    def degrees(self, viewer: int, targets: list[int]) -> list[Degree]:
        g = self.g
        level = dict.fromkeys(self._second(viewer), 2)
        level.update((x, 1) for x in g.iterNeighbors(viewer))
        level[viewer] = 0
        out: list[Degree] = []
        for t in targets:
            d = level.get(t)
            if d is None and any(level.get(x) == 2 for x in g.iterNeighbors(t)):
                d = 3
            out.append(d)
        return out

    def distance(self, a: int, b: int) -> Degree:
        bfs = self.nk.distance.BidirectionalBFS(self.g, a, b, storePred=False)
        return _capped(bfs.run().getDistance())

    def mutual(self, a: int, b: int) -> int:
        return int(self.common.run(a, b))

    def second_size(self, u: int) -> int:
        return len(self.missing.findFromNode(u, 2))

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        g = self.g
        first = list(g.iterNeighbors(u))
        counts = Counter(chain.from_iterable(g.iterNeighbors(x) for x in first))
        counts.pop(u, None)
        for x in first:
            counts.pop(x, None)
        return top_k(counts, k)

    def paths(self, a: int, b: int, k: int) -> list[list[int]]:
        found = self.nk.reachability.AllSimplePaths(self.directed, a, b, cutoff=3).run()
        return sorted(found.getAllSimplePaths(), key=len)[:k]

    def close(self) -> None:
        del self.missing, self.common, self.directed, self.g


# -- PostgreSQL ------------------------------------------------------------------------

NEAR = """
    reach(node, depth) AS (
        SELECT %(u)s::int, 0
      UNION
        SELECT e.dst, r.depth + 1 FROM reach r JOIN {t} e ON e.src = r.node WHERE r.depth < 2
    ),
    near AS (SELECT node, min(depth) AS depth FROM reach GROUP BY node)
"""
SQL_DISTANCE = (
    "WITH RECURSIVE"
    + NEAR
    + """
SELECT coalesce(
    (SELECT depth FROM near WHERE node = %(b)s),
    (SELECT 3 FROM {t} e JOIN near n ON n.node = e.dst AND n.depth = 2
     WHERE e.src = %(b)s LIMIT 1))
"""
)
SQL_DEGREES = (
    "WITH RECURSIVE"
    + NEAR
    + """
SELECT coalesce(n.depth,
    (SELECT 3 FROM {t} e JOIN near m ON m.node = e.dst AND m.depth = 2
     WHERE e.src = q.node LIMIT 1))
FROM unnest(%(targets)s::int[]) WITH ORDINALITY AS q(node, i)
LEFT JOIN near n ON n.node = q.node
ORDER BY q.i
"""
)
SQL_MUTUAL = """
SELECT count(*) FROM {t} x JOIN {t} y ON y.dst = x.dst WHERE x.src = %(a)s AND y.src = %(b)s
"""
FOF = """
FROM {t} f1 JOIN {t} f2 ON f2.src = f1.dst
WHERE f1.src = %(u)s AND f2.dst <> %(u)s
  AND NOT EXISTS (SELECT 1 FROM {t} x WHERE x.src = %(u)s AND x.dst = f2.dst)
"""
SQL_SECOND = "SELECT count(DISTINCT f2.dst)" + FOF
SQL_PYMK = (
    "SELECT f2.dst, count(*) AS mutual"
    + FOF
    + "GROUP BY f2.dst ORDER BY mutual DESC, f2.dst LIMIT %(k)s"
)


class Postgres(Engine):
    """The edges of one generated graph in their own table of the benchmark database."""

    name = "PostgreSQL"

    def __init__(self, dsn: str, n: int, seed: int, low: np.ndarray, high: np.ndarray) -> None:
        import psycopg

        self.conn = psycopg.connect(dsn, autocommit=True)
        self.table = f"graph_edges_n{n}_s{seed}"
        started = time.perf_counter()
        self.loaded_now = self._ensure(low, high, started)
        row = self.conn.execute(
            "SELECT seconds, loaded_at::date, pg_total_relation_size(%s) "
            "FROM graph_bench_tables WHERE name = %s",
            [self.table, self.table],
        ).fetchone()
        assert row is not None
        # The load as measured when it happened (an earlier run's, when reused).
        self.build_seconds = float(row[0])
        server = self.conn.execute("SHOW server_version").fetchone()
        buffers = self.conn.execute("SHOW shared_buffers").fetchone()
        self.note = (
            f"PostgreSQL {str(server[0]).split()[0] if server else '?'}, shared_buffers "
            f"{buffers[0] if buffers else '?'}; table and index {row[2] / 2**20:,.0f} MiB, "
            f"loaded on {row[1]}"
            + (" in this run" if self.loaded_now else " by an earlier run and reused")
        )
        self.sql = {
            key: sql.format(t=self.table)
            for key, sql in {
                "distance": SQL_DISTANCE,
                "degrees": SQL_DEGREES,
                "mutual": SQL_MUTUAL,
                "second": SQL_SECOND,
                "pymk": SQL_PYMK,
            }.items()
        }

    def _ensure(self, low: np.ndarray, high: np.ndarray, started: float) -> bool:
        """Load the table unless an earlier run left it complete; True if loaded now."""
        c = self.conn
        c.execute(
            "CREATE TABLE IF NOT EXISTS graph_bench_tables (name text PRIMARY KEY, "
            "rows bigint, seconds float, loaded_at timestamptz)"
        )
        row = c.execute(
            "SELECT rows FROM graph_bench_tables WHERE name = %s", [self.table]
        ).fetchone()
        if row and row[0] == 2 * low.shape[0]:
            return False
        c.execute(f"DROP TABLE IF EXISTS {self.table}")
        c.execute("DELETE FROM graph_bench_tables WHERE name = %s", [self.table])
        # Unlogged: no WAL while loading; reads are the same as a logged table's.
        c.execute(f"CREATE UNLOGGED TABLE {self.table} (src int NOT NULL, dst int NOT NULL)")
        src = np.concatenate([low, high])
        dst = np.concatenate([high, low])
        order = np.lexsort((dst, src))
        src, dst = src[order], dst[order]
        del order
        row_type = np.dtype(
            [("fields", ">i2"), ("l1", ">i4"), ("v1", ">i4"), ("l2", ">i4"), ("v2", ">i4")]
        )
        with c.cursor() as cur, cur.copy(f"COPY {self.table} (src, dst) FROM STDIN BINARY") as cp:
            cp.write(b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00")
            step = 2_000_000
            for at in range(0, src.shape[0], step):
                block = np.empty(min(step, src.shape[0] - at), row_type)
                block["fields"] = 2
                block["l1"] = 4
                block["l2"] = 4
                block["v1"] = src[at : at + step]
                block["v2"] = dst[at : at + step]
                cp.write(block.tobytes())
            cp.write(b"\xff\xff")
        c.execute("SET maintenance_work_mem = '2GB'")
        c.execute(f"ALTER TABLE {self.table} ADD PRIMARY KEY (src, dst)")
        c.execute(f"VACUUM ANALYZE {self.table}")
        c.execute(
            "INSERT INTO graph_bench_tables (name, rows, seconds, loaded_at) "
            "VALUES (%s, %s, %s, now())",
            [self.table, int(src.shape[0]), time.perf_counter() - started],
        )
        return True

    def _one(self, key: str, params: dict[str, Any]) -> Any:
        row = self.conn.execute(self.sql[key], params, prepare=True).fetchone()
        return row[0] if row else None

    def degrees(self, viewer: int, targets: list[int]) -> list[Degree]:
        rows = self.conn.execute(
            self.sql["degrees"], {"u": viewer, "targets": targets}, prepare=True
        ).fetchall()
        return [r[0] for r in rows]

    def distance(self, a: int, b: int) -> Degree:
        if a == b:
            return 0
        return self._one("distance", {"u": a, "b": b})

    def mutual(self, a: int, b: int) -> int:
        return int(self._one("mutual", {"a": a, "b": b}))

    def second_size(self, u: int) -> int:
        return int(self._one("second", {"u": u}))

    def pymk(self, u: int, k: int) -> list[tuple[int, int]]:
        rows = self.conn.execute(self.sql["pymk"], {"u": u, "k": k}, prepare=True).fetchall()
        return [(int(m), int(c)) for m, c in rows]

    def supports(self, query: str) -> bool:
        return not query.startswith("paths")

    def close(self) -> None:
        self.conn.close()


def valid_paths(paths: Iterable[list[int]], a: int, b: int, adjacent: Any) -> bool:
    """Every path simple, from a to b, at most 3 hops, along connections."""
    for p in paths:
        if not p or p[0] != a or p[-1] != b or len(p) > 4 or len(set(p)) != len(p):
            return False
        if not all(adjacent(x, y) for x, y in pairwise(p)):
            return False
    return True
