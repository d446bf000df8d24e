"""`rapport analyze-note`: the note coach from the command line.

    rapport analyze-note "Hi Sarah, we met at PyCon…"            reasons, for people
    rapport analyze-note --json --recipient "Sarah Chen" "…"     one JSON object
    rapport analyze-note --jsonl < notes.jsonl                    one JSON object per line

With --jsonl each input line is {"text": …} plus, optionally, the context fields
(recipient_name, sender_name, mutual_names, shared_employers, shared_schools,
shared_groups), at the top level or under "context". Output keeps the input's order, one
line per input line, flushed as it goes; a line that cannot be read yields
{"error": "note.bad_line", …} and the command carries on.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.core.jsonl import answer_lines, bad_line, text_row
from rapport.invitations.coach import NoteContext, analyze_note
from rapport.invitations.coach.evaluation import context_from


class Command(BaseCommand):
    help = "Analyse an invitation note: default text, sales pitch, personalization and why."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="?", help="The note to analyse.")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="Print one JSON object.")
        output.add_argument(
            "--jsonl",
            action="store_true",
            help='Read JSON lines {"text": …} on standard input; write one JSON object per line.',
        )
        parser.add_argument("--recipient", default="", help="The recipient's display name.")
        parser.add_argument("--sender", default="", help="The sender's display name.")
        parser.add_argument("--mutual", action="append", default=[], help="A mutual connection.")
        parser.add_argument("--employer", action="append", default=[], help="A shared employer.")
        parser.add_argument("--school", action="append", default=[], help="A shared school.")
        parser.add_argument("--group", action="append", default=[], help="A shared group/event.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            if options["text"] is not None:
                raise CommandError("Give either the note text or --jsonl, not both.")
            self._lines(options.get("stdin") or sys.stdin)
            return
        if options["text"] is None:
            raise CommandError(
                'Give the note text (rapport analyze-note "Hi …"), or --jsonl to read JSON lines.'
            )
        context = NoteContext(
            recipient_name=options["recipient"],
            sender_name=options["sender"],
            mutual_names=tuple(options["mutual"]),
            shared_employers=tuple(options["employer"]),
            shared_schools=tuple(options["school"]),
            shared_groups=tuple(options["group"]),
        )
        analysis = analyze_note(options["text"], context)
        if options["json"]:
            self.stdout.write(json.dumps(analysis.as_dict(), ensure_ascii=False))
            return
        verdicts = [
            "default text" if analysis.default_text else "not default text",
            "reads as a sales pitch" if analysis.pitch else "no sales pitch",
            f"personalization {analysis.personalization}/100 ({analysis.band})",
        ]
        self.stdout.write(", ".join(verdicts).capitalize())
        for reason in analysis.reasons:
            self.stdout.write(f"  · {reason}")
        if analysis.missing and analysis.band != "high":
            self.stdout.write("To make it more personal: " + "; ".join(analysis.missing) + ".")

    def _lines(self, stdin: TextIO) -> None:
        answer_lines(stdin, self.stdout, _analyse_line)


def _analyse_line(line: str, number: int) -> dict[str, Any]:
    """One input line's answer: the analysis, or a `note.bad_line` error saying what to fix."""
    row = text_row(line, number, "note.bad_line")
    context_fields = row.get("context", row)
    if not isinstance(context_fields, dict):
        return bad_line("note.bad_line", number, f'Line {number}: "context" must be an object.')
    try:
        context = context_from(context_fields)
    except ValueError as error:
        return bad_line("note.bad_line", number, f"Line {number}: {error}.")
    return analyze_note(row["text"], context).as_dict()
