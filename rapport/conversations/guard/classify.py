"""The first-contact guard's verdict on one message: pitch, automated, and why.

Seeds 002–004: the first message after a connection is where members get sold to
("closing on the first date") or sent a template with their name missing. The guard
checks a newer contact's messages before they are delivered; the sender sees the same
reasons before sending and may edit or send anyway. So every verdict is explainable:
each reason names the rule and quotes the words that triggered it.

- pitch: the sales signals shared with the invitation note coach
  (`rapport.core.pitch`), scored as a noisy-or of the strongest signal per kind;
- automated: a broken personalisation or a stock thank-you template
  (`rapport.conversations.guard.automated`), scored the same way.

Bulk sending depends on the sender's history, not the text, and lives in `bulk`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapport.conversations.guard.automated import AutomatedSignal, automated_signals
from rapport.core.pitch import (
    PITCH_THRESHOLD,
    Signal,
    pitch_score,
    pitch_signals,
    strongest_by_kind,
)

AUTOMATED_THRESHOLD = 0.5
"""An automated score at or above this flags the message (one broken slot is enough)."""
CLASSES = ("pitch", "automated")


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
    reasons = []
    for best in sorted(strongest_by_kind(signals), key=lambda s: -s.weight):
        phrases = [s.phrase for s in signals if s.kind == best.kind][:3]
        reasons.append(f"{best.label[0].upper()}{best.label[1:]}: {_quote(phrases)}")
    return reasons


def _automated_reasons(signals: list[AutomatedSignal]) -> list[str]:
    """One sentence per rule, with every slot or clause it found."""
    by_label: dict[str, list[str]] = {}
    for signal in signals:
        by_label.setdefault(signal.label, []).append(signal.phrase)
    return [f"{label}: {_quote(phrases)}" for label, phrases in by_label.items()]


def classify_message(text: str) -> MessageVerdict:
    """Pitch and automated verdicts for `text`, with scores (0–1) and quoted reasons."""
    pitch = pitch_signals(text)
    automated = automated_signals(text)
    best_automated: dict[str, float] = {}
    for signal in automated:
        best_automated[signal.rule] = max(best_automated.get(signal.rule, 0.0), signal.weight)
    scores = {
        "pitch": pitch_score(pitch),
        "automated": _noisy_or(list(best_automated.values())),
    }
    is_pitch = scores["pitch"] >= PITCH_THRESHOLD
    is_automated = scores["automated"] >= AUTOMATED_THRESHOLD
    reasons: list[str] = []
    if is_pitch:
        reasons += _pitch_reasons(pitch)
    if is_automated:
        reasons += _automated_reasons(automated)
    signals = [GuardSignal("pitch", s.name, s.phrase, s.label, s.weight) for s in pitch]
    signals += [GuardSignal("automated", s.rule, s.phrase, s.label, s.weight) for s in automated]
    return MessageVerdict(
        pitch=is_pitch,
        automated=is_automated,
        scores=scores,
        reasons=reasons,
        signals=signals,
    )
