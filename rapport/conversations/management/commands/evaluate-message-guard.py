"""`rapport evaluate-message-guard`: precision and recall per class on the labelled messages.

rapport evaluate-message-guard                  the dev split (the one rules are tuned on)
rapport evaluate-message-guard --split test     the held-out split
rapport evaluate-message-guard --data other.jsonl --split all --json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.conversations.guard.evaluation import (
    DATA,
    SPLITS,
    evaluate,
    format_report,
    load_examples,
)


class Command(BaseCommand):
    help = "Measure the first-contact guard on labelled messages: precision, recall, F1 per class."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--split", choices=SPLITS, default="dev", help="Which messages (dev).")
        parser.add_argument(
            "--data", type=Path, default=DATA, help="A JSONL file of labelled messages."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-mistakes", action="store_true", help="Leave out the misclassified messages."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            examples = load_examples(options["split"], options["data"])
        except FileNotFoundError as error:
            raise CommandError(f"No labelled messages at {options['data']}.") from error
        except (ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the labelled messages: {error}") from error
        report = evaluate(examples, options["split"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(report, show_mistakes=not options["no_mistakes"]))
