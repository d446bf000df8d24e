"""`analyze_note`: the coach's verdict on an invitation note, with its reasons.

Runs as the sender types (and again on the recipient's card), so it is pure, needs no
database, and every regex is compiled at import: a note takes well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rapport.core.pitch import (
    PITCH_THRESHOLD,
    Signal,
    pitch_score,
    pitch_signals,
)
from rapport.core.pitch_features import evidence, learned_features
from rapport.core.textmodel import TextModel
from rapport.invitations.coach.defaults import DefaultMatch, match_default
from rapport.invitations.coach.personal import Criterion, personal_criteria

MODEL = Path(__file__).resolve().parent / "model.json"
"""The learned half (issue 21): pitch, personal (medium or high) and high, trained on
data/notes.jsonl by `rapport train-note-coach`."""


@cache
def model() -> TextModel:
    """The shipped model, read once per process."""
    return TextModel.load(MODEL)


BANDS = (("low", 0), ("medium", 35), ("high", 70))
"""Score bands: one personal element (25) plus a sentence of one's own (10) is "medium"."""


VERDICTS = {
    "default": "Default text",
    "pitch": "Reads as a sales pitch",
    "impersonal": "Not personal yet",
    "personal": "Personal note",
}


@dataclass(frozen=True)
class NoteContext:
    """What the platform knows about sender and recipient; all optional."""

    recipient_name: str = ""  # display name, e.g. "Sarah Chen"
    sender_name: str = ""
    mutual_names: tuple[str, ...] = ()  # display names of mutual connections
    shared_employers: tuple[str, ...] = ()
    shared_schools: tuple[str, ...] = ()
    shared_groups: tuple[str, ...] = ()  # groups and events


@dataclass(frozen=True)
class NoteAnalysis:
    """The coach's verdict: three answers, and the reasons and signals behind them."""

    default_text: bool
    pitch: bool
    personalization: int  # 0–100: how personal, whatever else the note does
    reasons: list[str]  # sentences for the sender, e.g. "Names the recipient: Sarah (+15)"
    signals: dict[str, Criterion]  # every criterion by name, met or not, for the UI
    pitch_signals: tuple[Signal, ...] = ()
    pitch_score: float = 0.0
    default_match: DefaultMatch | None = None
    missing: tuple[str, ...] = field(default=())  # criteria that would make it more personal

    @property
    def band(self) -> str:
        return band(self.personalization)

    @property
    def verdict(self) -> str:
        """The one word shown beside the note, so the labels never disagree: default
        text and a pitch outrank how personal the rest reads, and a low score is "not
        personal yet" rather than a green "personal note" (issue 11, item 15)."""
        if self.default_text:
            return "default"
        if self.pitch:
            return "pitch"
        if self.band == "low":
            return "impersonal"
        return "personal"

    @property
    def verdict_label(self) -> str:
        return VERDICTS[self.verdict]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the verdict, the reasons, and the structured signals."""
        return {
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "default_text": self.default_text,
            "pitch": self.pitch,
            "personalization": self.personalization,
            "band": self.band,
            "reasons": list(self.reasons),
            "signals": {
                key: {"points": c.points, "phrases": list(c.phrases)}
                for key, c in self.signals.items()
                if c.points or c.phrases
            },
            "missing": list(self.missing),
            "pitch_score": self.pitch_score,
            "pitch_signals": [
                {"name": s.name, "kind": s.kind, "phrase": s.phrase, "weight": s.weight}
                for s in self.pitch_signals
            ],
            "default_match": (
                None
                if self.default_match is None
                else {"phrase": self.default_match.phrase, "coverage": self.default_match.coverage}
            ),
        }


def band(score: int) -> str:
    """ "low", "medium" or "high" for a personalization score."""
    name = BANDS[0][0]
    for label, floor in BANDS:
        if score >= floor:
            name = label
    return name


_MISSING = {
    "how_met": "say how you met or how you found them",
    "mutual_named": "name a mutual connection",
    "shared": "mention an employer, school, group or event you share",
    "specific": "mention something specific: a talk, an article, a project",
    "offer": "say what is in it for them",
}


def rule_signals(
    text: str, found: list[Signal], criteria: dict[str, Criterion], default: DefaultMatch | None
) -> dict[str, float]:
    """The rules' evidence as the model's features: the strongest weight per pitch kind
    (and pair of kinds), the evidence against a pitch, each personal criterion's points
    (a quarter of the scale is 1), and the rules' scores."""
    features = learned_features(text, found)
    for key, criterion in criteria.items():
        features["personal:" + key] = criterion.points / 25
    features["personal"] = max(0, min(100, sum(c.points for c in criteria.values()))) / 100
    features["default"] = 1.0 if default is not None else 0.0
    return features


