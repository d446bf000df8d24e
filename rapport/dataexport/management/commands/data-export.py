"""`rapport data-export`: a member's copy of their data, for operators.

    rapport data-export build HANDLE [--out FILE]   build a copy now (the member is not
                                                    told); write it to FILE if given
    rapport data-export expire                      expire copies past their date and
                                                    delete their files

`rapport serve` runs `rapport data-export expire` every hour; running it twice does
nothing twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.dataexport import services


class Command(BaseCommand):
    help = "Members' copies of their data: build one for a member, or expire old ones."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="Build a copy of a member's data now.")
        build.add_argument("handle", metavar="HANDLE")
        build.add_argument("--out", metavar="FILE", help="Also write the zip here.")
        sub.add_parser("expire", help="Expire copies past their date; delete their files.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "expire":
            count = services.exports_expire()
            self.stdout.write(f"{count} cop{'y' if count == 1 else 'ies'} expired")
            return
        handle = options["handle"].lstrip("@").lower()
        member = User.objects.filter(handle=handle).first()
        if member is None:
            raise CommandError(f"No member with the handle {options['handle']!r}.")
        export = services.export_for_operator(member=member)
        if options["out"]:
            with export.file.open("rb") as source:
                Path(options["out"]).write_bytes(source.read())
            self.stdout.write(f"wrote {options['out']} ({export.size} bytes)")
        else:
            self.stdout.write(
                f"export {export.pk} stored as {export.file.name} ({export.size} bytes)"
            )
