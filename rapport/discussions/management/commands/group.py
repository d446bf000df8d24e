"""`rapport group stats SLUG [--json] [--refresh]` and `rapport group refresh-stats`.

`stats` prints a group's participation figures as the job stored them (with --json,
the same object the API answers to its managers); `--refresh` computes them first.
`refresh-stats` is the routine job: it recomputes every group whose figures are older
than `--older-than-minutes` (run hourly by `rapport serve`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from rapport.discussions import statistics
from rapport.discussions.selectors import stats_for
from rapport.groups.models import Group


class Command(BaseCommand):
    help = (
        "Group statistics: `rapport group stats SLUG [--json] [--refresh]`, "
        "`rapport group refresh-stats`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        stats = sub.add_parser("stats", help="One group's participation statistics.")
        stats.add_argument("slug", help="The group's address name, as in /groups/<slug>/.")
        stats.add_argument("--json", action="store_true", help="As JSON (what the API answers).")
        stats.add_argument("--refresh", action="store_true", help="Compute them now first.")
        refresh = sub.add_parser("refresh-stats", help="Recompute figures older than a while.")
        refresh.add_argument("--older-than-minutes", type=int, default=55)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh-stats":
            minutes = options["older_than_minutes"]
            if minutes < 0:
                raise CommandError("--older-than-minutes is 0 or more.")
            due = statistics.stale_groups(older_than=dt.timedelta(minutes=minutes))
            for each in Group.objects.filter(pk__in=due).order_by("pk").iterator():
                statistics.refresh(each)
            self.stdout.write(f"statistics of {len(due)} group{'s' * (len(due) != 1)} refreshed")
            return
        group = Group.objects.filter(slug=options["slug"]).first()
        if group is None:
            raise CommandError(f"No group {options['slug']!r}.")
        if options["refresh"] or stats_for(group, full=True) is None:
            statistics.refresh(group)
        shown = stats_for(group, full=True)
        assert shown is not None
        if options["json"]:
            out = {"group": group.slug, "took_seconds": shown.took, **shown.figures}
            self.stdout.write(json.dumps(out, cls=DjangoJSONEncoder, indent=2))
            return
        self.stdout.write(
            f"{group.name} — {shown.figures['members']} members "
            f"(computed {shown.computed_at:%Y-%m-%d %H:%M} UTC)"
        )
        for days, b in shown.breakdown_rows:
            p = b["percent"]
            self.stdout.write(
                f"  last {days} days: creators {p['creators']} %, contributors "
                f"{p['contributors']} %, readers {p['readers']} %, lurkers {p['lurkers']} % "
                "(rule: 1 / 9 / 90)"
            )
        q = shown.figures["questions"]
        self.stdout.write(
            f"  questions (90 days): {q['answered_90']} of {q['asked_90']} answered; "
            f"{q['unanswered']} waiting"
        )
