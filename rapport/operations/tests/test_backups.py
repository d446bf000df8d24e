"""Backups of a demo community come back whole: every table's rows and every file, on
the database the suite runs on (SQLite or PostgreSQL); a damaged backup says what is wrong;
a restore goes only into an empty database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from rapport.operations import backups

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def community(media_root):
    call_command("demo", members=60, seed=7, without_activity=True, stdout=StringIO())
    default_storage.save("logos/harbor.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"x" * 300))
    default_storage.save("covers/a/b.webp", ContentFile(b"RIFF" + os.urandom(500)))
    with connection.cursor() as cursor:
        return backups._counts(cursor, connection.vendor)


def test_a_backup_holds_every_table_and_file_and_verifies_by_restoring(community, tmp_path):
    path = backups.backup(tmp_path / "out")
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["database"] == connection.vendor
    assert manifest["tables"] == community  # the counts are the dump's own
    assert community["accounts_user"] >= 60 and community["network_connection"] > 0
    assert set(manifest["media"]) == {"logos/harbor.png", "covers/a/b.webp"}
    result = backups.verify(path)
    assert result.ok, result.problems
    assert result.tables == len(community) and result.rows == sum(community.values())
    assert result.files == 2
    # Every member's data is in it: the site's own user alone may read it.
    assert path.stat().st_mode & 0o777 == 0o700
    assert {f.stat().st_mode & 0o777 for f in path.iterdir()} == {0o600}


def test_a_backup_is_refused_inside_a_transaction(community, tmp_path):
    from django.db import transaction

    with transaction.atomic(), pytest.raises(backups.BackupError, match="outside"):
        backups.backup(tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_damaged_backup_is_reported_and_not_restored(community, tmp_path):
    path = backups.backup(tmp_path / "out")
    tar = path / backups.MEDIA_TAR
    data = bytearray(tar.read_bytes())
    data[600] ^= 0xFF
    tar.write_bytes(bytes(data))
    result = backups.verify(path)
    assert not result.ok and result.problems == ["media.tar does not match its checksum"]
    with pytest.raises(backups.BackupError, match="checksum"):
        backups.restore(path)


def test_a_restore_refuses_a_database_that_holds_tables(community, tmp_path):
    path = backups.backup(tmp_path / "out")
    with pytest.raises(backups.BackupError, match="not empty"):
        backups.restore(path)


def _empty_database(tmp_path: Path) -> tuple[str, Callable[[], None]]:
    """A new, empty database of the suite's kind: its URL, and how to remove it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    settings_dict = connection.settings_dict
    name = f"rapport_restore_{uuid.uuid4().hex[:10]}"
    with backups._pg_connect(settings_dict, "postgres") as maintenance:
        maintenance.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with backups._pg_connect(settings_dict, "postgres") as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{name}", drop


def test_rapport_restore_brings_back_every_table_and_file_into_a_new_site(community, tmp_path):
    path = backups.backup(tmp_path / "out")
    url, drop = _empty_database(tmp_path)
    media = tmp_path / "restored-media"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "RAPPORT_VAR_DIR": str(tmp_path / "var"),
        "RAPPORT_GRAPH_DIR": str(tmp_path / "graph"),
    }
    try:
        done = subprocess.run(  # noqa: S603 - this interpreter, the project's own command
            [sys.executable, "-m", "rapport.cli", "restore", str(path)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"restored: {len(community)} tables" in done.stdout
        assert (media / "logos/harbor.png").read_bytes().startswith(b"\x89PNG")
        assert (media / "covers/a/b.webp").stat().st_size == 504
        again = subprocess.run(  # noqa: S603 - as above
            [sys.executable, "-m", "rapport.cli", "restore", str(path)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert again.returncode == 1 and "not empty" in again.stderr
    finally:
        drop()


def test_a_table_that_does_not_come_back_whole_is_named(community, tmp_path):
    path = backups.backup(tmp_path / "out")
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["tables"]["accounts_user"] += 1  # as if a row had been lost on the way
    (path / "manifest.json").write_text(json.dumps(manifest))
    result = backups.verify(path)
    users = community["accounts_user"]
    assert result.problems == [f"table accounts_user: {users} rows restored, {users + 1} backed up"]
