"""Precision and recall for the explainable text classifiers (note coach, message guard).

Both ship labelled examples and an evaluation command; the counting is the same, so
it lives here once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


@dataclass
class Confusion:
    """Confusion counts for one yes/no label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        # Nothing predicted: no false alarm either, so precision is not penalised.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


class EvaluateCommand(BaseCommand):
    """`rapport evaluate-…`: a classifier measured on its labelled examples, per split.

    Subclasses name the examples (`what`), where they are (`data`) and the three
    functions of their evaluation module.
    """

    what = "labelled examples"
    data: Path
    splits: tuple[str, ...] = ("dev", "test", "all")

    def load_examples(self, split: str, path: Path) -> list[Any]:
        raise NotImplementedError

    def evaluate(self, examples: list[Any], split: str) -> Any:
        raise NotImplementedError

    def format_report(self, report: Any, *, show_mistakes: bool) -> str:
        raise NotImplementedError

    def cross_writer(self, examples: list[Any]) -> dict[str, Any]:
        """Per writer, a report of a model trained without that writer's examples."""
        raise NotImplementedError

    def summary(self, report: Any) -> dict[str, float]:
        """The figures of one report worth a column in the cross-writer table."""
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--split", choices=self.splits, default="dev", help="Which examples (dev)."
        )
        parser.add_argument(
            "--data", type=Path, default=self.data, help=f"A JSONL file of {self.what}."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument(
            "--no-mistakes", action="store_true", help="Leave out the misclassified examples."
        )
        parser.add_argument(
            "--cross-writer",
            action="store_true",
            help="Train without each writer in turn and measure on that writer (dev split).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            examples = self.load_examples(options["split"], options["data"])
        except FileNotFoundError as error:
            raise CommandError(f"No {self.what} at {options['data']}.") from error
        except (ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the {self.what}: {error}") from error
        if options["cross_writer"]:
            if options["split"] != "dev":
                raise CommandError("--cross-writer trains, so it reads the dev split only.")
            self._cross_writer(examples, as_json=options["json"])
            return
        report = self.evaluate(examples, options["split"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.format_report(report, show_mistakes=not options["no_mistakes"]))

    def _cross_writer(self, examples: list[Any], *, as_json: bool) -> None:
        rows = {
            writer: self.summary(report) for writer, report in self.cross_writer(examples).items()
        }
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        columns = list(next(iter(rows.values())))
        self.stdout.write("Trained without each writer, measured on that writer (dev split):")
        self.stdout.write(f"{'writer':12}" + "".join(f"{c:>20}" for c in columns))
        for writer, row in rows.items():
            self.stdout.write(f"{writer:12}" + "".join(f"{row[c]:>20.3f}" for c in columns))
