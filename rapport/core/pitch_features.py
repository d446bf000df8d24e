"""The pitch rules' signals as people read them and as a learned model reads them.

`evidence` is what a reason quotes; `learned_features` is what the note coach's and the
message guard's models weigh (decision 0027): the strongest weight of each kind, each
pair of kinds seen together, and the evidence against a pitch.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapport.core.pitch import Signal, pitch_score, strongest_by_kind
from rapport.core.pitch_counter import counter_features


def evidence(signals: Sequence[Signal], *, kinds: int = 4) -> list[tuple[str, list[str]]]:
    """The pitch's evidence for people: per kind, strongest first, its label and up to
    three of the phrases that showed it ("offers a paid service at a price", ["$850 a day"])."""
    shown = []
    for best in sorted(strongest_by_kind(signals), key=lambda s: -s.weight)[:kinds]:
        phrases = list(dict.fromkeys(s.phrase for s in signals if s.kind == best.kind))[:3]
        shown.append((best.label, phrases))
    return shown


def kind_features(signals: Sequence[Signal]) -> dict[str, float]:
    """The signals as a learned model's features: the strongest weight of each kind, and
    of each pair of kinds seen together ("trigger+services": news about the reader next
    to what the sender sells), which a linear model cannot make from the kinds alone."""
    strongest = {s.kind: s.weight for s in strongest_by_kind(signals)}
    features = {f"pitch:{kind}": weight for kind, weight in strongest.items()}
    kinds = sorted(strongest)
    for i, first in enumerate(kinds):
        for second in kinds[i + 1 :]:
            features[f"pitch:{first}+{second}"] = min(strongest[first], strongest[second])
    features["pitch"] = pitch_score(signals)
    return features


def learned_features(text: str, signals: Sequence[Signal]) -> dict[str, float]:
    """Everything the rules say about `text` for a learned model: the pitch kinds and
    their pairs, and the evidence against a pitch (`rapport.core.pitch_counter`)."""
    return {**kind_features(signals), **counter_features(text)}
