"""`rapport classify-message`: the first-contact guard's classifier from the command line.

    rapport classify-message "Hi {first_name}, do you have 15 minutes?"   reasons, for people
    rapport classify-message --json "…"                                  one JSON object
    rapport classify-message --jsonl < messages.jsonl                    one JSON object per line

Each answer has `pitch` and `automated` (bools), `scores` per class (0–1), `reasons`
(with the phrases that triggered them) and the raw `signals`. Bulk sending depends on the
sender's history, not the text, so it is not judged here. With --jsonl each input line is
{"text": …}; output keeps the input's order, one line per input line, flushed as it goes;
a line that cannot be read yields {"error": "message.bad_line", …} and the command carries on.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.conversations.guard import classify_message, suggestions_for
from rapport.core.jsonl import answer_lines, text_row


class Command(BaseCommand):
    help = "Classify a message as the first-contact guard would: pitch, automated, and why."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", help="The message to classify.")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="Print one JSON object.")
        output.add_argument(
            "--jsonl",
            action="store_true",
            help='Read JSON lines {"text": …} on standard input; write one JSON object per line.',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            if options["text"] is not None:
                raise CommandError("Give either the message text or --jsonl, not both.")
            self._lines(options.get("stdin") or sys.stdin)
            return
        if options["text"] is None:
            raise CommandError(
                'Give the message text (rapport classify-message "Hi …"), '
                "or --jsonl to read JSON lines."
            )
        verdict = classify_message(options["text"])
        if options["json"]:
            self.stdout.write(json.dumps(verdict.as_dict(), ensure_ascii=False))
            return
        if not verdict.flagged:
            self.stdout.write(
                f"Not flagged (pitch {verdict.scores['pitch']:.2f}, "
                f"automated {verdict.scores['automated']:.2f})"
            )
            return
        self.stdout.write("Flagged: " + ", ".join(verdict.flags))
        for reason in verdict.reasons:
            self.stdout.write(f"  · {reason}")
        for suggestion in suggestions_for(verdict.flags):
            self.stdout.write(f"Suggestion: {suggestion}")

    def _lines(self, stdin: TextIO) -> None:
        answer_lines(stdin, self.stdout, _classify_line)


def _classify_line(line: str, number: int) -> dict[str, Any]:
    """One input line's answer: the verdict, or a `message.bad_line` error saying what to fix."""
    return classify_message(text_row(line, number, "message.bad_line")["text"]).as_dict()
