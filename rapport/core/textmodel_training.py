"""Training the text model (`rapport.core.textmodel`) from a labelled corpus.

Used by `rapport train-note-coach` and `rapport train-message-guard`, and by their
evaluation commands for the cross-writer figures; never on a request. scikit-learn does
the work: its analyzers cut the texts, `LogisticRegression` (liblinear, deterministic
for a seed) fits one judgement at a time, and five folds give the out-of-fold scores
that set each judgement's threshold (`Target`): the training texts, each scored by a
model that did not see it (pruned and rounded as shipped), flagged with the precision or
recall asked for, or where the two meet. Only the dev split is read here; the test split is for
`evaluate`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.core.names import mask_names
from rapport.core.placeholders import mask_code_slots
from rapport.core.text import fold
from rapport.core.textmodel import CHAR, FORMAT, RULE, WORD, TextModel, analyzers

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 4)  # as good as (2, 5) in cross-validation, half the n-grams to cut
MIN_DF = 2  # an n-gram seen in one text only is that text, not a pattern
C = 1024.0  # little regularisation: chosen by cross-validation on the dev split (decision 0027)
ALPHA = 1.0  # the Naive Bayes ratios' smoothing (`_log_count_ratio`)
FOLDS = 5
MAX_WEIGHTS = 20_000  # per judgement, the heaviest; cross-validation lost nothing at this cut


@dataclass(frozen=True)
class Sample:
    """One labelled text: its words, the rules' signals on it, and its yes/no labels
    (only those it has: a message carries no personalization label)."""

    text: str
    rules: Mapping[str, float]
    labels: Mapping[str, bool]
    group: str = ""  # the writer, for cross-validation across styles
    own: bool = True  # the capability's own kind of text: thresholds are set on these alone
    names: tuple[str, ...] = ()  # people the text concerns, masked as at run time


def corpus_digest(samples: Sequence[Sample]) -> str:
    digest = hashlib.sha256()
    for sample in samples:
        line = [sample.text, sorted(sample.labels.items()), sorted(sample.rules.items())]
        digest.update(json.dumps(line, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def _matrix(samples: Sequence[Sample]) -> tuple[Any, list[str]]:
    """The design matrix and its column names, with the runtime's exact scaling."""
    import numpy as np
    from scipy.sparse import csr_matrix

    word, char = analyzers(WORD_NGRAMS, CHAR_NGRAMS)
    masked = [mask_names(fold(mask_code_slots(s.text)), s.names) for s in samples]
    grams: list[tuple[set[str], set[str]]] = [(set(word(m)), set(char(m))) for m in masked]
    seen: dict[str, int] = {}
    for words, chars in grams:
        for name in [WORD + g for g in words] + [CHAR + g for g in chars]:
            seen[name] = seen.get(name, 0) + 1
    rule_names = sorted({RULE + name for s in samples for name in s.rules})
    columns = sorted(name for name, df in seen.items() if df >= MIN_DF) + rule_names
    index = {name: i for i, name in enumerate(columns)}
    rows, cols, values = [], [], []
    for row, (sample, (words, chars)) in enumerate(zip(samples, grams, strict=True)):
        scale = float(np.sqrt(len(words) + len(chars))) or 1.0
        # In a fixed order: set order changes with each process's string hashing, and the
        # order of a row's entries reaches liblinear's sums (and the 4th decimal).
        for name in sorted([WORD + g for g in words] + [CHAR + g for g in chars]):
            if name in index:
                rows.append(row)
                cols.append(index[name])
                values.append(1.0 / scale)
        for name, value in sorted(sample.rules.items()):
            if value:
                rows.append(row)
                cols.append(index[RULE + name])
                values.append(float(value))
    matrix = csr_matrix((values, (rows, cols)), shape=(len(samples), len(columns)))
    matrix.sort_indices()
    return matrix, columns


def _classifier(seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=C, solver="liblinear", class_weight="balanced", max_iter=5000, random_state=seed
    )


