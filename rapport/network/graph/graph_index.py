"""GraphIndex: the graph queries, over an immutable CSR base and a patch of rewritten rows.

A GraphIndex never changes once made: catching up with the change log makes a new
one that shares the base arrays (`with_changes`), so a thread holding an index
keeps a consistent view while another thread swaps in a fresher one.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from rapport.network.graph import construct, kernels

# A path or suggestion request never needs more than this many answers.
MAX_RESULTS = 10_000
# Mark the viewer's whole 2nd degree when it costs at most this many steps per target
# (and at least the minimum); past that, search from each target with early exit.
DEGREES_BUDGET_PER_TARGET = 20_000
DEGREES_BUDGET_MIN = 100_000


def _readonly(array: np.ndarray) -> np.ndarray:
    if array.flags.writeable:
        array.flags.writeable = False
    return array


class _Scratch(threading.local):
    """Per-thread work arrays, reused across calls and across GraphIndex instances."""

    def __init__(self) -> None:
        self.size = 0
        self.stamp = 0
        self.mark = np.zeros(0, np.int32)
        self.count = np.zeros(0, np.int32)
        self.buf = np.zeros(0, np.int32)


_scratch = _Scratch()


def _take(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    s = _scratch
    if s.size < n:
        size = n + n // 8 + 1024  # room for members who join before the next snapshot
        s.mark = np.zeros(size, np.int32)
        s.count = np.zeros(size, np.int32)
        s.buf = np.zeros(size, np.int32)
        s.size = size
        s.stamp = 0
    s.stamp += 4
    if s.stamp > 2**31 - 8:
        s.mark[:] = 0
        s.stamp = 4
    return s.mark, s.count, s.buf, s.stamp


def _ids(values: Iterable[int]) -> np.ndarray:
    return np.fromiter((int(v) for v in values), dtype=np.int64)


def _sorted_ids(values: Iterable[int]) -> np.ndarray:
    return np.unique(_ids(values))


# At most this many 2nd-degree neighbours of one target are handed back as the ways it
# may be 3rd degree, and at most the second number for a whole call (a search that ranks
# a hundred thousand matches must not allocate gigabytes); past that the target reads as
# out of network, never the reverse.
THIRD_DEGREE_CANDIDATES = 512
THIRD_DEGREE_CANDIDATES_PER_CALL = 200_000


class GraphIndex:
    """Members are nodes numbered by member id; rows are sorted neighbour lists."""

    def __init__(
        self,
        indptr: np.ndarray,
        indices: np.ndarray,
        *,
        rows: Mapping[int, np.ndarray] | None = None,
        watermark: int = 0,
        watermark_at: dt.datetime | None = None,
        base_watermark: int | None = None,
        source: str = "memory",
    ) -> None:
        self.indptr = _readonly(indptr)
        self.indices = _readonly(indices)
        self.rows: dict[int, np.ndarray] = dict(rows or {})
        self.watermark = watermark
        self.watermark_at = watermark_at
        self.base_watermark = watermark if base_watermark is None else base_watermark
        self.source = source
        base_n = indptr.shape[0] - 1
        n = max(base_n, max(self.rows) + 1 if self.rows else 0)
        slot = np.full(n, -1, np.int32)
        keys = sorted(self.rows)
        pptr = np.zeros(len(keys) + 1, np.int64)
        if keys:
            slot[keys] = np.arange(len(keys), dtype=np.int32)
            np.cumsum([self.rows[k].shape[0] for k in keys], out=pptr[1:])
            pidx = np.concatenate([self.rows[k] for k in keys]).astype(np.int32, copy=False)
        else:
            pidx = np.zeros(0, np.int32)
        self.slot = _readonly(slot)
        self.pptr = _readonly(pptr)
        self.pidx = _readonly(pidx)
        self.n_nodes = n
        self._G = (self.indptr, self.indices, self.slot, self.pptr, self.pidx)

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_edges(cls, n_nodes: int, src: Any, dst: Any, **kwargs: Any) -> GraphIndex:
        """An index over undirected pairs (either order, duplicates and self-pairs
        ignored) of nodes 0 … n_nodes - 1."""
        a = np.ascontiguousarray(src, dtype=np.int32)
        b = np.ascontiguousarray(dst, dtype=np.int32)
        if a.shape != b.shape:
            raise ValueError("src and dst must have the same length")
        if a.size and (min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= n_nodes):
            raise ValueError("node ids must be in 0 … n_nodes - 1")
        indptr, indices, entries = construct.build(n_nodes, a, b)
        if entries < indices.shape[0]:
            indices = indices[:entries].copy()
        return cls(indptr, indices, **kwargs)

    def with_changes(
        self,
        changes: Iterable[tuple[int, int, bool]],
        *,
        watermark: int,
        watermark_at: dt.datetime | None,
    ) -> GraphIndex:
        """A new index with the pairs added or removed, in order (the last change to a
        pair wins); rows of the members concerned are rewritten into the patch."""
        final: dict[tuple[int, int], bool] = {}
        for low, high, added in changes:
            final[(low, high)] = added
        per_member: dict[int, tuple[list[int], list[int]]] = {}
        for (low, high), added in final.items():
            for u, v in ((low, high), (high, low)):
                per_member.setdefault(u, ([], []))[0 if added else 1].append(v)
        rows = dict(self.rows)
        for u, (adds, removes) in per_member.items():
            row = self.row(u)
            if removes:
                row = row[~np.isin(row, np.asarray(removes, np.int32))]
            if adds:
                row = np.union1d(row, np.asarray(adds, np.int32))
            rows[u] = np.ascontiguousarray(row, dtype=np.int32)
        return GraphIndex(
            self.indptr,
            self.indices,
            rows=rows,
            watermark=watermark,
            watermark_at=watermark_at,
            base_watermark=self.base_watermark,
            source=self.source,
        )

    def merged(self) -> tuple[np.ndarray, np.ndarray]:
        """The base and the patch as one plain CSR: what compaction writes."""
        if not self.rows:
            return self.indptr, self.indices
        return construct.merge(self._G, self.n_nodes)

    # -- one member ---------------------------------------------------------------

    def row(self, u: int) -> np.ndarray:
        """The member's connections as a sorted int32 array (a read-only view)."""
        if 0 <= u < self.n_nodes:
            s = self.slot[u]
            if s >= 0:
                return self.pidx[self.pptr[s] : self.pptr[s + 1]]
            if u < self.indptr.shape[0] - 1:
                return self.indices[self.indptr[u] : self.indptr[u + 1]]
        return self.indices[0:0]

    def neighbours(self, u: int) -> list[int]:
        return self.row(u).tolist()

    def degree(self, u: int) -> int:
        return int(self.row(u).shape[0])

    # -- queries --------------------------------------------------------------------

    def distance(self, a: int, b: int) -> int | None:
        """Hops from a to b: 0, 1, 2 or 3; None beyond the 3rd degree."""
        if a == b:
            return 0
        mark, _, _, stamp = _take(self.n_nodes)
        d = kernels.distance(self._G, a, b, mark, stamp)
        return None if d < 0 else int(d)

    def degrees(self, viewer: int, targets: Sequence[int]) -> list[int | None]:
        """The degree of each target from the viewer (0 the viewer, None beyond 3rd), in
        the targets' order, through anyone: one call for a page. (Members' pages ask
        `degrees_through`, which leaves private lists out.)"""
        if len(targets) <= 2:
            return [self.distance(viewer, int(t)) for t in targets]
        return self._degrees(viewer, targets, (), cap=1)[0]

    def degrees_through(
        self, viewer: int, targets: Sequence[int], skip: Iterable[int] = ()
    ) -> tuple[list[int | None], list[list[int]]]:
        """Degrees that never pass through `skip` (the viewer's connections whose list is
        private). Each degree is 0, 1, 2, None (beyond), or 3 *if* one of the listed
        2nd-degree members next to the target may be shown as a link: the second list
        holds them, empty for every target whose degree is already settled."""
        count = len(targets)
        per_target = THIRD_DEGREE_CANDIDATES_PER_CALL // max(count, 1)
        return self._degrees(
            viewer, targets, skip, cap=max(1, min(THIRD_DEGREE_CANDIDATES, per_target))
        )

    def _degrees(
        self, viewer: int, targets: Sequence[int], skip: Iterable[int], *, cap: int
    ) -> tuple[list[int | None], list[list[int]]]:
        # With cap=1 the search for a target stops at its first 2nd-degree neighbour:
        # exactly the early exit that plain degrees need.
        ids = _ids(targets)
        count = ids.shape[0]
        out = np.empty(count, np.int64)
        cand = np.empty(count * cap, np.int64)
        cand_n = np.zeros(count, np.int64)
        mark, _, _, stamp = _take(self.n_nodes)
        budget = max(DEGREES_BUDGET_MIN, DEGREES_BUDGET_PER_TARGET * count)
        kernels.degrees_through(
            self._G, viewer, ids, _sorted_ids(skip), out, cand, cand_n, cap, mark, stamp, budget
        )
        degrees: list[int | None] = []
        candidates: list[list[int]] = []
        for t, d in enumerate(out.tolist()):
            degrees.append(3 if d == -2 else None if d < 0 else d)
            candidates.append(cand[t * cap : t * cap + int(cand_n[t])].tolist())
        return degrees, candidates

    def mutual_count(self, a: int, b: int) -> int:
        return int(kernels.mutual(self._G, a, b, _EMPTY_OUT, 0))

    def mutual_ids(self, a: int, b: int, limit: int | None = None) -> list[int]:
        """The members connected to both, lowest id first, at most `limit`."""
        cap = min(self.degree(a), self.degree(b))
        limit = cap if limit is None else max(0, min(limit, cap))
        out = np.empty(limit, np.int64)
        found = kernels.mutual(self._G, a, b, out, limit)
        return out[: min(found, limit)].tolist()

    def second_degree_size(self, u: int, skip: Iterable[int] = ()) -> int:
        """How many members are exactly two hops away, not counting those reached only
        through `skip`."""
        mark, _, _, stamp = _take(self.n_nodes)
        return int(kernels.second_degree_size(self._G, u, _ids(skip), mark, stamp))

    def suggestions(
        self, u: int, k: int, exclude: Iterable[int] = (), skip: Iterable[int] = ()
    ) -> list[tuple[int, int]]:
        """Up to k members u is not connected to, by mutual connections, most first,
        then lowest id: [(member_id, mutual_count)]. Connections in `skip` neither
        lead to a suggestion nor count as mutual."""
        k = max(0, min(int(k), MAX_RESULTS))
        mark, count, buf, stamp = _take(self.n_nodes)
        ids, counts = kernels.suggestions(
            self._G, u, k, _ids(exclude), _ids(skip), mark, count, buf, stamp
        )
        return list(zip(ids.tolist(), counts.tolist(), strict=True))

    def paths(
        self, a: int, b: int, k: int, exclude: Iterable[int] = (), exclude_far: Iterable[int] = ()
    ) -> list[list[int]]:
        """Up to k simple paths from a to b of at most 3 hops, shortest first; members
        in `exclude` are never intermediate steps, and those in `exclude_far` never the
        second step of a three-hop path (the one connected to b)."""
        k = max(0, min(int(k), MAX_RESULTS))
        mark, _, _, stamp = _take(self.n_nodes)
        lengths, nodes = kernels.paths(
            self._G, a, b, k, _ids(exclude), _sorted_ids(exclude_far), mark, stamp
        )
        out: list[list[int]] = []
        flat = nodes.tolist()
        at = 0
        for hops in lengths.tolist():
            out.append(flat[at : at + hops + 1])
            at += hops + 1
        return out

    def vias(
        self, viewer: int, targets: Sequence[int], exclude: Iterable[int] = ()
    ) -> list[int | None]:
        """For each target, the lowest-id connection it shares with the viewer that is
        not in `exclude`; None when there is none."""
        ids = _ids(targets)
        out = np.empty(ids.shape[0], np.int64)
        mark, _, _, stamp = _take(self.n_nodes)
        kernels.vias(self._G, viewer, ids, _ids(exclude), out, mark, stamp)
        return [None if v < 0 else v for v in out.tolist()]

    # -- the whole --------------------------------------------------------------------

    @property
    def entries(self) -> int:
        """Directed entries: twice the connections."""
        base = int(self.indptr[-1]) if self.indptr.shape[0] else 0
        if not self.rows:
            return base
        replaced = np.fromiter((u for u in self.rows if u < self.indptr.shape[0] - 1), np.int64)
        removed = int(np.sum(self.indptr[replaced + 1] - self.indptr[replaced]))
        return base - removed + int(self.pidx.shape[0])

    @property
    def patch_entries(self) -> int:
        return int(self.pidx.shape[0])

    def memory(self) -> dict[str, int]:
        """Bytes: `shared` is the snapshot, mapped once per machine; `private` is this
        process's own (patch and node map)."""
        shared = int(self.indptr.nbytes + self.indices.nbytes)
        private = int(self.slot.nbytes + self.pptr.nbytes + self.pidx.nbytes)
        return {"shared": shared, "private": private, "total": shared + private}

    def stats(self) -> dict[str, Any]:
        sizes = construct.row_sizes(self._G, self.n_nodes)
        connected = sizes[sizes > 0]
        percentiles = {
            f"p{p}": float(np.percentile(connected, p)) if connected.size else 0.0
            for p in (50, 90, 99, 99.9)
        }
        memory = self.memory()
        entries = int(sizes.sum())
        return {
            "members": int(connected.size),
            "nodes": self.n_nodes,
            "connections": entries // 2,
            "degree": {
                "mean": float(connected.mean()) if connected.size else 0.0,
                **percentiles,
                "max": int(connected.max()) if connected.size else 0,
            },
            "memory_bytes": memory,
            "bytes_per_entry": round(memory["total"] / entries, 2) if entries else 0.0,
            "watermark": self.watermark,
            "snapshot_watermark": self.base_watermark,
            "patch_members": len(self.rows),
            "patch_entries": self.patch_entries,
            "source": self.source,
        }


_EMPTY_OUT = np.zeros(0, np.int64)


def warm_up() -> float:
    """Run every kernel once on a tiny graph, so numba compiles them (about 10 s, once
    per install) or loads them from its cache (well under a second); returns seconds."""
    import time

    started = time.monotonic()
    g = GraphIndex.from_edges(6, [0, 1, 2, 3], [1, 2, 3, 4])
    g.distance(0, 3)
    g.degrees(0, [1, 2, 3, 5])
    g.degrees_through(0, [1, 2, 3, 5], skip=[1])
    g.mutual_ids(0, 2)
    g.second_degree_size(0)
    g.suggestions(0, 2, exclude=[5])
    g.paths(0, 3, 2)
    g.vias(0, [2])
    g.with_changes([(1, 5, True)], watermark=1, watermark_at=None).merged()
    g.stats()
    return time.monotonic() - started
