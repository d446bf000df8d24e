"""The process index follows the connections through the change log, across processes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import Conflict, NotFound
from rapport.network import graph
from rapport.network.graph import live, store
from rapport.network.models import ConnectionChange
from rapport.network.services import connection_create, connection_remove
from rapport.network.tests.graph_checks import check_index

ROOT = Path(django_settings.BASE_DIR)
_handles = itertools.count()


def _connect(a, b):
    connection_create(member=a, other=b, source="operator", notify=False)


def test_connecting_and_removing_write_the_change_log(ada, ben):
    _connect(ada, ben)
    connection_remove(member=ben, other=ada)
    low, high = sorted((ada.pk, ben.pk))
    assert list(
        ConnectionChange.objects.order_by("id").values_list(
            "member_low_id", "member_high_id", "added"
        )
    ) == [(low, high, True), (low, high, False)]


def test_a_refused_change_writes_no_log_row(ada, ben):
    _connect(ada, ben)
    with pytest.raises(Conflict):
        _connect(ben, ada)
    connection_remove(member=ada, other=ben)
    with pytest.raises(NotFound):
        connection_remove(member=ada, other=ben)
    assert ConnectionChange.objects.count() == 2


def test_deleting_a_member_logs_the_removal_of_their_connections(ada, ben, chidi):
    _connect(ada, ben)
    _connect(chidi, ada)
    gone = ada.pk
    ada.delete()
    removed = ConnectionChange.objects.filter(added=False)
    assert sorted(removed.values_list("member_low_id", "member_high_id")) == sorted(
        [tuple(sorted((gone, ben.pk))), tuple(sorted((gone, chidi.pk)))]
    )
    assert graph.index().neighbours(ben.pk) == []
    assert graph.index().neighbours(gone) == []


def test_inside_a_transaction_the_index_sees_its_own_changes_and_forgets_a_rollback(
    transactional_db,
):
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    _connect(ada, ben)
    graph.compact()
    with transaction.atomic():
        _connect(ben, chidi)
        assert graph.index().distance(ada.pk, chidi.pk) == 2
        transaction.set_rollback(True)
    assert graph.index().distance(ada.pk, chidi.pk) is None
    assert graph.index().neighbours(ben.pk) == [ada.pk]


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_services_through_the_log_and_compaction():
    members = [make_member(f"g{i}") for i in range(7)]
    ids = [m.pk for m in members]
    model = nx.Graph()
    model.add_nodes_from(ids)

    @hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 6)), max_size=25),
        st.integers(0, 25),
    )
    def run(ops: list[tuple[bool, int, int]], compact_at: int) -> None:
        for step, (add, i, j) in enumerate(ops):
            a, b = members[i], members[j]
            if add and i != j and not model.has_edge(a.pk, b.pk):
                _connect(a, b)
                model.add_edge(a.pk, b.pk)
            elif not add and model.has_edge(a.pk, b.pk):
                connection_remove(member=a, other=b)
                model.remove_edge(a.pk, b.pk)
            if step == compact_at:
                graph.compact()
        index = graph.index()
        assert not connection.in_atomic_block
        check_index(index, model, ids)

    run()
    # Everything the log said is now in one snapshot that a fresh process maps.
    report = graph.compact()
    graph.reset()
    fresh = graph.index()
    assert fresh.source.endswith(str(report["snapshot"]))
    assert fresh.patch_entries == 0
    check_index(fresh, model, ids)


def test_a_second_process_sees_a_change_after_its_refresh_interval(transactional_db, settings):
    ada, ben = make_member("ada"), make_member("ben")
    settings.RAPPORT_GRAPH_REFRESH_SECONDS = 0.3
    other = live.Live(live.config())  # another process's index: same directory, own state
    assert other.get().distance(ada.pk, ben.pk) is None
    _connect(ada, ben)
    assert other.get().distance(ada.pk, ben.pk) is None  # within its interval
    time.sleep(0.35)
    assert other.get().distance(ada.pk, ben.pk) == 1
    # This process committed the change, so it looks at the log at once.
    assert graph.index().distance(ada.pk, ben.pk) == 1


def test_a_process_moves_to_a_snapshot_another_one_wrote(transactional_db):
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    first = graph.index()
    _connect(ada, ben)
    _connect(ben, chidi)
    assert graph.index().patch_entries > 0
    report = graph.compact()
    moved = graph.index()
    assert moved.source != first.source and moved.source.endswith(str(report["snapshot"]))
    assert moved.patch_entries == 0
    assert moved.distance(ada.pk, chidi.pk) == 2


def test_a_big_patch_asks_for_compaction(transactional_db, settings):
    settings.RAPPORT_GRAPH_PATCH_LIMIT = 3
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    graph.index()
    _connect(ada, ben)
    _connect(ben, chidi)
    # The task runs at once in tests; the next read maps the snapshot it wrote.
    assert graph.index().patch_entries == 4
    assert graph.index().patch_entries == 0
    assert graph.index().distance(ada.pk, chidi.pk) == 2


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


CHILD = """
import json, os, sys, time
import django
django.setup()
from django.conf import settings
settings.RAPPORT_GRAPH_DIR = sys.argv[1]
from rapport.network import graph
a, b = int(sys.argv[2]), int(sys.argv[3])
print(json.dumps({"degree": graph.index().distance(a, b)}), flush=True)
sys.stdin.readline()
started = time.monotonic()
while (d := graph.index().distance(a, b)) != 1 and time.monotonic() - started < 5:
    time.sleep(0.01)
print(json.dumps({"degree": d, "seconds": time.monotonic() - started}), flush=True)
"""


def test_another_os_process_sees_a_connection_within_a_second(transactional_db, graph_dir):
    ada, ben = make_member("ada"), make_member("ben")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "RAPPORT_VAR_DIR": str(django_settings.VAR_DIR),
    }
    child = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", CHILD, str(graph_dir), str(ada.pk), str(ben.pk)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert json.loads(child.stdout.readline()) == {"degree": None}
        _connect(ada, ben)
        child.stdin.write("go\n")
        child.stdin.flush()
        seen = json.loads(child.stdout.readline())
    finally:
        child.kill()
        child.wait()
    assert seen["degree"] == 1
    assert seen["seconds"] < 1.0


def test_compaction_refuses_to_run_inside_a_transaction(db):
    with pytest.raises(RuntimeError, match="outside a transaction"):
        graph.compact()


def test_compaction_prunes_only_the_log_its_snapshot_covers(transactional_db, settings):
    settings.RAPPORT_GRAPH_LOG_RETENTION_HOURS = 0
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    _connect(ada, ben)
    _connect(ben, chidi)
    report = graph.compact()
    remaining = list(ConnectionChange.objects.values_list("id", flat=True))
    assert remaining == [report["watermark"]]  # the boundary row stays
    assert report["pruned"] == 1
    name = store.current_name(Path(settings.RAPPORT_GRAPH_DIR))
    assert name is not None and name.startswith(f"snapshot-{report['watermark']:012d}")


def test_inside_a_transaction_a_big_graph_is_mapped_not_read(transactional_db, monkeypatch):
    monkeypatch.setattr(live, "TRANSIENT_BUILD_MAX", 0)
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    _connect(ada, ben)
    graph.compact()
    graph.reset()
    with transaction.atomic():
        _connect(ben, chidi)
        index = graph.index()
        assert index.source.startswith(str(live.config().root))
        assert index.distance(ada.pk, chidi.pk) == 2
        transaction.set_rollback(True)
    assert graph.index().distance(ada.pk, chidi.pk) is None