def threshold_for(scores: Sequence[float], labels: Sequence[bool], precision: float) -> float:
    """The lowest score whose flags reach `precision` on these (out-of-fold) scores, so
    recall is as high as that precision allows; 0.5 if no score reaches it."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    best, hits = 0.5, 0
    for flagged, (score, label) in enumerate(ranked, start=1):
        hits += label
        if hits / flagged >= precision and label:
            best = score
    return float(best)


def threshold_for_recall(scores: Sequence[float], labels: Sequence[bool], recall: float) -> float:
    """The highest score whose flags reach `recall`: as few false alarms as that recall
    allows."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    wanted, hits = recall * sum(labels), 0
    for score, label in ranked:
        hits += label
        if label and hits >= wanted:
            return float(score)
    return 0.5


def threshold_balanced(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """The score where precision and recall meet: the cut that makes the smaller of the
    two largest (the higher cut among equals)."""
    ranked = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    positives = sum(labels) or 1
    best, best_score, hits = -1.0, 0.5, 0
    for flagged, (score, label) in enumerate(ranked, start=1):
        hits += label
        worse = min(hits / flagged, hits / positives)
        if label and worse > best:
            best, best_score = worse, score
    return float(best_score)


@dataclass(frozen=True)
class Target:
    """How a judgement's threshold is set on its own texts' out-of-fold scores: the lowest
    score that keeps `precision`, the highest that keeps `recall`, or, with neither, where
    precision and recall meet (for a target that asks as much of both)."""

    precision: float | None = None
    recall: float | None = None

    def __post_init__(self) -> None:
        if self.precision is not None and self.recall is not None:
            raise ValueError("a threshold keeps a precision or a recall, not both")
        for value in (self.precision, self.recall):
            if value is not None and not 0 < value <= 1:
                raise ValueError("a precision or recall is in (0, 1]")

    def threshold(self, scores: Sequence[float], labels: Sequence[bool]) -> float:
        if self.precision is not None:
            return threshold_for(scores, labels, self.precision)
        if self.recall is not None:
            return threshold_for_recall(scores, labels, self.recall)
        return threshold_balanced(scores, labels)

    def describe(self) -> str:
        if self.precision is not None:
            return f"precision >= {self.precision}"
        if self.recall is not None:
            return f"recall >= {self.recall}"
        return "precision = recall"


def train(
    samples: Sequence[Sample], judgements: Mapping[str, Target | float], *, seed: int = 0
) -> dict[str, Any]:
    """The model file's contents: one judgement per name, each trained on the samples
    that carry its label and flagged at its target (a float: a precision). The shipped
    weights are the heaviest `MAX_WEIGHTS`, rounded; the threshold is set on what ships."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    matrix, columns = _matrix(samples)
    trained: dict[str, Any] = {}
    for name, wanted in judgements.items():
        target = wanted if isinstance(wanted, Target) else Target(precision=wanted)
        rows = [i for i, s in enumerate(samples) if name in s.labels]
        x = matrix[rows]
        y = np.array([samples[i].labels[name] for i in rows], dtype=bool)
        held_out = np.zeros(len(rows))
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        for fit, score in folds.split(x, y):
            weights, intercept = _fit(x[fit], y[fit], seed)
            held_out[score] = _probability(x[score] @ weights + intercept)
        weights, intercept = _fit(x, y, seed)
        # The threshold is where the capability's own texts reach the precision: a note
        # coach's pitches are judged on notes, though it learns from messages too.
        own = np.array([samples[i].own for i in rows], dtype=bool)
        threshold = target.threshold(list(held_out[own]), list(y[own]))
        trained[name] = {
            "intercept": intercept,
            "threshold": round(threshold, 5),
            "target": target.describe(),
            "weights": {columns[i]: float(weights[i]) for i in np.flatnonzero(weights)},
        }
    return {
        "format": FORMAT,
        "word_ngrams": list(WORD_NGRAMS),
        "char_ngrams": list(CHAR_NGRAMS),
        "judgements": trained,
        "trained": {
            "corpus": corpus_digest(samples),
            "texts": len(samples),
            "seed": seed,
            "C": C,
            "min_df": MIN_DF,
            "nb_alpha": ALPHA,
        },
    }


def _fit(x: Any, y: Any, seed: int) -> tuple[Any, float]:
    """Logistic regression over features scaled by their Naive Bayes log-count ratio
    (Wang and Manning's "NBSVM"): a feature seen mostly in one class starts out weighing
    towards it, which the regression then corrects. Still linear in the features, so the
    model file keeps one weight each: the regression's weight times the ratio."""
    from scipy.sparse import diags

    ratio = _log_count_ratio(x, y)
    model = _classifier(seed).fit(x @ diags(ratio), y)
    return _shipped(model.coef_[0] * ratio, float(model.intercept_[0]))


def _log_count_ratio(x: Any, y: Any) -> Any:
    """Per feature, log of (its share of the texts in the class) over (its share outside
    it), counting presence, with one text's worth of smoothing on each side."""
    import numpy as np

    present = (x > 0).astype(float)
    inside = ALPHA + np.asarray(present[y].sum(axis=0)).ravel()
    outside = ALPHA + np.asarray(present[~y].sum(axis=0)).ravel()
    return np.log((inside / inside.sum()) / (outside / outside.sum()))


def _shipped(coefficients: Any, intercept: float) -> tuple[Any, float]:
    """The weights as the model file keeps them: the heaviest few, rounded."""
    import numpy as np

    weights = np.round(coefficients, 4)
    if np.count_nonzero(weights) > MAX_WEIGHTS:
        # The heaviest, ties broken by column (a stable sort), so a seed gives one file.
        order = np.argsort(-np.abs(weights), kind="stable")
        weights[order[MAX_WEIGHTS:]] = 0.0
    return weights, round(intercept, 4)


def _probability(margins: Any) -> Any:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(margins, -700, 700)))


