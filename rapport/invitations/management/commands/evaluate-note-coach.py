"""`rapport evaluate-note-coach`: precision and recall of the note coach on its labelled notes.

rapport evaluate-note-coach                  the dev split (the one rules are tuned on)
rapport evaluate-note-coach --split test     the held-out split
rapport evaluate-note-coach --data other.jsonl --split all --json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.core.evaluation import EvaluateCommand
from rapport.invitations.coach import evaluation, training


class Command(EvaluateCommand):
    help = "Measure the note coach on its labelled notes: precision, recall, F1, band accuracy."
    what = "labelled notes"
    data = evaluation.DATA
    splits = evaluation.SPLITS

    def load_examples(self, split: str, path: Path) -> list[Any]:
        return list(evaluation.load_examples(split, path))

    def evaluate(self, examples: list[Any], split: str) -> Any:
        return evaluation.evaluate(examples, split)

    def format_report(self, report: Any, *, show_mistakes: bool) -> str:
        return evaluation.format_report(report, show_mistakes=show_mistakes)

    def cross_writer(self, examples: list[Any]) -> dict[str, Any]:
        return training.cross_writer(examples)

    def summary(self, report: Any) -> dict[str, float]:
        return {
            "pitch precision": report.pitch.precision,
            "pitch recall": report.pitch.recall,
            "default precision": report.default_text.precision,
            "default recall": report.default_text.recall,
            "personal AUC": report.personal_auc,
        }
