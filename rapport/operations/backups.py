"""Backups that can be trusted: taken consistently, described by a manifest, verified by
restoring them (`rapport backup`, `rapport backup --verify`, `rapport restore`).

A backup is one directory, `rapport-<UTC time>/`:

- `database.dump` (PostgreSQL: `pg_dump`'s custom format, taken in a snapshot exported
  from the transaction that counted the rows) or `database.sqlite3` (SQLite: the online
  backup API, then counted in the copy itself), so the counts are those of the dump;
- `media.tar`: every uploaded file under MEDIA_ROOT (logos, covers, photos, exports);
- `manifest.json`: when, which database, each file's size and SHA-256, every table's
  row count, and each media file's SHA-256.

Verifying restores the dump into a scratch database (a new PostgreSQL database, or a
copy of the SQLite file), counts every table there and compares, and checks every
checksum; restoring refuses a database that already holds tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3._functions import register as register_django_functions
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
FORMAT = 1


class BackupError(Exception):
    """A backup that cannot be taken, read or restored; the message says why."""


@dataclass
class Verification:
    ok: bool
    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    return dict(connections["default"].settings_dict)


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any], name: str | None = None) -> list[str]:
    args = [f"--dbname={name or db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    return args


def _run(command: list[str], env: dict[str, str]) -> None:
    """Run PostgreSQL's own tool (found on PATH); its arguments come from settings."""
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools).")
    done = subprocess.run(  # noqa: S603 - a fixed tool, arguments from settings
        [tool, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:500]}")


def _tables_of(cursor: Any, vendor: str) -> list[str]:
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor: Any, vendor: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for table in _tables_of(cursor, vendor):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        out[table] = int(cursor.fetchone()[0])
    return out


def _media_tar(target: Path) -> dict[str, str]:
    """Every file under MEDIA_ROOT into one tar; {relative path: sha256}."""
    root = Path(settings.MEDIA_ROOT)
    sums: dict[str, str] = {}
    with tarfile.open(target, "w") as tar:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                relative = path.relative_to(root).as_posix()
                sums[relative] = _sha256(path)
                tar.add(path, arcname=relative, recursive=False)
    return sums


def backup(out_dir: Path, *, now: dt.datetime | None = None) -> Path:
    """Take a backup into a new directory under `out_dir`; returns its path."""
    now = now or timezone.now()
    if connection.in_atomic_block:
        # PostgreSQL's snapshot needs a transaction of its own, and SQLite's backup would
        # wait for ever on the write lock the caller's transaction holds.
        raise BackupError("Take a backup outside any transaction.")
    db = _database()
    vendor = connection.vendor
    target = Path(out_dir) / f"rapport-{now:%Y%m%dT%H%M%SZ}"
    if target.exists():
        raise BackupError(f"{target} exists already.")
    # A backup holds every member's data: readable by the site's own user only.
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    target.mkdir(mode=0o700)
    try:
        if vendor == "postgresql":
            dump, counts = _pg_backup(db, target)
        elif vendor == "sqlite":
            dump, counts = _sqlite_backup(target)
        else:  # pragma: no cover - the project runs on these two
            raise BackupError(f"Backups of {vendor} are not supported.")
        media = _media_tar(target / MEDIA_TAR)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": vendor,
            "files": {
                name: {"bytes": (target / name).stat().st_size, "sha256": _sha256(target / name)}
                for name in (dump.name, MEDIA_TAR)
            },
            "tables": counts,
            "media": media,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        for file in target.iterdir():
            file.chmod(0o600)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _pg_backup(db: dict[str, Any], target: Path) -> tuple[Path, dict[str, int]]:
    """Count the rows and dump the same snapshot: pg_dump joins the snapshot exported by
    the transaction that counted, so a write in between is in neither or in both."""
    dump = target / "database.dump"
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts(cursor, "postgresql")
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                    *_pg_args(db),
                ],
                _pg_env(db),
            )
        finally:
            cursor.execute("COMMIT")
    return dump, counts


def _sqlite_backup(target: Path) -> tuple[Path, dict[str, int]]:
    """SQLite's online backup API copies a consistent database while others write;
    the rows are counted in the copy."""
    dump = target / "database.sqlite3"
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)
        counts = _counts(copy.cursor(), "sqlite")
    finally:
        copy.close()
    return dump, counts


def read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a Rapport backup: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}.")
    return manifest


