"""`rapport influence HANDLE [--json]`: a member's score, its parts and what moved it."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.influence.api import influence_out
from rapport.influence.reasons import with_points
from rapport.influence.selectors import influence_of


class Command(BaseCommand):
    help = "Show a member's influence score, its parts and this week's reasons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("handle")
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        member = User.objects.filter(handle__iexact=options["handle"]).first()
        if member is None:
            raise CommandError(f"No member @{options['handle']}.")
        view = influence_of(member)
        if options["json"]:
            self.stdout.write(json.dumps(influence_out(view), ensure_ascii=False))
            return
        self.stdout.write(
            f"@{member.handle}: {view.score} / 100 (change this week {view.change:+d})"
        )
        for part in view.parts:
            self.stdout.write(f"  {part.label} ({part.share}%): {part.sentence}")
        for line in with_points(view.reasons):
            self.stdout.write(f"  {line}")
