"""`rapport evaluate-message-guard`: precision and recall per class on the labelled messages.

rapport evaluate-message-guard                  the dev split (the one rules are tuned on)
rapport evaluate-message-guard --split test     the held-out split
rapport evaluate-message-guard --data other.jsonl --split all --json
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapport.conversations.guard import evaluation, training
from rapport.core.evaluation import EvaluateCommand


class Command(EvaluateCommand):
    help = "Measure the first-contact guard on labelled messages: precision, recall, F1 per class."
    what = "labelled messages"
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
            f"{name} {measure}": getattr(report.counts[name], measure)
            for name in ("pitch", "automated")
            for measure in ("precision", "recall")
        }
