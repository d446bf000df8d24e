"""`rapport invitations-housekeeping`: run from cron (e.g. hourly), or enqueue for the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.invitations.services import invitations_expire_due, standings_lift_due
from rapport.invitations.tasks import invitations_housekeeping


class Command(BaseCommand):
    help = "Expire old invitations and lift restrictions whose time has come."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for `rapport worker` instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = invitations_housekeeping.enqueue()
            self.stdout.write(f"queued job {result.id}")
            return
        expired = invitations_expire_due()
        lifted = standings_lift_due()
        self.stdout.write(f"expired {expired} invitations, lifted {lifted} restrictions")
