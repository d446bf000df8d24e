"""`rapport worker`: runs background jobs stored in the database (django-tasks-db)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run background jobs from the database queue until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs that are waiting, then exit."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls of the queue."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "db_worker",
            batch=options["batch"],
            interval=options["interval"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