def _check_files(path: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    for name, expected in manifest["files"].items():
        file = Path(path) / name
        if not file.is_file():
            problems.append(f"{name} is missing")
        elif _sha256(file) != expected["sha256"]:
            problems.append(f"{name} does not match its checksum")
    return problems


def _check_media(path: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    found: dict[str, str] = {}
    with tarfile.open(Path(path) / MEDIA_TAR) as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member)
            if handle is not None:
                found[member.name] = hashlib.sha256(handle.read()).hexdigest()
    for name, digest in manifest["media"].items():
        if found.get(name) != digest:
            problems.append(f"media file {name} is missing or changed")
    return problems


def verify(path: Path) -> Verification:
    """Restore into a scratch database and compare every table's rows and every
    checksum with the manifest; the scratch database is removed afterwards."""
    manifest = read_manifest(path)
    problems = _check_files(path, manifest)
    if problems:
        return Verification(False, problems)
    problems += _check_media(path, manifest)
    if manifest["database"] == "postgresql":
        counts = _pg_scratch_counts(Path(path) / "database.dump")
    else:
        counts = _sqlite_scratch_counts(Path(path) / "database.sqlite3")
    expected: dict[str, int] = manifest["tables"]
    for table in sorted(set(expected) | set(counts)):
        if expected.get(table) != counts.get(table):
            problems.append(
                f"table {table}: {counts.get(table, 'missing')} rows restored, "
                f"{expected.get(table, 'none')} backed up"
            )
    return Verification(
        not problems,
        problems,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(manifest["media"]),
    )


def _pg_connect(db: dict[str, Any], name: str) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=name,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_scratch_counts(dump: Path) -> dict[str, int]:
    import psycopg

    db = _database()
    scratch = f"rapport_verify_{uuid.uuid4().hex[:12]}"
    try:
        with _pg_connect(db, "postgres") as maintenance:
            maintenance.execute(f'CREATE DATABASE "{scratch}"')
    except psycopg.Error as exc:
        raise BackupError(f"No scratch database to verify in (CREATEDB needed): {exc}") from exc
    try:
        restore_args = [*_pg_args(db, scratch), str(dump)]
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *restore_args],
            _pg_env(db),
        )
        with _pg_connect(db, scratch) as restored:
            return _counts(restored.cursor(), "postgresql")
    finally:
        with _pg_connect(db, "postgres") as maintenance:
            maintenance.execute(f'DROP DATABASE IF EXISTS "{scratch}"')


def _sqlite_scratch_counts(file: Path) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "restored.sqlite3"
        shutil.copyfile(file, copy)
        db = sqlite3.connect(copy)
        # The schema's CHECK constraints call Django's SQL functions (REGEXP…): give the
        # plain connection the same ones, or the integrity check cannot evaluate them.
        register_django_functions(db)
        try:
            (check,) = db.execute("PRAGMA integrity_check").fetchone()
            if check != "ok":
                raise BackupError(f"the database file is damaged: {check}")
            return _counts(db.cursor(), "sqlite")
        finally:
            db.close()


def restore(path: Path) -> Verification:
    """Restore a backup into this site's database, which must have no tables yet, and
    its media into MEDIA_ROOT; then check every table's rows against the manifest.

    The media go first and the database in one transaction, so a restore that fails
    leaves the database empty and can simply be run again."""
    manifest = read_manifest(path)
    problems = _check_files(path, manifest)
    if problems:
        raise BackupError("; ".join(problems))
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise BackupError(f"This backup is of {manifest['database']}; this site runs {vendor}.")
    with connection.cursor() as cursor:
        if _tables_of(cursor, vendor):
            raise BackupError("The database is not empty: restore only into a new one.")
    media = Path(settings.MEDIA_ROOT)
    try:
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(Path(path) / MEDIA_TAR) as tar:
            tar.extractall(media, filter="data")  # no absolute paths, links or devices
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"The media could not be restored: {exc}") from exc
    db = _database()
    if vendor == "postgresql":
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", *_pg_args(db), str(Path(path) / "database.dump")],
            _pg_env(db),
        )  # fmt: skip
    else:
        backup_db = sqlite3.connect(Path(path) / "database.sqlite3")
        try:
            connection.ensure_connection()
            backup_db.backup(connection.connection)  # all at once, or not at all
        except sqlite3.Error as exc:
            raise BackupError(f"The database could not be restored: {exc}") from exc
        finally:
            backup_db.close()
    with connection.cursor() as cursor:
        counts = _counts(cursor, vendor)
    expected = manifest["tables"]
    problems = [
        f"table {t}: {counts.get(t)} rows, {expected.get(t)} backed up"
        for t in sorted(set(expected) | set(counts))
        if counts.get(t) != expected.get(t)
    ]
    problems += _check_restored_media(media, manifest)
    return Verification(
        not problems, problems, len(counts), sum(counts.values()), len(manifest["media"])
    )


def _check_restored_media(media: Path, manifest: dict[str, Any]) -> list[str]:
    return [
        f"media file {name} did not come back"
        for name, digest in manifest["media"].items()
        if not (media / name).is_file() or _sha256(media / name) != digest
    ]
