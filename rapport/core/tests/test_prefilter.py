"""The rules' gate: the words a pattern cannot match without, and that skipping a rule on
a text without them never changes what the rules find."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.core import pitch, pitch_counter
from rapport.core.corpus import MESSAGES, NOTES
from rapport.core.prefilter import Gate, required_words
from rapport.core.text import fold


def needs(pattern: str) -> frozenset[str] | None:
    return required_words(re.compile(pattern))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bbook a call\b", {"book a call"}),
        (r"\bfree\b \btrial\b", {"free trial"}),  # \b takes no characters: one run
        (r"\b(?:book|schedule) a (?:quick )?call\b", {"call"}),  # the run after is longest
        (r"(?:hop on|jump on) a call", {" a call"}),  # " a call" beats {"hop on", "jump on"}
        (r"\bbook|\bschedule", {"book", "schedule"}),  # either branch
        (r"(?:an|or) apple|pear", {" apple", "pear"}),
        (r"(?:very )?quick", {"quick"}),  # an optional part promises nothing
        (r"(?:very )*\d+ (?:usd|eur)", {"usd", "eur"}),
        (r"(?:hello )+world", {"hello "}),  # a repeat that must occur once counts
        (r"\bour (?!platform team)product", {"product"}),  # a look-ahead consumes nothing
        (r"[$€£]\d+", None),  # a class promises no word
        (r"\bhi\b", None),  # shorter than three letters: in nearly every text
        (r"(?:call|(?:to|at) )me", None),  # one branch has nothing of three letters
        (r"(?i)demo", None),  # the texts are folded; a case-blind pattern is not gated
        (r"(?i:demo) day", {" day"}),  # a case-blind part promises nothing, the rest does
        (r"(?:abc|)", None),  # an empty branch
        (r"ab[cd]ef", None),  # a class splits the letters into runs too short to use
    ],
)
def test_required_words(pattern: str, expected: set[str] | None) -> None:
    assert needs(pattern) == (None if expected is None else frozenset(expected))


def test_gate_runs_patterns_without_words_always_and_others_only_on_their_words() -> None:
    gate = Gate([re.compile(r"\bdemo\b"), re.compile(r"\d+%"), re.compile(r"free (?:trial|audit)")])
    assert gate.candidates("nothing here") == [1]
    assert gate.candidates("a demo and a free audit") == [0, 1, 2]
    assert gate.candidates("freely") == [1]


def _corpus_texts() -> list[str]:
    texts = []
    for path in (NOTES, MESSAGES):
        texts += [
            json.loads(line)["text"]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line
        ]
    return texts


@pytest.mark.parametrize(
    "rules", [pitch._COMPILED, pitch_counter._COMPILED], ids=["pitch", "counter"]
)
def test_every_match_on_the_corpus_contains_one_of_its_words(rules: list[tuple]) -> None:
    patterns = [rule[-1] for rule in rules]
    texts = [fold(text) for text in _corpus_texts()]
    matched = 0
    for found in [required_words(p) for p in patterns]:
        assert found is None or all(len(word) >= 3 for word in found)
    gate = Gate(patterns)
    for text in texts:
        run = set(gate.candidates(text))
        for index, pattern in enumerate(patterns):
            for match in pattern.finditer(text):
                matched += 1
                words = required_words(pattern)
                assert index in run, (pattern.pattern[:60], text)
                assert words is None or any(w in match.group(0) for w in words), (
                    pattern.pattern[:60],
                    match.group(0),
                )
    assert matched > 300  # the corpus exercises the rules


def test_most_rules_are_gated_and_most_texts_skip_most_of_them() -> None:
    patterns = [rule[-1] for rule in pitch._COMPILED]
    gated = [required_words(p) is not None for p in patterns]
    assert sum(gated) >= 0.9 * len(patterns)
    gate = Gate(patterns)
    texts = [fold(text) for text in _corpus_texts()]
    share = sum(len(gate.candidates(t)) for t in texts) / (len(texts) * len(patterns))
    assert share < 0.5


_PATTERNS = [rule[-1] for rule in pitch._COMPILED]
_PITCH_GATE = Gate(_PATTERNS)
_WORDS = sorted({w for text in _corpus_texts()[:800] for w in fold(text).split()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS) | st.text(max_size=4), max_size=40))
def test_a_rule_that_matches_is_never_skipped(parts: list[str]) -> None:
    """On texts stitched from the corpus's own words and noise, not just its sentences."""
    text = " ".join(parts)
    run = set(_PITCH_GATE.candidates(text))
    for index, pattern in enumerate(_PATTERNS):
        if pattern.search(text):
            assert index in run, (pattern.pattern[:60], text)


def test_the_shipped_gate_changes_no_rule_s_findings_on_the_corpus(monkeypatch) -> None:
    """`pitch_signals` with its own gate, against the same rules run on every text."""
    gated = {text: pitch.pitch_signals(text) for text in _corpus_texts()}

    class NoGate:
        def candidates(self, text: str) -> list[int]:
            return list(range(len(pitch._COMPILED)))

    monkeypatch.setattr(pitch, "_GATE", NoGate())
    assert all(pitch.pitch_signals(text) == found for text, found in gated.items())
