"""The first-contact guard's verdict on one message: pitch, automated, and why.

Seeds 002–004: the first message after a connection is where members get sold to
("closing on the first date") or sent a template with their name missing. The guard
checks a newer contact's messages before they are delivered; the sender sees the same
reasons before sending and may edit or send anyway. So every verdict is explainable:
each reason names the rule and quotes the words that triggered it.

- the rules: the sales signals shared with the invitation note coach
  (`rapport.core.pitch`) and the signs of a template — a broken personalisation, a stock
  thank-you (`rapport.conversations.guard.automated`);
- the learned model (`rapport.core.textmodel`, trained on data/messages.jsonl by
  `rapport train-message-guard`, shipped as guard/model.json): one logistic regression
  per class over the message's words, character n-grams and the rules' signals. Its
  probability is the score; the class is flagged at the threshold training chose for
  95 % precision. Reasons name the rules that fired and the words that weighed most.

Bulk sending depends on the sender's history, not the text, and lives in `bulk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rapport.conversations.guard.automated import AutomatedSignal, automated_signals
from rapport.core.pitch import Signal, pitch_signals
from rapport.core.pitch_features import evidence, learned_features
from rapport.core.textmodel import TextModel

CLASSES = ("pitch", "automated")
MODEL = Path(__file__).resolve().parent / "model.json"


@cache
def model() -> TextModel:
    """The shipped model, read once per process."""
    return TextModel.load(MODEL)


@dataclass(frozen=True)
class GuardSignal:
    """One piece of evidence in a verdict: for which class, which rule, the words matched."""

    category: str  # "pitch" or "automated"
    rule: str  # e.g. "demo_ask", "placeholder"
    phrase: str  # the words that triggered it, as the rule read them
    label: str  # what the rule means, for people
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "class": self.category,
            "rule": self.rule,
            "phrase": self.phrase,
            "label": self.label,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class MessageVerdict:
    """What the guard makes of a message's text. `reasons` explain the flags only."""

    pitch: bool
    automated: bool
    scores: dict[str, float]
    reasons: list[str] = field(default_factory=list)
    signals: list[GuardSignal] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        """The classes this message is flagged for, in a fixed order."""
        return [name for name in CLASSES if getattr(self, name)]

    @property
    def flagged(self) -> bool:
        return self.pitch or self.automated

    def as_dict(self) -> dict[str, Any]:
        return {
            "pitch": self.pitch,
            "automated": self.automated,
            "flagged": self.flagged,
            "scores": dict(self.scores),
            "reasons": list(self.reasons),
            "signals": [signal.as_dict() for signal in self.signals],
        }


def _quote(phrases: list[str]) -> str:
    return ", ".join(f"'{phrase}'" for phrase in dict.fromkeys(phrases))


def _noisy_or(weights: list[float]) -> float:
    doubt = 1.0
    for weight in weights:
        doubt *= 1.0 - weight
    return round(1.0 - doubt, 3)


def _pitch_reasons(signals: list[Signal]) -> list[str]:
    """One sentence per kind of evidence, strongest kind first, with its phrases."""
    return [
        f"{label[0].upper()}{label[1:]}: {_quote(phrases)}"
        for label, phrases in evidence(signals, kinds=len(signals))
    ]


def _automated_reasons(signals: list[AutomatedSignal]) -> list[str]:
    """One sentence per rule, with every slot or clause it found."""
    by_label: dict[str, list[str]] = {}
    for signal in signals:
        by_label.setdefault(signal.label, []).append(signal.phrase)
    return [f"{label}: {_quote(phrases)}" for label, phrases in by_label.items()]


def rule_signals(
    text: str, pitch: list[Signal], automated: list[AutomatedSignal]
) -> dict[str, float]:
    """The rules' evidence as the model's features: the strongest weight per pitch kind
    (and pair of kinds), the evidence against a pitch, the strongest weight per template
    rule, and the rules' own scores."""
    features = learned_features(text, pitch)
    for found in automated:
        key = "automated:" + found.rule
        features[key] = max(features.get(key, 0.0), found.weight)
    features["automated"] = _noisy_or(
        [v for k, v in features.items() if k.startswith("automated:")]
    )
    return features


_TOWARDS = {"pitch": "a pitch", "automated": "a template"}


def _weighed(name: str, phrases: list[str]) -> str:
    return f"Words that weighed most towards {_TOWARDS[name]}: {_quote(phrases)}"


# What says "template" in a reply too: a rule that names it (a slot left in, a pasted
# name, a tool that says it sent it, the stock clauses of a connection template). The
# model's word-weights alone are not enough there: "Great, thanks!" answers a message.
_TEMPLATE_SIGNS = frozenset({"placeholder", "spintax", "name_pasted", "declared", "stock_template"})


def classify_message(
    text: str, learned: TextModel | None = None, *, answering: bool = False
) -> MessageVerdict:
    """Pitch and automated verdicts for `text`, with scores (0–1) and reasons: the rules
    that fired and the words the model weighed most. `learned` replaces the shipped
    model (cross-validation). `answering`: the text replies to the other person's latest
    message, where "Great, thanks!" is an answer, not a template; there it is called
    automated only when a rule names the template (`_TEMPLATE_SIGNS`), not on the
    model's word-weights alone."""
    pitch = pitch_signals(text)
    automated = automated_signals(text)
    learned = learned or model()
    features = learned.features(text, rule_signals(text, pitch, automated))
    scores, flags, weighed = {}, {}, {}
    for name in CLASSES:
        judgement = learned[name]
        scores[name] = round(judgement.probability(features), 3)
        flags[name] = judgement.probability(features) >= judgement.threshold
        weighed[name] = judgement.phrases(features) if flags[name] else []
    if answering and not any(s.rule in _TEMPLATE_SIGNS for s in automated):
        flags["automated"] = False
        weighed["automated"] = []
    reasons: list[str] = []
    if flags["pitch"]:
        reasons += _pitch_reasons(pitch)
        if weighed["pitch"]:
            reasons.append(_weighed("pitch", weighed["pitch"]))
    if flags["automated"]:
        reasons += _automated_reasons(automated)
        if weighed["automated"]:
            reasons.append(_weighed("automated", weighed["automated"]))
    signals = [GuardSignal("pitch", s.name, s.phrase, s.label, s.weight) for s in pitch]
    signals += [GuardSignal("automated", s.rule, s.phrase, s.label, s.weight) for s in automated]
    signals += [
        GuardSignal(name, "model", phrase, "weighed most in the learned model", scores[name])
        for name in CLASSES
        for phrase in weighed[name]
    ]
    return MessageVerdict(
        pitch=flags["pitch"],
        automated=flags["automated"],
        scores=scores,
        reasons=reasons,
        signals=signals,
    )
