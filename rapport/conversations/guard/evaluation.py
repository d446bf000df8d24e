"""Measuring the guard against its labelled messages (rapport/core/corpus/messages.jsonl).

Each line: {"id", "text", "pitch": bool, "automated": bool, "split": "dev"|"test"}. The
split was fixed by a hash of the text (sha1, 30 % test) when the file was written, before
any rule was tuned; rules are tuned on "dev" and "test" is only reported.

How the messages are labelled:

- pitch — the message sells the reader something (a product, a service, a paid course,
  an investment, a mass recruiter's "exciting opportunity"), asks for a sales call or demo,
  or leads with the sender's achievements to set one up. A veiled opener counts when it
  says what the sender sells ("we're building a solution in this space").
  Not a pitch: asking for advice, a referral or an interview; a peer offering free help;
  an invitation to a free community event; a specific, personal job lead (a hiring
  manager or recruiter naming the role and why this person — the reader asked for
  nothing, but they are offered a job, not sold to); thanks for a demo or a discount the
  *reader* gave.
- automated — the text shows nobody wrote it to this reader: a merge slot left unfilled
  or broken ("Hi ,", "{first_name}", "[Company]", "Hi undefined", unspun spintax), or a
  message that is nothing but stock courtesy about the new connection ("Thanks for
  following! Let me know if I can help!"). A thank-you followed by anything specific is
  not automated. "Thanks for connecting! I help coaches…" is a pitch, not automated: the
  sales part is its own words, however often it is sent (that is what `bulk` catches).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport.conversations.guard.classify import CLASSES, MessageVerdict, classify_message
from rapport.core.corpus import MESSAGES
from rapport.core.evaluation import Confusion
from rapport.core.textmodel import TextModel

DATA = MESSAGES
SPLITS = ("dev", "test", "all")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    pitch: bool
    automated: bool
    split: str
    writer: str = "seed"  # who wrote it: cross-validation holds one writer out at a time
    kind: str = ""  # what sort of message, e.g. "pitch_price", for recall by kind

    def label(self, name: str) -> bool:
        return bool(getattr(self, name))


def load_examples(split: str = "all", path: Path = DATA) -> list[Example]:
    """The labelled messages of one split ("dev", "test") or all of them, in file order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{number}: 'text' must be a string")
            if row.get("split", "dev") not in ("dev", "test"):
                raise ValueError(f"{path}:{number}: split must be dev or test")
            example = Example(
                id=row.get("id", f"line{number}"),
                text=row["text"],
                pitch=bool(row["pitch"]),
                automated=bool(row["automated"]),
                split=row.get("split", "dev"),
                writer=row.get("writer", "seed"),
                kind=row.get("kind", ""),
            )
            if split in ("all", example.split):
                examples.append(example)
    return examples


@dataclass
class Report:
    split: str
    total: int = 0
    counts: dict[str, Confusion] = field(default_factory=lambda: {n: Confusion() for n in CLASSES})
    mistakes: list[tuple[Example, MessageVerdict, list[str]]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "examples": self.total,
            **{name: counts.as_dict() for name, counts in self.counts.items()},
            "mistakes": [
                {
                    "id": example.id,
                    "text": example.text,
                    "wrong": wrong,
                    "scores": verdict.scores,
                    "signals": [s.as_dict() for s in verdict.signals],
                }
                for example, verdict, wrong in self.mistakes
            ],
        }


def evaluate(
    examples: Iterable[Example], split: str = "all", learned: TextModel | None = None
) -> Report:
    """Classify every example and count what the classifier got right, per class."""
    report = Report(split)
    for example in examples:
        verdict = classify_message(example.text, learned)
        report.total += 1
        wrong = []
        for name in CLASSES:
            predicted, actual = getattr(verdict, name), example.label(name)
            report.counts[name].add(predicted, actual)
            if predicted != actual:
                wrong.append(f"{name}: labelled {actual}, got {predicted}")
        if wrong:
            report.mistakes.append((example, verdict, wrong))
    return report


def format_report(report: Report, *, show_mistakes: bool = True) -> str:
    """The report as the command prints it."""
    lines = [f"Message guard on the {report.split} split: {report.total} labelled messages", ""]
    lines.append(f"{'':11}{'precision':>10}{'recall':>8}{'F1':>7}   tp  fp  fn  tn")
    for name, c in report.counts.items():
        lines.append(
            f"{name:11}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
            f"  {c.tp:>3} {c.fp:>3} {c.fn:>3} {c.tn:>3}"
        )
    if show_mistakes and report.mistakes:
        lines += ["", f"Misclassified ({len(report.mistakes)}):"]
        for example, verdict, wrong in report.mistakes:
            lines.append(f"- {example.id} {json.dumps(example.text, ensure_ascii=False)}")
            lines += [f"    {w}  (scores {verdict.scores})" for w in wrong]
            signals = [f"{s.category}/{s.rule} {s.weight}: '{s.phrase}'" for s in verdict.signals]
            lines += [f"    · {s}" for s in signals] or ["    · (no signals)"]
    return "\n".join(lines)
