"""`rapport contacts`: address books from the command line.

    rapport contacts parse FILE [--json]     what a file contains; never touches the database
    rapport contacts import HANDLE FILE      import into a member's contacts (tqdm progress)
    rapport contacts export HANDLE --format linkedin|google|vcard [--output FILE]

`parse` prints `{"format": …, "contacts": […]}` (duplicates within the file
merged); on a bad file it prints `{"error": code, "message": …, "line": N|null}`
and exits with status 2, having read nothing into anything.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rapport.contacts.parsing import MAX_BYTES, ContactsFileError, parse_bytes


def read_file(path: str) -> bytes:
    """At most one byte past the limit, so a huge file is refused without being read whole."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ContactsFileError(
            f"{path}: {exc.strerror or exc}.", code="contacts.unreadable"
        ) from exc


class Command(BaseCommand):
    help = "Parse, import and export address books (LinkedIn, Google, Outlook, vCard)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="Print what FILE contains, as JSON.")
        parse.add_argument("file")
        parse.add_argument("--json", action="store_true", help="JSON output (the default).")
        imp = sub.add_parser("import", help="Import FILE into HANDLE's contacts.")
        imp.add_argument("handle")
        imp.add_argument("file")
        exp = sub.add_parser("export", help="Write HANDLE's connections to standard output.")
        exp.add_argument("handle")
        exp.add_argument("--format", choices=["linkedin", "google", "vcard"], default="linkedin")
        exp.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "parse":
                result = parse_bytes(read_file(options["file"]), parallel=True)
                self._print(result.as_json())
                return
            from rapport.contacts.management import cli_db

            if action == "import":
                self._print(
                    cli_db.import_file(options["handle"], read_file(options["file"]), self.stderr)
                )
            else:
                text = cli_db.export(options["handle"], options["format"])
                if options.get("output"):
                    Path(options["output"]).write_text(text, encoding="utf-8", newline="")
                else:
                    self.stdout.write(text, ending="")
        except ContactsFileError as exc:
            self._print(exc.as_dict())
            sys.exit(2)

    def _print(self, value: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(value, ensure_ascii=False))
