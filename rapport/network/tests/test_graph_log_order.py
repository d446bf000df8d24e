"""Connection changes commit out of log-id order on PostgreSQL (writers take no lock):
the process index never skips one, and writers never wait for each other."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from rapport.accounts.tests.factories import make_member
from rapport.network import graph
from rapport.network.graph import live, source
from rapport.network.services import connection_create

pytestmark = pytest.mark.postgres_only


def _connect(a, b):
    connection_create(member=a, other=b, source="operator", notify=False)


class SlowWriter:
    """Connects a pair in a thread and holds its transaction open until released."""

    def __init__(self, a, b, *, commit: bool) -> None:
        self.logged = threading.Event()
        self.release = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(a, b, commit))

    def _run(self, a, b, commit: bool) -> None:
        try:
            with transaction.atomic():
                _connect(a, b)
                self.logged.set()
                self.release.wait(10)
                if not commit:
                    transaction.set_rollback(True)
        except BaseException as exc:  # surfaced by finish()
            self.error = exc
        finally:
            connection.close()

    def start(self) -> SlowWriter:
        self.thread.start()
        assert self.logged.wait(10), "the slow writer never logged its change"
        return self

    def finish(self) -> None:
        self.release.set()
        self.thread.join(10)
        assert self.error is None, self.error


@pytest.fixture
def members(transactional_db) -> Iterator[list]:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: log ids always commit in order")
    yield [make_member(h) for h in ("ada", "ben", "chidi", "dev")]


def _index():
    graph.changed()  # as after a commit in this process: read the log at once
    return graph.index()


def test_a_change_that_commits_after_a_later_one_is_not_skipped(members):
    ada, ben, chidi, dev = members
    before = _index().watermark
    slow = SlowWriter(ada, ben, commit=True).start()  # draws the earlier log id
    _connect(chidi, dev)  # a later id, committed first, without waiting for the other
    assert slow.thread.is_alive(), "the second writer waited for the first"
    index = _index()
    # The later change waits behind the running transaction's id.
    assert index.watermark == before
    assert index.distance(chidi.pk, dev.pk) is None
    slow.finish()
    index = _index()
    assert index.distance(ada.pk, ben.pk) == 1
    assert index.distance(chidi.pk, dev.pk) == 1


def test_a_rolled_back_change_holds_nothing_up_once_it_has_ended(members):
    ada, ben, chidi, dev = members
    _index()
    slow = SlowWriter(ada, ben, commit=False).start()
    _connect(chidi, dev)
    assert _index().distance(chidi.pk, dev.pk) is None
    slow.finish()
    index = _index()
    assert index.distance(chidi.pk, dev.pk) == 1
    assert index.distance(ada.pk, ben.pk) is None


def test_another_process_catches_up_through_a_gap_on_its_own(members, settings):
    ada, ben, chidi, dev = members
    settings.RAPPORT_GRAPH_REFRESH_SECONDS = 30  # only the quick re-look can help it
    other = live.Live(live.config())
    other.get()
    slow = SlowWriter(ada, ben, commit=True).start()
    _connect(chidi, dev)
    other.poke()
    assert other.get().distance(chidi.pk, dev.pk) is None
    assert other.gap_at > 0
    slow.finish()
    deadline = 200
    while other.get().distance(ada.pk, ben.pk) is None and deadline:
        threading.Event().wait(live.GAP_RECHECK_SECONDS)
        deadline -= 1
    assert other.get().distance(chidi.pk, dev.pk) == 1
    assert other.get().distance(ada.pk, ben.pk) == 1


def test_a_build_waits_for_running_writers_so_its_watermark_hides_nothing(members):
    ada, ben, chidi, dev = members
    _index()
    slow = SlowWriter(ada, ben, commit=True).start()
    _connect(chidi, dev)  # the newest log row: the build's watermark
    built: list = []

    def build() -> None:
        built.append(source.build_from_database(persistent=True))
        connection.close()

    builder = threading.Thread(target=build)
    builder.start()
    builder.join(0.3)
    assert builder.is_alive(), "the build read the table while a writer below its watermark ran"
    slow.finish()
    builder.join(10)
    index = built[0]
    assert index.distance(ada.pk, ben.pk) == 1
    assert index.distance(chidi.pk, dev.pk) == 1


def test_writers_hold_the_log_lock_in_share_mode_only(members):
    ada, ben, *_ = members
    with transaction.atomic():
        _connect(ada, ben)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND pid = pg_backend_pid()"
            )
            assert [row[0] for row in cursor.fetchall()] == ["ShareLock"]
        # It names this writer to readers, and nothing else.
        assert source.in_flight() == frozenset()  # (this backend is left out)


def test_a_long_transaction_that_writes_no_connection_holds_nothing_up(members, settings):
    ada, ben, chidi, dev = members
    _index()
    other = live.Live(live.config())
    other.get()
    busy = threading.Event()
    done = threading.Event()

    def long_writer() -> None:
        # A write transaction elsewhere (an import of something else, a long report).
        try:
            with transaction.atomic():
                ada.display_name = "Ada Long"
                ada.save(update_fields=["display_name"])
                busy.set()
                done.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=long_writer)
    thread.start()
    assert busy.wait(10)
    with transaction.atomic():  # a rolled-back change: a gap in the log's ids
        _connect(ben, chidi)
        transaction.set_rollback(True)
    _connect(chidi, dev)
    other.poke()
    try:
        assert other.get().distance(chidi.pk, dev.pk) == 1
    finally:
        done.set()
        thread.join(10)
