"""Measuring the coach against its labelled notes (rapport/core/corpus/notes.jsonl).

Each line: {"id", "text", "default_text", "pitch", "personalization": "low"|"medium"|"high",
"split": "dev"|"test", "context": {...}?}. The split was fixed by a hash of the text before
any rule was written; rules are tuned on "dev" and "test" is only reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapport.core.corpus import NOTES
from rapport.core.evaluation import Confusion
from rapport.core.textmodel import TextModel
from rapport.invitations.coach.analysis import BANDS, NoteAnalysis, NoteContext, analyze_note

DATA = NOTES
SPLITS = ("dev", "test", "all")
_BAND_NAMES = tuple(name for name, _ in BANDS)


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    default_text: bool
    pitch: bool
    band: str
    split: str
    context: NoteContext
    writer: str = "seed"  # who wrote it: cross-validation holds one writer out at a time
    kind: str = ""  # what sort of note, e.g. "pitch_price"


def context_from(data: dict[str, Any]) -> NoteContext:
    """A NoteContext from JSON fields; raises ValueError on a wrong type."""

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise ValueError(f"'{key}' must be a string")
        return value

    def names(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"'{key}' must be a list of strings")
        return tuple(value)

    return NoteContext(
        recipient_name=text("recipient_name"),
        sender_name=text("sender_name"),
        mutual_names=names("mutual_names"),
        shared_employers=names("shared_employers"),
        shared_schools=names("shared_schools"),
        shared_groups=names("shared_groups"),
    )


def load_examples(split: str = "all", path: Path = DATA) -> list[Example]:
    """The labelled notes of one split ("dev", "test") or all of them, in file order."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}")
    examples = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row["personalization"] not in _BAND_NAMES:
                raise ValueError(f"{path}:{number}: personalization must be one of {_BAND_NAMES}")
            example = Example(
                id=row.get("id", f"line{number}"),
                text=row["text"],
                default_text=bool(row["default_text"]),
                pitch=bool(row["pitch"]),
                band=row["personalization"],
                split=row.get("split", "dev"),
                context=context_from(row.get("context", {})),
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
    default_text: Confusion = field(default_factory=Confusion)
    pitch: Confusion = field(default_factory=Confusion)
    band_hits: int = 0
    band_near: int = 0  # right band or the next one
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)  # (labelled, predicted)
    ranked: list[tuple[int, bool]] = field(default_factory=list)  # (score, labelled personal)
    mistakes: list[tuple[Example, NoteAnalysis, list[str]]] = field(default_factory=list)

    @property
    def band_accuracy(self) -> float:
        return self.band_hits / self.total if self.total else 1.0

    @property
    def band_within_one(self) -> float:
        return self.band_near / self.total if self.total else 1.0

    @property
    def personal_auc(self) -> float:
        """How well the score ranks notes labelled medium or high above those labelled
        low: the chance a personal note scores above a generic one (ties count half)."""
        from sklearn.metrics import roc_auc_score

        labels = [personal for _, personal in self.ranked]
        if all(labels) or not any(labels):
            return 1.0
        return float(roc_auc_score(labels, [score for score, _ in self.ranked]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "examples": self.total,
            "default_text": self.default_text.as_dict(),
            "pitch": self.pitch.as_dict(),
            "personalization": {
                "band_accuracy": round(self.band_accuracy, 3),
                "within_one_band": round(self.band_within_one, 3),
                "auc_personal_over_generic": round(self.personal_auc, 3),
            },
            "mistakes": [
                {"id": ex.id, "text": ex.text, "wrong": wrong, "reasons": analysis.reasons}
                for ex, analysis, wrong in self.mistakes
            ],
        }


def evaluate(
    examples: Iterable[Example], split: str = "all", learned: TextModel | None = None
) -> Report:
    """Run the coach on every example and count what it got right."""
    report = Report(split)
    for example in examples:
        analysis = analyze_note(example.text, example.context, learned)
        report.total += 1
        report.default_text.add(analysis.default_text, example.default_text)
        report.ranked.append((analysis.personalization, example.band != "low"))
        report.pitch.add(analysis.pitch, example.pitch)
        predicted = analysis.band
        key = (example.band, predicted)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        distance = abs(_BAND_NAMES.index(predicted) - _BAND_NAMES.index(example.band))
        report.band_hits += distance == 0
        report.band_near += distance <= 1
        wrong = []
        if analysis.default_text != example.default_text:
            wrong.append(
                f"default_text: labelled {example.default_text}, got {analysis.default_text}"
            )
        if analysis.pitch != example.pitch:
            wrong.append(f"pitch: labelled {example.pitch}, got {analysis.pitch}")
        if distance:
            wrong.append(
                f"personalization: labelled {example.band}, got {predicted}"
                f" ({analysis.personalization})"
            )
        if wrong:
            report.mistakes.append((example, analysis, wrong))
    return report


def format_report(report: Report, *, show_mistakes: bool = True) -> str:
    """The report as the command prints it."""
    lines = [f"Note coach on the {report.split} split: {report.total} labelled notes", ""]
    lines.append(f"{'':14}{'precision':>10}{'recall':>8}{'F1':>7}   tp  fp  fn  tn")
    for name, c in (("default_text", report.default_text), ("pitch", report.pitch)):
        lines.append(
            f"{name:14}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}"
            f"  {c.tp:>3} {c.fp:>3} {c.fn:>3} {c.tn:>3}"
        )
    lines += [
        "",
        f"personalization band accuracy {report.band_accuracy:.3f}"
        f" (within one band {report.band_within_one:.3f});"
        f" AUC personal over generic {report.personal_auc:.3f}",
        "  labelled \\ predicted  " + "".join(f"{name:>8}" for name in _BAND_NAMES),
    ]
    for labelled in _BAND_NAMES:
        row = "".join(f"{report.confusion.get((labelled, p), 0):>8}" for p in _BAND_NAMES)
        lines.append(f"  {labelled:<21}{row}")
    if show_mistakes and report.mistakes:
        lines += ["", f"Misclassified ({len(report.mistakes)}):"]
        for example, analysis, wrong in report.mistakes:
            lines.append(f"- {example.id} {json.dumps(example.text, ensure_ascii=False)}")
            lines += [f"    {w}" for w in wrong]
            lines += [f"    · {r}" for r in analysis.reasons] or ["    · (no reasons)"]
    return "\n".join(lines)
