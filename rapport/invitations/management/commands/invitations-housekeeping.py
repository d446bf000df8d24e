"""`rapport invitations-housekeeping`: run from cron (e.g. hourly), or enqueue for the worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.invitations.services import invitations_expire_due
from rapport.invitations.tasks import invitations_housekeeping
from rapport.limits.services import restrictions_lift_due, sanctions_end_due


class Command(BaseCommand):
    help = (
        "Expire old invitations, lift restrictions whose time has come and give suspended "
        "accounts back at the end of their suspension."
    )

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
        lifted = restrictions_lift_due()
        ended = sanctions_end_due()
        self.stdout.write(
            f"expired {expired} invitations, lifted {lifted} restrictions, "
            f"ended {ended} suspensions"
        )