def held_out_writers(
    examples: Sequence[Any],
    pitches: Sequence[Any],
    train_model: Callable[[Sequence[Any], Sequence[Any]], dict[str, Any]],
    evaluate: Callable[[Sequence[Any], str, TextModel], Any],
) -> dict[str, Any]:
    """For each writer, a model trained on everyone else's examples (and the other
    corpus's pitches by everyone else), measured on that writer's: what a style never
    seen gets. Examples and pitches have a `writer`."""
    reports = {}
    for writer in sorted({e.writer for e in examples}):
        model = train_model(
            [e for e in examples if e.writer != writer],
            [p for p in pitches if p.writer != writer],
        )
        mine = [e for e in examples if e.writer == writer]
        reports[writer] = evaluate(mine, writer, TextModel.from_dict(model))
    return reports


# How far a number in a fresh training may differ from the shipped file's. The solver's
# floating point is not bit-identical across CPUs and BLAS builds: between two machines
# of the same kind the guard's weights moved by up to 0.0008 and the coach's by up to
# 0.019 (on weights of ±1 to ±20); on another EPYC the coach's collinear rule pairs
# moved by up to 0.23 and features near zero (|w| ≤ 0.06) came and went. So thresholds
# and intercepts are compared number by number, and a judgement's weights as one
# vector: a feature missing on one side weighs 0, and the vectors may differ by
# `WEIGHTS_TOLERANCE` of the shipped one's length (measured: 0.04% to 0.22%). A new
# corpus line adds features that weigh more than that; a relabelled line alone may not.
CHECK_TOLERANCE = 0.05
WEIGHTS_TOLERANCE = 0.01
# A feature one side has and the other has not, counted as drift only this close to 0.
ONE_SIDED_TOLERANCE = 0.1


