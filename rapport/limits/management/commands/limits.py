"""`rapport limits show [--json]` and `rapport limits set NAME VALUE [--reason …]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.core.errors import RapportError
from rapport.limits.selectors import limit_rows
from rapport.limits.services import limits_set


class Command(BaseCommand):
    help = "Show every limit with its value and source, or set one (validated and audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Every limit, its value, default and source.")
        show.add_argument("--json", action="store_true", help="One JSON object per limit.")
        change = sub.add_parser("set", help="Change one limit.")
        change.add_argument("name")
        change.add_argument("value")
        change.add_argument("--reason", default="", help="Why, for the audit log.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            for row in limit_rows():
                if options["json"]:
                    line = {
                        "name": row.name,
                        "value": row.value,
                        "default": row.limit.default,
                        "unit": row.limit.unit,
                        "minimum": row.limit.minimum,
                        "maximum": row.limit.maximum,
                        "source": row.source,
                        "env": row.limit.env,
                        "says": row.limit.says,
                    }
                    self.stdout.write(json.dumps(line))
                else:
                    mark = "" if row.source == "default" else f"  ({row.source})"
                    self.stdout.write(f"{row.name} = {row.shown} {row.limit.unit}{mark}")
            return
        try:
            changed = limits_set(
                by=None, changes={options["name"]: options["value"]}, reason=options["reason"]
            )
        except RapportError as exc:
            raise CommandError(exc.message) from exc
        if not changed:
            self.stdout.write(f"{options['name']} already is {options['value']}; nothing changed")
        for name, (old, new) in changed.items():
            self.stdout.write(f"{name}: {old:g} → {new:g}")
