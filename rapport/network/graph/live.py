"""The process's graph index, kept fresh: a mapped snapshot, the change log, a patch.

The protocol (decision 0008):

- Start-up maps the current snapshot (checked: sizes, checksums, and that the change
  log still holds its watermark row) and replays the log from the watermark. Only
  when there is no usable snapshot does it build one from the connections table,
  one process per machine at a time, under the build lock.
- At most every `interval` seconds (or at once after this process committed a
  change), one indexed query fetches log rows from the watermark on; they become a
  new index sharing the same base with a bigger patch. Every refresh also looks at
  the `current` link and moves to a newer snapshot when compaction wrote one.
- A bulk marker in the log (an import) means rows changed without the log: the
  first process of the machine to get the build lock rebuilds from the table and
  publishes a snapshot; the others keep serving and pick it up.
- When the patch passes `patch_limit` entries, the process asks for a compaction
  (the `graph_compact` task), at most once a minute.
- Inside a transaction nothing is remembered: the log rows this transaction can see
  (its own uncommitted ones included) are applied to a throwaway copy, so a
  rolled-back change never reaches the shared index.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from rapport.network.graph import source, store
from rapport.network.graph.graph_index import GraphIndex

log = logging.getLogger("rapport.network.graph")

# Inside a transaction with no index yet, a graph this small (in connections) is read
# from the table rather than mapped from a snapshot that would need checking first.
TRANSIENT_BUILD_MAX = 500_000
# How soon a process looks at the log again when a change waits behind a running
# transaction (one that drew an earlier log id and has not committed yet).
GAP_RECHECK_SECONDS = 0.01


@dataclass(frozen=True)
class Config:
    root: Path
    interval: float
    patch_limit: int
    retention: dt.timedelta


def config() -> Config:
    """The graph settings, each with a default (none of them is required)."""
    return Config(
        root=Path(getattr(settings, "RAPPORT_GRAPH_DIR", Path(settings.VAR_DIR) / "graph")),
        interval=float(getattr(settings, "RAPPORT_GRAPH_REFRESH_SECONDS", 0.5)),
        patch_limit=int(getattr(settings, "RAPPORT_GRAPH_PATCH_LIMIT", 2_000_000)),
        retention=dt.timedelta(
            hours=float(getattr(settings, "RAPPORT_GRAPH_LOG_RETENTION_HOURS", 24 * 7))
        ),
    )


class Live:
    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.state: GraphIndex | None = None
        self.link: str | None = None  # the snapshot the state is based on
        self.rejected: str | None = None  # a snapshot found unusable; not re-read
        self.pending = 0  # the newest bulk marker seen
        self.checked = float("-inf")
        self.compaction_asked = float("-inf")
        self.built = False  # whether this instance built from the table
        self.pruned_to = -1  # a watermark whose row was pruned, found safe to go on from
        # Missing log ids (catch_up): gaps at ids up to `settled_below` are known to be
        # rollbacks; `awaiting` holds the newest id read when a later gap was seen and
        # the log writers then running; `gap_at` the row a gap holds back (0: none).
        self.settled_below = 0
        self.awaiting: tuple[int, frozenset[int]] | None = None
        self.gap_at = 0
        self.lock = threading.Lock()

    # -- the accessor -----------------------------------------------------------------

    def get(self) -> GraphIndex:
        if connection.in_atomic_block:
            return self._in_transaction()
        state = self.state
        if state is not None and time.monotonic() - self.checked < self.cfg.interval:
            return state
        # One thread refreshes; the others keep answering from the index they have.
        if self.lock.acquire(blocking=state is None):
            try:
                self.refresh()
            finally:
                self.lock.release()
        current = self.state or state  # None only while another thread reopens
        assert current is not None
        return current

    def poke(self) -> None:
        """This process committed a change: look at the log on the next call."""
        self.checked = float("-inf")

    def refresh(self) -> None:
        if self.state is None:
            self.open()
        else:
            self._follow_snapshot()
        self.catch_up()
        self.checked = time.monotonic()
        if self.gap_at:
            # A change waits behind a transaction that is still running: look again
            # soon rather than after the whole interval.
            self.checked -= max(0.0, self.cfg.interval - GAP_RECHECK_SECONDS)
        assert self.state is not None
        if self.pending > self.state.base_watermark:
            self._rebuild_for_marker()
        if self.state.patch_entries > self.cfg.patch_limit:
            self._ask_compaction()

    # -- snapshots --------------------------------------------------------------------

    def adopt(self, name: str, *, min_watermark: int = 0) -> bool:
        """Map snapshot `name` if it is sound and belongs to this database's log."""
        try:
            indptr, indices, header = store.read(self.cfg.root, name)
        except store.SnapshotInvalid as exc:
            log.warning("graph snapshot %s is unusable (%s); it will be rebuilt", name, exc)
            self.rejected = name
            return False
        if header.database != source.database_identity():
            problem: str | None = f"it was written for {header.database}"
        else:
            problem = source.watermark_problem(header.watermark, header.watermark_time)
        if problem is None and header.watermark < min_watermark:
            problem = f"it is older ({header.watermark}) than needed ({min_watermark})"
        if problem:
            log.warning("graph snapshot %s is stale: %s; it will be rebuilt", name, problem)
            self.rejected = name
            return False
        # Gaps seen in another log (or before this snapshot) say nothing about this one.
        self.settled_below, self.awaiting = 0, None
        self.state = GraphIndex(
            indptr,
            indices,
            watermark=header.watermark,
            watermark_at=header.watermark_time,
            source=str(self.cfg.root / name),
        )
        self.link = name
        return True

    def open(self, *, locked: bool = False) -> None:
        """Map the current snapshot, or build and publish one if there is none usable."""
        name = store.current_name(self.cfg.root)
        if name and self.adopt(name):
            return
        if locked:
            self.build_and_publish()
            return
        with store.build_lock(self.cfg.root):
            # Another process may have published one while this one waited.
            latest = store.current_name(self.cfg.root)
            if latest and latest != name and self.adopt(latest):
                return
            self.build_and_publish()

    def build_and_publish(self) -> None:
        """Rebuild from the connections table and publish it. Hold the build lock."""
        started = time.monotonic()
        built = source.build_from_database(persistent=True)
        self.built = True
        name = store.write(
            self.cfg.root,
            built.indptr,
            built.indices,
            watermark=built.watermark,
            watermark_at=built.watermark_at,
            database=source.database_identity(),
        )
        log.info(
            "graph index rebuilt from the database: %d connections in %.1f s",
            built.entries // 2,
            time.monotonic() - started,
        )
        # Map the published file, so this process shares the page cache with the others.
        if not self.adopt(name):
            self.state = built
            self.link = name

    def _follow_snapshot(self) -> None:
        assert self.state is not None
        name = store.current_name(self.cfg.root)
        if name and name not in (self.link, self.rejected):
            self.adopt(name, min_watermark=self.state.base_watermark)

    def _rebuild_for_marker(self) -> None:
        # Never wait: if another process of the machine is rebuilding, keep serving.
        with store.build_lock(self.cfg.root, blocking=False) as held:
            if not held:
                return
            name = store.current_name(self.cfg.root)
            if not (name and name != self.link and self.adopt(name, min_watermark=self.pending)):
                self.build_and_publish()
        self.catch_up()

    def _ask_compaction(self) -> None:
        now = time.monotonic()
        if now - self.compaction_asked < 60:
            return
        self.compaction_asked = now
        from rapport.network.tasks import graph_compact

        try:
            graph_compact.enqueue()
        except Exception:
            # A read must not fail because the queue did: the patch only grows.
            log.exception("graph index could not ask for a compaction")

    # -- the change log -------------------------------------------------------------

    def catch_up(self) -> None:
        """Apply every log row after the watermark, in batches, up to the first missing
        id that a running transaction may still commit (see `_settled`)."""
        resets = 0
        self.gap_at = 0
        while True:
            state = self.state
            assert state is not None
            rows = source.changes_from(state.watermark, source.LOG_CHUNK + 1)
            if state.watermark > 0:
                if rows and rows[0].id == state.watermark:
                    problem = (
                        None
                        if rows[0].created_at == state.watermark_at
                        else "the change log is another database's"
                    )
                    rows = rows[1:]
                elif state.watermark == self.pruned_to:
                    problem = None  # checked before: pruned exactly up to the watermark
                else:
                    problem = source.watermark_problem(state.watermark, state.watermark_at)
                    self.pruned_to = state.watermark if problem is None else -1
                if problem:
                    if resets:
                        raise RuntimeError(f"graph index cannot follow the change log: {problem}")
                    log.warning("graph index reloads: %s", problem)
                    resets += 1
                    self.link = None
                    self.open()
                    continue
            if not rows:
                return
            settled = self._settled(state.watermark, rows)
            if settled is None:
                continue  # the missing ids were settled just now: read again
            if settled:
                self._apply(settled)
            if len(settled) < len(rows) or len(rows) < source.LOG_CHUNK:
                return

    def _settled(self, watermark: int, rows: list[source.Change]) -> list[source.Change] | None:
        """The rows that may be applied now: those before the first missing id that a
        running transaction could still commit. None: read the log again first.

        Ids are drawn before commit, so a missing id below a committed row belongs to a
        transaction still running or rolled back. The first time such a gap is seen,
        the log writers running then are noted (`source.in_flight`); rows past the
        gap wait until none of them runs, then a fresh read shows the row or it never
        will (it was rolled back). No writer waits for this; a reader waits
        milliseconds. On SQLite a gap is always a rollback (one writer at a time).
        """
        expected = watermark + 1
        for i, row in enumerate(rows):
            if row.id != expected and row.id > self.settled_below:
                if self.awaiting is not None and row.id > self.awaiting[0]:
                    self.awaiting = None  # noted for an earlier gap: note again
                fresh = self.awaiting is None
                if self.awaiting is None:
                    self.awaiting = (rows[-1].id, source.in_flight() or frozenset())
                limit, running = self.awaiting
                if not running or (not fresh and not running & (source.in_flight() or set())):
                    self.settled_below = limit
                    self.awaiting = None
                    return None
                self.gap_at = row.id
                return rows[:i]
            expected = row.id + 1
        self.gap_at = 0
        return rows

    def _apply(self, rows: list[source.Change]) -> None:
        assert self.state is not None
        for row in rows:
            if row.is_bulk_marker:
                self.pending = max(self.pending, row.id)
        self.state = self.state.with_changes(
            [(r.low, r.high, r.added) for r in rows if not r.is_bulk_marker],
            watermark=rows[-1].id,
            watermark_at=rows[-1].created_at,
        )

    # -- inside a transaction --------------------------------------------------------

    def _in_transaction(self) -> GraphIndex:
        """A throwaway index that includes what this transaction can see: one query.

        The shared index is used (with this transaction's view of the log on top) when
        this process already has one. Without one, a small graph is read from the table
        here and now; a big one maps the snapshot first, since reading the table would
        take minutes.
        """
        name = store.current_name(self.cfg.root)
        # A bounded wait: the thread holding the lock may be building, and a build waits
        # for running log writers, which this transaction may be.
        if self.state is None and name and self._is_big(name) and self.lock.acquire(timeout=1.0):
            try:
                if self.state is None:
                    # Map it, never build here: a build would see uncommitted rows.
                    self.adopt(name)
            finally:
                self.lock.release()
        state = self.state
        if state is not None and self.pending <= state.base_watermark:
            rows = source.changes_from(state.watermark)
            if state.watermark == 0 or (
                rows and rows[0].id == state.watermark and rows[0].created_at == state.watermark_at
            ):
                rows = rows[1:] if state.watermark else rows
                if not any(r.is_bulk_marker for r in rows):
                    if not rows:
                        return state
                    return state.with_changes(
                        [(r.low, r.high, r.added) for r in rows],
                        watermark=rows[-1].id,
                        watermark_at=rows[-1].created_at,
                    )
            else:
                self.state = None  # another database's: the next read outside reopens
        return source.build_from_database(persistent=False)

    def _is_big(self, name: str) -> bool:
        if name == self.rejected:
            return False
        header = store.peek(self.cfg.root, name)
        return header is not None and header.entries // 2 > TRANSIENT_BUILD_MAX


