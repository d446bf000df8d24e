"""`rapport backup [--out DIR]` and `rapport backup --verify PATH` (docs/operations.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from rapport.operations import backups


class Command(BaseCommand):
    help = "Write a consistent backup (database, media, manifest), or verify one by restoring it."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="Directory to write the backup into (default: var/backups).",
        )
        parser.add_argument(
            "--verify",
            metavar="PATH",
            help="Restore PATH into a scratch database and compare it with its manifest.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["verify"]:
                result = backups.verify(Path(options["verify"]))
                for problem in result.problems:
                    self.stderr.write(problem)
                if not result.ok:
                    sys.exit(1)
                self.stdout.write(
                    f"verified: {result.tables} tables, {result.rows:,} rows and "
                    f"{result.files} media files match the manifest"
                )
                return
            path = backups.backup(Path(options["out"]))
        except backups.BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(str(path))
