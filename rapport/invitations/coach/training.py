"""Training the coach's model from the labelled notes, and measuring it across writers.

`rapport train-note-coach` writes coach/model.json from the notes' dev split (the test
split is never read here). Three judgements: pitch (flagged where precision and recall
meet out of fold; it also learns from the first messages' dev split, since a pitch reads the same in
either), personal (labelled medium or high) and high; the last two make the
personalization score and are probabilities, so their thresholds decide nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapport.core.corpus import MESSAGES, PitchExample, pitch_examples
from rapport.core.pitch import PITCH_THRESHOLD, pitch_score, pitch_signals
from rapport.core.textmodel_training import Sample, Target, held_out_writers, train
from rapport.invitations.coach.analysis import rule_signals
from rapport.invitations.coach.defaults import match_default
from rapport.invitations.coach.evaluation import Example, Report, evaluate
from rapport.invitations.coach.personal import personal_criteria

# Pitches: where precision and recall meet (both are asked for at 0.95). The other two
# are probabilities in the personalization score; their thresholds decide nothing.
TARGETS = {"pitch": Target(), "personal": Target(precision=0.9), "high": Target(precision=0.9)}
SEED = 21


def sample(example: Example) -> Sample:
    context = example.context
    names = tuple(n for n in (context.recipient_name, context.sender_name) if n)
    found = pitch_signals(example.text)
    criteria = personal_criteria(
        example.text,
        recipient_name=context.recipient_name,
        sender_name=context.sender_name,
        mutual_names=context.mutual_names,
        affiliations=context.shared_employers + context.shared_schools + context.shared_groups,
        pitch=pitch_score(found) >= PITCH_THRESHOLD,
    )
    rules = rule_signals(example.text, found, criteria, match_default(example.text, names))
    labels = {
        "pitch": example.pitch,
        "personal": example.band != "low",
        "high": example.band == "high",
    }
    people = (context.recipient_name, context.sender_name, *context.mutual_names)
    return Sample(example.text, rules, labels, group=example.writer, names=people)


def pitch_sample(example: PitchExample) -> Sample:
    """A first message, for the pitch judgement only: a pitch reads the same in either."""
    found = pitch_signals(example.text)
    criteria = personal_criteria(example.text, pitch=pitch_score(found) >= PITCH_THRESHOLD)
    rules = rule_signals(example.text, found, criteria, match_default(example.text))
    labels = {"pitch": example.pitch}
    return Sample(example.text, rules, labels, group=example.writer, own=False)


def train_model(
    examples: Sequence[Example], seed: int = SEED, messages: Sequence[PitchExample] | None = None
) -> dict[str, Any]:
    """The model file's contents, trained on `examples` and, for pitches, the first
    messages' dev split too (never a test split)."""
    if any(example.split == "test" for example in examples):
        raise ValueError("the test split is held out: train on the dev split")
    messages = pitch_examples(MESSAGES) if messages is None else messages
    samples = [sample(e) for e in examples] + [pitch_sample(m) for m in messages]
    return train(samples, TARGETS, seed=seed)


def cross_writer(examples: Sequence[Example], seed: int = SEED) -> dict[str, Report]:
    """Per writer, the notes of a model trained without that writer's texts."""
    return held_out_writers(
        examples,
        pitch_examples(MESSAGES),
        lambda mine, pitches: train_model(mine, seed, pitches),
        evaluate,
    )
