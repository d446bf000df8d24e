"""`rapport introductions-housekeeping`: time out hops that did not answer; run hourly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.trust.services import introductions_expire
from rapport.trust.tasks import introductions_housekeeping


class Command(BaseCommand):
    help = "Time out introduction requests whose current hop did not answer in time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the job for `rapport worker` instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            self.stdout.write(f"queued job {introductions_housekeeping.enqueue().id}")
            return
        self.stdout.write(f"timed out {introductions_expire()} introduction requests")
