"""`rapport evaluate-note-coach`: precision and recall of the note coach on its labelled notes.

rapport evaluate-note-coach                  the dev split (the one rules are tuned on)
rapport evaluate-note-coach --split test     the held-out split
rapport evaluate-note-coach --data other.jsonl --split all --json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.invitations.coach.evaluation import (
    DATA,
    SPLITS,
    evaluate,
    format_report,
    load_examples,
)


class Command(BaseCommand):
    help = "Measure the note coach on its labelled notes: precision, recall, F1, band accuracy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--split", choices=SPLITS, default="dev", help="Which notes (dev).")
        parser.add_argument(
            "--data", type=Path, default=DATA, help="A JSONL file of labelled notes."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-mistakes", action="store_true", help="Leave out the misclassified notes."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            examples = load_examples(options["split"], options["data"])
        except FileNotFoundError as error:
            raise CommandError(f"No labelled notes at {options['data']}.") from error
        except (ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the labelled notes: {error}") from error
        report = evaluate(examples, options["split"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(report, show_mistakes=not options["no_mistakes"]))
