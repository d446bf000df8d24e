"""`rapport trust-recompute [HANDLE …]`: recompute stored trust from the facts.

Scores follow events through jobs; this is for a backfill (after an import, or after
the scoring rules changed) and for checking one member's view by hand.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.trust.services import trust_recompute, trust_recompute_stale
from rapport.trust.services.refresh import trust_drain_if_marked


class Command(BaseCommand):
    help = "Recompute trust scores for the given members (by handle), or for everyone."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("handles", nargs="*", help="Members to recompute (default: all).")
        parser.add_argument(
            "--stale-hours",
            type=int,
            help="Only members whose scores are older than this (run nightly with 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handles = options["handles"]
        if options["stale_hours"] is not None:
            if handles or options["stale_hours"] < 1:
                raise CommandError("--stale-hours takes a whole number of hours, without handles.")
            hours = options["stale_hours"]
            count = trust_recompute_stale(older_than=dt.timedelta(hours=hours))
            self.stdout.write(f"recomputed {count} members whose scores were over {hours} h old")
            if trust_drain_if_marked():
                self.stdout.write("queued a drain for pairs still marked stale")
            return
        members = User.objects.filter(is_active=True)
        if handles:
            members = members.filter(handle__in=handles)
            missing = set(handles) - set(members.values_list("handle", flat=True))
            if missing:
                raise CommandError(f"No member with handle {', '.join(sorted(missing))}.")
        start = time.perf_counter()
        count = written = 0
        for member in members.order_by("pk").iterator():
            written += trust_recompute(member=member)
            count += 1
        took = time.perf_counter() - start
        self.stdout.write(f"recomputed {written} scores for {count} members in {took:.1f} s")
