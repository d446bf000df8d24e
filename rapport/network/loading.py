"""Bulk-loading an existing community's connections: `rapport graph load EDGES.csv`.

Each line names two members by handle or email. The file is streamed in batches:
identifiers are resolved with one query per batch (and remembered), unknown ones
are reported and skipped or — with `create_missing` — become members, and pairs
are inserted with `INSERT … ON CONFLICT DO NOTHING`, so a re-run adds nothing.
The rows bypass `connection_create` (no notifications, no per-row log entry):
afterwards one bulk marker in the change log tells every index to rebuild, and the
load rebuilds this machine's snapshot itself.
"""

from __future__ import annotations

import csv
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.services import AccountError, handle_validate
from rapport.accounts.signals import members_created_in_bulk
from rapport.network.models import Connection, ConnectionSource

BATCH = 10_000
# Members created from a bare handle get an address that can never receive mail.
IMPORTED_EMAIL_DOMAIN = "imported.invalid"
HEADER_WORDS = frozenset(
    {"a", "b", "source", "target", "from", "to", "member", "other", "handle", "email", "src", "dst"}
)
UNKNOWN_SHOWN = 20


@dataclass
class LoadReport:
    lines: int = 0
    pairs: int = 0
    self_pairs: int = 0
    malformed: int = 0
    unknown: set[str] = field(default_factory=set)
    created: int = 0
    connections_before: int = 0
    connections_after: int = 0

    @property
    def added(self) -> int:
        return self.connections_after - self.connections_before


def _lines(lines: Iterable[str], progress: Callable[[int], None] | None) -> Iterator[str]:
    for line in lines:
        if progress is not None:
            progress(len(line))
        yield line


def _is_header(row: list[str]) -> bool:
    """A first line of column names rather than members: words no identifier uses."""
    return all(
        cell in HEADER_WORDS or not (re.fullmatch(r"[a-z0-9-]+", cell) or "@" in cell)
        for cell in row
    )


def _handle_base(email: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", email.split("@", 1)[0]).strip("-")[:24].strip("-")
    return base or "member"


class _Members:
    """Identifier → member id, resolved a batch at a time and remembered."""

    def __init__(self, create_missing: bool, report: LoadReport) -> None:
        self.ids: dict[str, int] = {}
        self.create_missing = create_missing
        self.report = report

    def resolve(self, identifiers: set[str]) -> None:
        todo = identifiers - self.ids.keys() - self.report.unknown
        if not todo:
            return
        emails = [i for i in todo if "@" in i]
        handles = [i for i in todo if "@" not in i]
        for start in range(0, len(emails), BATCH):
            rows = User.objects.filter(email__in=emails[start : start + BATCH])
            self.ids.update(rows.values_list("email", "pk"))
        for start in range(0, len(handles), BATCH):
            rows = User.objects.filter(handle__in=handles[start : start + BATCH])
            self.ids.update(rows.values_list("handle", "pk"))
        missing = sorted(todo - self.ids.keys())
        if missing and self.create_missing:
            self._create(missing)
        self.report.unknown.update(i for i in missing if i not in self.ids)

    def _create(self, identifiers: list[str]) -> None:
        """Accounts as `account_create` makes them (unusable password, lowercase email,
        a valid free handle), each with an empty profile, in one transaction."""
        wanted: dict[str, tuple[str, str, str]] = {}  # identifier → (email, handle, name)
        for ident in identifiers:
            if "@" in ident:
                try:
                    validate_email(ident)
                except ValidationError:
                    continue
                wanted[ident] = (ident, "", ident.split("@", 1)[0][:100])
            else:
                try:
                    handle = handle_validate(ident)
                except AccountError:
                    continue
                wanted[ident] = (f"{handle}@{IMPORTED_EMAIL_DOMAIN}", handle, handle)
        self._assign_handles(wanted)
        users = []
        for email, handle, name in wanted.values():
            # What set_unusable_password stores, from one token instead of 40 draws.
            password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
            users.append(User(email=email, handle=handle, display_name=name, password=password))
        # members sits above network, so network may not import it: the model is looked
        # up by name, and the row is the same empty profile `member_sign_up` creates.
        profile = apps.get_model("members", "Profile")
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=2_000)
            profile.objects.bulk_create([profile(member_id=u.pk) for u in users], batch_size=2_000)
            members_created_in_bulk.send(sender=User, ids=[u.pk for u in users])
        for ident, user in zip(wanted, users, strict=True):
            self.ids[ident] = user.pk
        self.report.created += len(users)

    def _assign_handles(self, wanted: dict[str, tuple[str, str, str]]) -> None:
        """Free handles for members known only by email: the address's local part,
        with -2, -3 … when it is taken."""
        taken = {h for _, h, _ in wanted.values() if h}
        bases = {ident: _handle_base(ident) for ident, (_, h, _) in wanted.items() if not h}
        taken |= set(
            User.objects.filter(handle__in=set(bases.values())).values_list("handle", flat=True)
        )
        for ident, base in bases.items():
            candidate = base
            if candidate in taken or candidate in _reserved():
                siblings = set(
                    User.objects.filter(handle__startswith=f"{base}-").values_list(
                        "handle", flat=True
                    )
                )
                n = 2
                while (candidate := f"{base}-{n}") in taken or candidate in siblings:
                    n += 1
            taken.add(candidate)
            email, _, name = wanted[ident]
            wanted[ident] = (email, candidate, name)