def _weights_difference(shipped: dict[str, Any], fresh: dict[str, Any], path: str) -> str | None:
    one_sided = [
        k
        for k in shipped.keys() ^ fresh.keys()
        if abs(shipped.get(k, fresh.get(k, 0))) > ONE_SIDED_TOLERANCE
    ]
    if one_sided:
        return f"{path} has other entries ({', '.join(sorted(one_sided)[:3])}…)"
    keys = shipped.keys() | fresh.keys()
    apart = math.sqrt(sum((shipped.get(k, 0.0) - fresh.get(k, 0.0)) ** 2 for k in keys))
    length = math.sqrt(sum(v * v for v in shipped.values()))
    if apart <= WEIGHTS_TOLERANCE * length:
        return None
    worst = max(keys, key=lambda k: abs(shipped.get(k, 0.0) - fresh.get(k, 0.0)))
    return (
        f"{path} moved by {apart / length:.2%} of its length (most: {worst}, "
        f"{shipped.get(worst, 0.0)} against {fresh.get(worst, 0.0)} in a fresh training)"
    )


def model_difference(shipped: Any, fresh: Any, path: str = "") -> str | None:
    """Where two trained models differ beyond the tolerances above, or None: the same
    keys, the same lengths and strings, numbers within `CHECK_TOLERANCE`, each
    judgement's weights within `WEIGHTS_TOLERANCE` as a vector."""
    if isinstance(fresh, bool) or isinstance(shipped, bool):
        return None if shipped == fresh else f"{path or 'the model'} differs"
    if isinstance(fresh, int | float) and isinstance(shipped, int | float):
        if abs(fresh - shipped) <= CHECK_TOLERANCE:
            return None
        return f"{path} is {shipped}, a fresh training gives {fresh}"
    if isinstance(fresh, dict) and isinstance(shipped, dict):
        if path.endswith("/weights"):
            return _weights_difference(shipped, fresh, path)
        if fresh.keys() != shipped.keys():
            changed = sorted(fresh.keys() ^ shipped.keys())[:3]
            return f"{path or 'the model'} has other entries ({', '.join(map(str, changed))}…)"
        for key in fresh:
            found = model_difference(shipped[key], fresh[key], f"{path}/{key}")
            if found:
                return found
        return None
    if isinstance(fresh, list) and isinstance(shipped, list):
        if len(fresh) != len(shipped):
            return f"{path} has {len(shipped)} entries, a fresh training {len(fresh)}"
        for i, (a, b) in enumerate(zip(shipped, fresh, strict=True)):
            found = model_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if shipped == fresh else f"{path or 'the model'} differs"


def dumps(model: Mapping[str, Any]) -> str:
    """The model file's text: stable key order, one judgement's weights per block."""
    return json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n"


class TrainCommand(BaseCommand):
    """`rapport train-…`: train a capability's text model from its corpus, or check that
    the shipped model is exactly what the corpus and the seed give."""

    what = "labelled examples"
    data: Path
    target: Path
    seed = 0

    def train(self, path: Path, seed: int) -> dict[str, Any]:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data", type=Path, default=self.data, help=f"A JSONL file of {self.what}."
        )
        parser.add_argument("--seed", type=int, default=self.seed, help="Random seed.")
        parser.add_argument("--out", type=Path, default=self.target, help="Where to write.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if the model file differs from a fresh training.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = self.train(options["data"], options["seed"])
        except FileNotFoundError as error:
            raise CommandError(f"No {self.what} at {options['data']}.") from error
        except (ValueError, KeyError) as error:
            raise CommandError(f"Cannot train on the {self.what}: {error}") from error
        text = dumps(model)
        out: Path = options["out"]
        if options["check"]:
            shipped = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
            problem = model_difference(shipped, json.loads(text))
            if problem:
                raise CommandError(
                    f"{out} is not what training on {options['data']} gives ({problem}): "
                    "retrain it."
                )
            self.stdout.write(f"{out} matches a fresh training.")
            return
        out.write_text(text, encoding="utf-8")
        sizes = {name: len(j["weights"]) for name, j in model["judgements"].items()}
        self.stdout.write(
            f"Wrote {out}: {model['trained']['texts']} texts, weights per judgement {sizes}, "
            f"thresholds { {n: j['threshold'] for n, j in model['judgements'].items()} }."
        )
