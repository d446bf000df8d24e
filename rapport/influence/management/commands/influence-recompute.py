"""`rapport influence-recompute [HANDLE …]`: everyone's score (the daily job), or some."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.influence.services import influence_recompute, influence_recompute_all


class Command(BaseCommand):
    help = "Recompute influence scores: every member's (ranked together), or the named ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("handles", nargs="*")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if not options["handles"]:
            n = influence_recompute_all()
            self.stdout.write(f"Scored {n:,} members in {time.monotonic() - started:.1f}s.")
            return
        for handle in options["handles"]:
            member = User.objects.filter(handle__iexact=handle, is_active=True).first()
            if member is None:
                raise CommandError(f"No active member @{handle}.")
            found = influence_recompute(member=member)
            self.stdout.write(f"@{member.handle}: {found.score}")
