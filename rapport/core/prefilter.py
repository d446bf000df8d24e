"""Which plain words a regular expression cannot match without, so a rule can be skipped
cheaply on a text that has none of them.

The pitch and template rules are dozens of regular expressions run on every keystroke of
a note and on every first message; most texts contain none of the words a given rule is
built around, and asking `"book" in text` is a hundred times cheaper than letting the
regex engine try every position. The words are derived from the pattern itself, so the
gate can never disagree with the rule: every match of the pattern contains one of them
(what RE2 and Hyperscan call a prefilter). A pattern with no such words is always run.

The pattern is read with the standard library's own parser (`re._parser`, the module
`re.compile` uses; it is private, so `tests` check it on every rule).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

# The standard library's own regex parser (private modules: typeshed's stubs for them
# come and go between mypy releases, so they are looked up by name).
c: Any = importlib.import_module("re._constants")
_parser: Any = importlib.import_module("re._parser")

MIN_LENGTH = 3  # "an" or "we" is in nearly every text: a gate on it buys nothing

Needs = frozenset[str] | None  # one of these is in every match; None: nothing known


def required_words(pattern: re.Pattern[str]) -> Needs:
    """A set of strings of which every match of `pattern` contains at least one, each at
    least `MIN_LENGTH` long; None when the pattern promises no such string."""
    if pattern.flags & re.IGNORECASE:
        return None  # the texts are folded to lower case; such a pattern is not
    return _sequence(_parser.parse(pattern.pattern, pattern.flags))


def _better(a: Needs, b: Needs) -> Needs:
    """The more telling of two requirements: longer shortest string, then fewer strings."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda needs: (min(map(len, needs)), -len(needs)))


def _literal(run: list[str]) -> Needs:
    text = "".join(run)
    return frozenset({text}) if len(text) >= MIN_LENGTH else None


def _sequence(items: Iterable[tuple[Any, Any]]) -> Needs:
    best: Needs = None
    run: list[str] = []
    for op, argument in items:
        if op is c.LITERAL:
            run.append(chr(argument))
            continue
        if op is c.AT:
            continue  # \b, ^, $ take no characters: the letters either side are adjacent
        best = _better(best, _literal(run))
        run = []
        best = _better(best, _item(op, argument))
    return _better(best, _literal(run))


def _item(op: Any, argument: Any) -> Needs:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, inner = argument
        if add_flags or del_flags:
            return None
        return _sequence(inner)
    if op is c.BRANCH:
        needs: set[str] = set()
        for branch in argument[1]:
            found = _sequence(branch)
            if found is None:
                return None  # one way through the alternation needs nothing
            needs |= found
        return frozenset(needs)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, inner = argument
        return _sequence(inner) if low >= 1 else None
    if op is c.ATOMIC_GROUP:
        return _sequence(argument)
    return None  # a class, a look-around, a back reference: no word promised


class Gate:
    """Which of a list of patterns could match a text: those whose words it contains
    (found in one pass over the text by an Aho–Corasick automaton, pyahocorasick) and
    those that promise no word."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        import ahocorasick

        self._always: list[int] = []
        self._by_word: dict[str, list[int]] = {}
        for index, pattern in enumerate(patterns):
            needs = required_words(pattern)
            if needs is None:
                self._always.append(index)
            for word in sorted(needs or ()):
                self._by_word.setdefault(word, []).append(index)
        self._words = ahocorasick.Automaton()
        for word in self._by_word:
            self._words.add_word(word, word)
        if self._by_word:
            self._words.make_automaton()

    def candidates(self, text: str) -> list[int]:
        """The indices, in order, of the patterns worth running on `text`."""
        chosen = set(self._always)
        if self._by_word:
            for _end, word in self._words.iter(text):
                chosen.update(self._by_word[word])
        return sorted(chosen)