def _quoted(phrases: list[str]) -> str:
    return ", ".join(f"'{phrase}'" for phrase in phrases)


def analyze_note(
    text: str, context: NoteContext | None = None, learned: TextModel | None = None
) -> NoteAnalysis:
    """Default text? A sales pitch? How personal, and why? See docs/decisions/0006-note-coach.md
    and 0027 (the learned half). `learned` replaces the shipped model (cross-validation)."""
    context = context or NoteContext()
    names = tuple(n for n in (context.recipient_name, context.sender_name) if n)
    default = match_default(text, names)
    found = pitch_signals(text)
    criteria = personal_criteria(
        text,
        recipient_name=context.recipient_name,
        sender_name=context.sender_name,
        mutual_names=context.mutual_names,
        affiliations=context.shared_employers + context.shared_schools + context.shared_groups,
        pitch=pitch_score(found) >= PITCH_THRESHOLD,
    )
    learned = learned or model()
    people = (context.recipient_name, context.sender_name, *context.mutual_names)
    features = learned.features(text, rule_signals(text, found, criteria, default), people)
    pitch_judgement = learned["pitch"]
    score = round(pitch_judgement.probability(features), 3)
    is_pitch = default is None and score >= pitch_judgement.threshold

    reasons: list[str] = []
    if default is not None:
        reasons.append(_default_reason(text, default))
    if is_pitch:
        parts = [f"{label} ({_quoted(phrases)})" for label, phrases in evidence(found)]
        quoted = {p for _, phrases in evidence(found) for p in phrases}
        weighed = [p for p in pitch_judgement.phrases(features) if p not in quoted]
        if weighed:
            parts.append(f"words that weighed most: {_quoted(weighed)}")
        reasons.append("Reads as a sales pitch: " + "; ".join(parts))
    if default is not None:
        # Default text says nothing of its own: whatever greets it, it earns nothing.
        personalization = 0
        missing: tuple[str, ...] = tuple(_MISSING.values())
    else:
        reasons += [c.reason for c in criteria.values() if c.reason]
        personalization = _personalization(learned, features)
        if not any(c.points > 0 for c in criteria.values()) and personalization < BANDS[1][1]:
            reasons.append("Nothing personal yet: too short to say why you want to connect (0)")
        elif personalization >= BANDS[1][1] and not is_pitch:
            personal = learned["personal"].phrases(features)
            if personal:
                reasons.append("Reads as written to them: " + _quoted(personal))
        missing = tuple(text for key, text in _MISSING.items() if not criteria[key].points)
    return NoteAnalysis(
        default_text=default is not None,
        pitch=is_pitch,
        personalization=personalization,
        reasons=reasons,
        signals=criteria,
        pitch_signals=tuple(found),
        pitch_score=score,
        default_match=default,
        missing=missing,
    )


def _personalization(learned: TextModel, features: Any) -> int:
    """0–100: half the model's belief that the note is personal at all, half that it is
    highly personal, so "medium" sits between the bands' floors and "high" above."""
    personal = learned["personal"].probability(features)
    high = learned["high"].probability(features)
    return max(0, min(100, round(50 * personal + 50 * high)))


def _default_reason(text: str, default: DefaultMatch) -> str:
    if not text.strip():
        return "Empty note: the recipient learns nothing about why you want to connect (0)"
    if default.empty:
        return "Says nothing beyond a greeting or a sign-off: as good as an empty note (0)"
    return f"Default text: reads as the stock phrase \u201c{default.phrase}\u201d (0)"