def compact(cfg: Config | None = None, *, rebuild: bool = False) -> dict[str, object]:
    """Write a snapshot of everything the log holds, then prune the log it covers.

    Safe to run any time and twice: it holds the machine's build lock, and a snapshot
    that is already up to date is left alone. `rebuild` reads the connections table
    instead of the previous snapshot (also done when the log holds a bulk marker).
    """
    if connection.in_atomic_block:
        # A snapshot must hold committed connections only: other processes trust it.
        raise RuntimeError("graph compaction reads committed data: run it outside a transaction")
    cfg = cfg or config()
    started = time.monotonic()
    with store.build_lock(cfg.root):
        live = Live(cfg)
        live.open(locked=True)
        live.catch_up()
        assert live.state is not None
        if (rebuild and not live.built) or live.pending > live.state.base_watermark:
            live.build_and_publish()
            live.catch_up()
        state = live.state
        assert state is not None
        name = live.link
        if state.watermark != state.base_watermark:
            indptr, indices = state.merged()
            name = store.write(
                cfg.root,
                indptr,
                indices,
                watermark=state.watermark,
                watermark_at=state.watermark_at,
                database=source.database_identity(),
            )
        pruned = source.prune_log(state.watermark, cfg.retention)
    return {
        "snapshot": name,
        "watermark": state.watermark,
        "connections": state.entries // 2,
        "rebuilt": live.built,
        "pruned": pruned,
        "seconds": round(time.monotonic() - started, 3),
    }