def _reserved() -> frozenset[str]:
    from rapport.accounts.services import RESERVED_HANDLES

    return RESERVED_HANDLES


def _insert(pairs: set[tuple[int, int]]) -> None:
    """Insert the pairs, skipping those that exist: `ON CONFLICT DO NOTHING` on the
    pair's unique constraint. Plain SQL, because building 10,000 model instances per
    batch costs more than the database's work (27 µs a row against 3 µs)."""
    table = connection.ops.quote_name(Connection._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    ordered = sorted(pairs)
    # One transaction per batch: outside one, SQLite would commit every row.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (member_low_id, member_high_id, source, created_at) "  # noqa: S608 (a model's table name)
                "SELECT low, high, %s, %s FROM unnest(%s::bigint[], %s::bigint[]) AS p(low, high) "
                "ON CONFLICT DO NOTHING",
                [
                    ConnectionSource.IMPORT,
                    now,
                    [lo for lo, _ in ordered],
                    [hi for _, hi in ordered],
                ],
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} (member_low_id, member_high_id, source, created_at) "  # noqa: S608 (a model's table name)
                "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
                [(lo, hi, ConnectionSource.IMPORT, now) for lo, hi in ordered],
            )


def connections_load(
    lines: Iterable[str],
    *,
    create_missing: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Insert the connections the lines name; see the module docstring. Does not
    write the change log: call `connections_changed_in_bulk` afterwards."""
    if connection.vendor == "sqlite":
        # A bigger page cache for this connection: the pair indexes of a big table do
        # not fit SQLite's default 2 MB, and every insert probes them.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    report = LoadReport(connections_before=Connection.objects.count())
    members = _Members(create_missing, report)
    reader = csv.reader(_lines(lines, progress))
    batch: list[tuple[str, str]] = []
    for row in reader:
        report.lines += 1
        cells = [c.strip().lower() for c in row if c.strip()]
        if not cells:
            continue
        if len(cells) != 2:
            report.malformed += 1
            continue
        if report.lines == 1 and _is_header(cells):
            continue
        batch.append((cells[0], cells[1]))
        if len(batch) >= BATCH:
            _load_batch(batch, members, report)
            batch = []
    if batch:
        _load_batch(batch, members, report)
    report.connections_after = Connection.objects.count()
    return report


def _load_batch(batch: list[tuple[str, str]], members: _Members, report: LoadReport) -> None:
    members.resolve({i for pair in batch for i in pair})
    ids = members.ids
    pairs: set[tuple[int, int]] = set()
    for a, b in batch:
        x = ids.get(a)
        y = ids.get(b)
        if x is None or y is None:
            continue
        if x == y:
            report.self_pairs += 1
            continue
        pairs.add((x, y) if x < y else (y, x))
        report.pairs += 1
    if pairs:
        _insert(pairs)
