"""Snapshots: mapped at start-up without a rebuild; corrupt or stale ones are rebuilt."""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.accounts.tests.factories import make_member
from rapport.network import graph
from rapport.network.graph import store
from rapport.network.models import Connection, ConnectionChange
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def trio():
    ada, ben, chidi = (make_member(h) for h in ("ada", "ben", "chidi"))
    connection_create(member=ada, other=ben, source="operator", notify=False)
    connection_create(member=ben, other=chidi, source="operator", notify=False)
    return ada, ben, chidi


def _snapshot(graph_dir: Path) -> Path:
    name = store.current_name(graph_dir)
    assert name is not None
    return graph_dir / name


def _reads_connections_table(queries: CaptureQueriesContext) -> bool:
    table = Connection._meta.db_table
    return any(f'"{table}"' in q["sql"] for q in queries.captured_queries)


def _fresh_start(trio) -> tuple[graph.GraphIndex, bool]:
    """What a new process finds, and whether it had to read the connections table."""
    graph.reset()
    with CaptureQueriesContext(connection) as queries:
        index = graph.index()
    ada, _, chidi = trio
    assert index.distance(ada.pk, chidi.pk) == 2  # the answer is right either way
    return index, _reads_connections_table(queries)


def test_start_up_maps_the_snapshot_and_replays_the_log(trio, graph_dir):
    graph.compact()
    ada, _, chidi = trio
    dan = make_member("dan")
    connection_create(member=chidi, other=dan, source="operator", notify=False)
    index, rebuilt = _fresh_start(trio)
    assert not rebuilt
    assert index.source == str(_snapshot(graph_dir))
    assert isinstance(index.indices.base, np.memmap)  # mapped, not copied
    assert index.distance(ada.pk, dan.pk) == 3  # from the log, in the patch


def test_a_corrupt_snapshot_is_detected_and_rebuilt(trio, graph_dir, caplog):
    graph.compact()
    path = _snapshot(graph_dir) / "indices.npy"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="rapport.network.graph"):
        index, rebuilt = _fresh_start(trio)
    assert rebuilt
    assert "checksum does not match" in caplog.text
    assert index.source == str(_snapshot(graph_dir))  # a new, sound one was published
    store.read(graph_dir, _snapshot(graph_dir).name)


def test_a_truncated_snapshot_is_detected_and_rebuilt(trio, graph_dir, caplog):
    graph.compact()
    path = _snapshot(graph_dir) / "indptr.npy"
    with open(path, "r+b") as handle:
        handle.truncate(os.path.getsize(path) // 2)
    with caplog.at_level(logging.WARNING, logger="rapport.network.graph"):
        _, rebuilt = _fresh_start(trio)
    assert rebuilt
    assert "indptr unreadable" in caplog.text


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"format": 99}, "unknown format 99"),
        ({"entries": 5}, "the header says int32[5]"),
        ({"database": "sqlite::elsewhere"}, "written for sqlite::elsewhere"),
        ({"watermark_at": "2001-01-01T00:00:00+00:00"}, "another database's"),
    ],
)
def test_a_snapshot_whose_header_does_not_fit_is_rebuilt(trio, graph_dir, caplog, change, reason):
    graph.compact()
    header = _snapshot(graph_dir) / "header.json"
    header.write_text(json.dumps({**json.loads(header.read_text()), **change}))
    with caplog.at_level(logging.WARNING, logger="rapport.network.graph"):
        _, rebuilt = _fresh_start(trio)
    assert rebuilt
    assert reason in caplog.text


def test_a_snapshot_older_than_the_retained_log_is_rebuilt(trio, graph_dir, settings, caplog):
    settings.RAPPORT_GRAPH_LOG_RETENTION_HOURS = 0
    graph.compact()
    old = graph_dir / "kept-aside"
    shutil.copytree(_snapshot(graph_dir), old)
    ada, ben, chidi = trio
    connection_create(member=ada, other=chidi, source="operator", notify=False)
    dan = make_member("dan")
    connection_create(member=dan, other=chidi, source="operator", notify=False)
    graph.compact()  # prunes the log up to its own watermark
    os.replace(old, graph_dir / "snapshot-old")
    os.symlink("snapshot-old", graph_dir / "link")
    os.replace(graph_dir / "link", graph_dir / store.CURRENT)
    with caplog.at_level(logging.WARNING, logger="rapport.network.graph"):
        graph.reset()
        index = graph.index()
    assert "pruned past it" in caplog.text
    assert index.distance(ada.pk, chidi.pk) == 1
    assert index.distance(ben.pk, dan.pk) == 2


def test_a_process_whose_database_was_emptied_rebuilds(trio, graph_dir):
    ada, ben, _ = trio
    assert graph.index().distance(ada.pk, ben.pk) == 1
    Connection.objects.all().delete()
    ConnectionChange.objects.all().delete()
    assert graph.index().distance(ada.pk, ben.pk) is None


def test_a_bulk_marker_makes_every_index_rebuild(trio, graph_dir):
    from rapport.network.services import connections_changed_in_bulk

    ada, _, chidi = trio
    assert graph.index().distance(ada.pk, chidi.pk) == 2
    low, high = sorted((ada.pk, chidi.pk))
    Connection.objects.create(member_low_id=low, member_high_id=high, source="import")
    connections_changed_in_bulk()
    index = graph.index()
    assert index.distance(ada.pk, chidi.pk) == 1
    marker = ConnectionChange.objects.get(member_low_id=0)
    assert index.base_watermark >= marker.pk
