"""The labelled corpus the note coach and the message guard learn from (issue 21).

- `notes.jsonl`: invitation notes — default_text, pitch, personalization (low, medium,
  high), an optional `context` (what the platform knows of the two people).
- `messages.jsonl`: first messages after connecting — pitch, automated.

Each line also has `writer` (the style it was written in; "seed" for the first,
hand-picked examples, which have none) and `kind` (e.g. "pitch_price",
"hardneg_earlybird"; what the line was written to be). All text was written for Rapport.

The split is fixed and never tuned on: the first examples kept theirs; every later line
is "test" when the first eight hex digits of the SHA-1 of its text, read as a fraction
of 0xFFFFFFFF, fall below 0.3 (`split_of`), decided when the line was added. Training and
every choice of rule or setting use "dev" only; "test" is reported.

A pitch is the same judgement in a note and in a message, so each capability trains its
pitch judgement on both files' dev splits (`pitch_examples`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTES = HERE / "notes.jsonl"
MESSAGES = HERE / "messages.jsonl"
TEST_SHARE = 0.3


def split_of(text: str) -> str:
    """The split a new line's text falls in (see the module's docstring)."""
    fraction = int(hashlib.sha1(text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF  # noqa: S324
    return "test" if fraction < TEST_SHARE else "dev"


@dataclass(frozen=True)
class PitchExample:
    text: str
    pitch: bool
    writer: str


def pitch_examples(path: Path, split: str = "dev") -> list[PitchExample]:
    """Every line of one file in `split`, with its pitch label only."""
    examples = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("split", "dev") == split:
                examples.append(
                    PitchExample(row["text"], bool(row["pitch"]), row.get("writer", "seed"))
                )
    return examples
