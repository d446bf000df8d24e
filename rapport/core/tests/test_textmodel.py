"""The learned model's runtime against scikit-learn's own arithmetic, and its training."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from sklearn.linear_model import LogisticRegression

from rapport.core import textmodel_training as training
from rapport.core.textmodel import TextModel
from rapport.core.textmodel_training import (
    Sample,
    Target,
    model_difference,
    threshold_balanced,
    threshold_for,
    threshold_for_recall,
    train,
)

PITCHES = [
    "I do bookkeeping for startups at $40 an hour",
    "we run payroll for small firms, £3 per employee",
    "our agency builds sites, flat fee of $2,000",
    "freelance designer here, free from June",
    "my rate is $90 an hour for audits",
    "we place developers with studios, want profiles?",
]
GENUINE = [
    "loved your talk on caching, can I ask how you tested it?",
    "thanks for the tip on pandas, it saved my afternoon",
    "are you going to the meetup in Leeds on Friday?",
    "congrats on the new job, well deserved",
    "your post on hiring juniors was spot on",
    "we met at the conference, great chat about Rust",
]


def samples() -> list[Sample]:
    rules = [{"price": 0.6} if "$" in t or "£" in t else {} for t in PITCHES + GENUINE]
    labels = [True] * len(PITCHES) + [False] * len(GENUINE)
    return [
        Sample(text, rule, {"pitch": label})
        for text, rule, label in zip(PITCHES + GENUINE, rules, labels, strict=True)
    ]


def test_the_runtime_margin_is_scikit_learns_decision_function(monkeypatch):
    # Unpruned, unrounded: the runtime's sum must be exactly what the classifier computes.
    monkeypatch.setattr(training, "MIN_DF", 1)
    data = samples()
    matrix, columns = training._matrix(data)
    y = [s.labels["pitch"] for s in data]
    fitted = LogisticRegression(C=10, solver="liblinear").fit(matrix, y)
    model = TextModel.from_dict(
        {
            "format": 1,
            "word_ngrams": list(training.WORD_NGRAMS),
            "char_ngrams": list(training.CHAR_NGRAMS),
            "judgements": {
                "pitch": {
                    "intercept": float(fitted.intercept_[0]),
                    "threshold": 0.5,
                    "weights": {c: float(w) for c, w in zip(columns, fitted.coef_[0], strict=True)},
                }
            },
        }
    )
    expected = fitted.decision_function(matrix)
    for sample, want in zip(data, expected, strict=True):
        got = model["pitch"].margin(model.features(sample.text, sample.rules))
        assert got == pytest.approx(want, abs=1e-9)


def test_the_naive_bayes_scaling_folds_into_one_weight_per_feature(monkeypatch):
    import numpy as np
    from scipy.sparse import diags

    monkeypatch.setattr(training, "MIN_DF", 1)
    data = samples()
    matrix, columns = training._matrix(data)
    y = np.array([s.labels["pitch"] for s in data])
    ratio = training._log_count_ratio(matrix, y)
    # A feature only pitches have leans towards a pitch before any fitting, and back.
    assert ratio[columns.index(training.RULE + "price")] > 0
    assert ratio[columns.index(training.WORD + "caching")] < 0
    scaled = matrix @ diags(ratio)
    fitted = training._classifier(0).fit(scaled, y)
    weights, intercept = training._fit(matrix, y, 0)
    # What the model file keeps (rounded to 4 decimals) scores as the fitted model does.
    assert matrix @ weights + intercept == pytest.approx(fitted.decision_function(scaled), abs=0.01)


def test_a_trained_model_flags_its_kind_and_names_the_words_behind_it(monkeypatch):
    monkeypatch.setattr(training, "MIN_DF", 1)
    monkeypatch.setattr(training, "FOLDS", 3)
    model = TextModel.from_dict(train(samples(), {"pitch": 0.9}, seed=1))
    pitch = model["pitch"]
    text = "hi, I do bookkeeping for founders at $45 an hour"
    features = model.features(text, {"price": 0.6})
    assert pitch.probability(features) > pitch.probability(
        model.features("loved your talk on caching", {})
    )
    words = pitch.phrases(features)
    assert words and all(w in text.lower() for w in words)
    assert all(any(c.isalpha() for c in w) for w in words)  # never "$" alone
    # Every named word pushed towards a pitch; a word is never listed beside a pair holding it.
    assert all(pitch.weights.get("w " + w, 0) > 0 for w in words)
    assert not any(a != b and a in b.split() for a in words for b in words)


def test_training_is_reproducible_for_a_seed(monkeypatch):
    monkeypatch.setattr(training, "MIN_DF", 1)
    monkeypatch.setattr(training, "FOLDS", 3)
    first = training.dumps(train(samples(), {"pitch": 0.9}, seed=3))
    assert first == training.dumps(train(samples(), {"pitch": 0.9}, seed=3))
    assert json.loads(first)["trained"]["corpus"] == training.corpus_digest(samples())


def test_the_threshold_is_the_lowest_score_that_keeps_the_precision():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    labels = [True, True, False, True, False]
    assert threshold_for(scores, labels, 1.0) == 0.8
    assert threshold_for(scores, labels, 0.75) == 0.6
    assert threshold_for([0.9], [False], 0.9) == 0.5  # nothing reaches it


def test_a_recall_target_takes_the_highest_score_that_keeps_it():
    scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    labels = [True, False, True, True, False, True]
    assert threshold_for_recall(scores, labels, 0.5) == 0.7  # two of four
    assert threshold_for_recall(scores, labels, 0.75) == 0.6
    assert threshold_for_recall(scores, labels, 1.0) == 0.4


def test_the_balanced_threshold_is_where_precision_and_recall_meet():
    # Flag the top 3: precision 2/3, recall 2/3; the top 1: 1/1 and 1/3; the top 4: 3/4, 3/3.
    scores = [0.9, 0.8, 0.7, 0.6, 0.5]
    labels = [True, False, True, True, False]
    assert threshold_balanced(scores, labels) == 0.6
    assert Target().threshold(scores, labels) == 0.6
    assert Target(precision=1.0).threshold(scores, labels) == 0.9
    assert Target(recall=0.6).threshold(scores, labels) == 0.7
    assert Target(recall=0.97).describe() == "recall >= 0.97"


def test_an_unknown_model_format_is_refused():
    with pytest.raises(ValueError, match="format"):
        TextModel.from_dict({"format": 99})


@pytest.mark.parametrize("command", ["train-note-coach", "train-message-guard"])
def test_the_shipped_models_are_what_the_corpus_and_seed_give(command):
    # The artefacts in the repository are reproducible: retrain and compare (numbers to
    # within the solver's floating-point drift across machines).
    call_command(command, "--check")


def test_the_check_tolerates_floating_point_drift_and_nothing_more():
    shipped = {"format": 3, "judgements": {"pitch": {"threshold": 0.3571, "weights": {"w a": 1.5}}}}

    def fresh(threshold=0.3571, weights=None):
        return {
            "format": 3,
            "judgements": {"pitch": {"threshold": threshold, "weights": weights or {"w a": 1.5}}},
        }

    assert model_difference(shipped, fresh(threshold=0.3572)) is None
    assert model_difference(shipped, fresh(weights={"w a": 1.5099})) is None
    assert "threshold" in (model_difference(shipped, fresh(threshold=0.45)) or "")
    assert "w a" in (model_difference(shipped, fresh(weights={"w a": 1.6})) or "")
    # A feature near zero may come and go with the solver's drift; a weightier one not.
    assert model_difference(shipped, fresh(weights={"w a": 1.5, "w b": 0.01})) is None
    assert "other entries" in (
        model_difference(shipped, fresh(weights={"w a": 1.5, "w b": 0.2})) or ""
    )
    # Weights are one vector: many small moves add up.
    many = {f"w {i}": 1.0 for i in range(100)}
    drift = {f"w {i}": 1.0 + (0.005 if i % 2 else -0.005) for i in range(100)}
    moved = {f"w {i}": 1.0 + (0.04 if i % 2 else -0.04) for i in range(100)}
    assert model_difference(fresh(weights=many), fresh(weights=drift)) is None
    assert "moved by" in (model_difference(fresh(weights=many), fresh(weights=moved)) or "")
    assert model_difference(shipped, {**fresh(), "format": 4}) is not None
    assert model_difference(None, fresh()) is not None


def test_the_shipped_models_are_small():
    from rapport.conversations.guard.classify import MODEL as GUARD
    from rapport.invitations.coach.analysis import MODEL as COACH

    for path in (GUARD, COACH):
        assert path.stat().st_size < 1_500_000, path
        judgements = json.loads(path.read_text())["judgements"]
        assert all(len(j["weights"]) <= training.MAX_WEIGHTS for j in judgements.values())


@pytest.mark.parametrize("name", ["Will", "Rose", "Summer", "Ana", "Bartholomew"])
def test_who_a_message_greets_does_not_change_its_scores(name):
    from rapport.conversations.guard import classify_message

    text = "Hi {}, loved your post on pricing pages. I do landing page audits, $400 flat."
    assert classify_message(text.format(name)).scores == classify_message(text.format("Sam")).scores


def test_names_are_masked_but_the_same_word_elsewhere_is_not():
    from rapport.core.names import NAME_TOKEN, mask_names

    masked = mask_names("hi will, will you be at the leeds meetup? ask rose", ("Rose Tyler",))
    assert masked == f"hi {NAME_TOKEN}, {NAME_TOKEN} you be at the leeds meetup? ask {NAME_TOKEN}"
    assert mask_names("thanks for the tip!") == "thanks for the tip!"
