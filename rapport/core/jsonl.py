"""JSON lines in, JSON lines out: the shape of every `--jsonl` command.

One answer per input line, in order, flushed as it goes, so a caller can stream; a
line that cannot be read gets an error object with a stable code and the command
carries on with the next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO


def bad_line(code: str, number: int, message: str) -> dict[str, Any]:
    return {"error": code, "line": number, "message": message}


class BadLine(Exception):
    """A line that cannot be answered; `answer` is the error object to write for it."""

    def __init__(self, answer: dict[str, Any]) -> None:
        super().__init__(answer["message"])
        self.answer = answer


def text_row(line: str, number: int, code: str) -> dict[str, Any]:
    """The line as an object with a string "text"; else `BadLine` saying what to fix."""
    if not line.strip():
        raise BadLine(bad_line(code, number, f'Line {number} is empty; expected {{"text": …}}.'))
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        message = f'Line {number} is not JSON ({error.msg}); expected {{"text": …}}.'
        raise BadLine(bad_line(code, number, message)) from error
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        message = f'Line {number} needs an object with a string "text" field.'
        raise BadLine(bad_line(code, number, message))
    return row


def answer_lines(stdin: TextIO, out: Any, answer: Callable[[str, int], dict[str, Any]]) -> None:
    """Write `answer(line, number)` as one JSON line per input line, flushing each; a
    `BadLine` becomes its error object and the next line is read."""
    for number, line in enumerate(stdin, start=1):
        try:
            result = answer(line, number)
        except BadLine as bad:
            result = bad.answer
        out.write(json.dumps(result, ensure_ascii=False))
        out.flush()
