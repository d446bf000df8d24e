"""`rapport restore PATH`: a backup into this site's new, empty database (docs/operations.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.operations import backups


class Command(BaseCommand):
    help = "Restore a backup into an empty database and its media into MEDIA_ROOT."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backups.restore(Path(options["path"]))
        except backups.BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        for problem in result.problems:
            self.stderr.write(problem)
        if not result.ok:
            sys.exit(1)
        self.stdout.write(
            f"restored: {result.tables} tables, {result.rows:,} rows, {result.files} media files"
        )
