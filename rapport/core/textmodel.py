"""The learned half of the note coach and the message guard: a linear model over words,
character n-grams and the rules' own signals (issue 21, decision 0027).

Rules tuned on their own examples do not generalise: a pitch that names a day rate and
no sales word slips past them. A logistic regression trained on the labelled corpus
(`rapport train-note-coach`, `rapport train-message-guard`) weighs every word pair and
character n-gram of a text together with the rules that fired, so the rules still count
and the model fills their gaps.

What ships is a JSON file beside the capability: the feature names it uses and, for
each judgement, an intercept, a threshold and one weight per feature. Nothing is
pickled and nothing is downloaded; the text is cut into features by scikit-learn's own
analyzers, configured as they were for training, so a text reads the same in both.

A text's features are binary; its words and character n-grams are scaled together to
unit length (a long text's every word weighs less), the rules' signals enter as they are
(0–1). The score is the logistic of the weighted sum. Explaining it is reading the sum:
the words and phrases whose weights pushed hardest towards the verdict.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from rapport.core.names import NAME_TOKEN, mask_names
from rapport.core.placeholders import CODE_SLOT, mask_code_slots
from rapport.core.text import fold

FORMAT = 1
WORD, CHAR, RULE = "w ", "c ", "r "  # feature-name prefixes: the three kinds of feature


def analyzers(word_ngrams: tuple[int, int], char_ngrams: tuple[int, int]) -> tuple[Any, Any]:
    """scikit-learn's word and character analyzers, as training and scoring both use them.

    Texts arrive folded (case, accents, curly quotes) and with names masked
    (`rapport.core.names.mask_names`), so "Day Rate" and "day rate" are one feature.
    Imported here, not at module level, so that importing the coach does not load
    scikit-learn until a text is judged."""
    from sklearn.feature_extraction.text import CountVectorizer

    word = CountVectorizer(
        ngram_range=word_ngrams,
        lowercase=False,
        token_pattern=r"(?u)\b\w[\w']*\b|[!?$£€%]",  # noqa: S106 — a regex, not a secret
    ).build_analyzer()
    char = CountVectorizer(
        analyzer="char_wb", ngram_range=char_ngrams, lowercase=False
    ).build_analyzer()
    return word, char


_GREETINGS = frozenset({"hi", "hey", "hello", "hiya", "dear", "thanks", "thank", "yo"})


@cache
def _untelling() -> frozenset[str]:
    """Words that are true of a text but tell a member nothing: stop words, greetings."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | _GREETINGS | {NAME_TOKEN, CODE_SLOT}


@dataclass(frozen=True)
class Features:
    """One text's features: its word and character n-grams present, and the rule signals."""

    words: frozenset[str]  # those the model weighs
    chars: frozenset[str]
    rules: Mapping[str, float]
    count: int  # every distinct word and character n-gram of the text, weighed or not
    columns: Any = None  # numpy indices of `words` and `chars` in the model's weight vectors

    @property
    def scale(self) -> float:
        """Every word and character feature weighs 1/scale: the text's vector, unit length."""
        return math.sqrt(self.count) or 1.0


@dataclass(frozen=True)
class Judgement:
    """One yes/no judgement the model makes: its weights and where it says yes."""

    name: str
    intercept: float
    threshold: float
    weights: Mapping[str, float]
    vector: Any = None  # the word and character weights, in the model's column order

    @cached_property
    def _by_kind(self) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
        """The weights split by kind of feature, keyed by the n-gram or rule itself, so
        scoring a text is dictionary look-ups without building names."""
        split: tuple[dict[str, float], dict[str, float], dict[str, float]] = ({}, {}, {})
        for name, weight in self.weights.items():
            split[(WORD, CHAR, RULE).index(name[:2])][name[2:]] = weight
        return split

    def margin(self, features: Features) -> float:
        _, _, rules = self._by_kind
        text = float(self.vector[features.columns].sum())
        ruled = sum([rules.get(name, 0.0) * value for name, value in features.rules.items()])
        return self.intercept + text / features.scale + ruled

    def probability(self, features: Features) -> float:
        margin = self.margin(features)
        return 1.0 / (1.0 + math.exp(-margin)) if margin > -700 else 0.0

    def phrases(self, features: Features, *, towards: bool = True, top: int = 3) -> list[str]:
        """The words or word pairs of the text whose weights pushed hardest towards (or
        against) a yes. Character n-grams count in the verdict but are not words a member
        can read, so they are not listed. A pair is preferred to the single words in it
        when it pushes at least as hard."""
        words, _, _ = self._by_kind
        untelling = _untelling()
        sign = 1.0 if towards else -1.0
        pushes = {g: words.get(g, 0.0) * sign for g in features.words}
        chosen: list[str] = []
        for gram, push in sorted(pushes.items(), key=lambda item: (-item[1], item[0])):
            if push <= 0:
                break
            if gram in untelling or gram.rsplit(" ", 1)[-1] in untelling or NAME_TOKEN in gram:
                continue  # "your", "hi", "together a": true, but they explain nothing
            if not any(c.isalpha() for c in gram.rsplit(" ", 1)[-1]):
                continue  # "$", "!" weigh, but a member reads words
            if any(gram in kept.split() or kept in gram.split() for kept in chosen):
                continue
            chosen.append(gram)
            if len(chosen) == top:
                break
        return chosen


@dataclass(frozen=True)
class TextModel:
    """A trained model: how texts are cut into features and the judgements it makes."""

    word_ngrams: tuple[int, int]
    char_ngrams: tuple[int, int]
    judgements: Mapping[str, Judgement]
    trained: Mapping[str, Any]  # how it was trained: corpus digest, seed, sizes

    @cached_property
    def _analyzers(self) -> tuple[Any, Any]:
        return analyzers(self.word_ngrams, self.char_ngrams)

    word_columns: Mapping[str, int]  # each weighed word n-gram's column in the vectors
    char_columns: Mapping[str, int]

    def features(
        self, text: str, rules: Mapping[str, float], names: tuple[str, ...] = ()
    ) -> Features:
        """The text's features, its greeted name and `names` (the people the platform
        knows it concerns) masked first: who a note is for is not what it says."""
        word, char = self._analyzers
        masked = mask_names(fold(mask_code_slots(text)), names)
        words = set(word(masked))
        chars = set(char(masked))
        known_words = words & self.word_columns.keys()
        known_chars = chars & self.char_columns.keys()
        columns = [self.word_columns[g] for g in known_words]
        columns += [self.char_columns[g] for g in known_chars]
        # The scale counts every n-gram of the text, weighed or not, as training did.
        return Features(
            words=frozenset(known_words),
            chars=frozenset(known_chars),
            rules=rules,
            count=len(words) + len(chars),
            columns=np.array(columns, dtype=np.intp),
        )

    def __getitem__(self, name: str) -> Judgement:
        return self.judgements[name]

    @classmethod
    def load(cls, path: Path) -> TextModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TextModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown text model format {data.get('format')!r}")
        names = sorted({n for j in data["judgements"].values() for n in j["weights"]})
        text_names = [n for n in names if n[:2] in (WORD, CHAR)]
        column = {n: i for i, n in enumerate(text_names)}
        judgements = {}
        for name, j in data["judgements"].items():
            weights = {k: float(v) for k, v in j["weights"].items()}
            vector = np.zeros(len(text_names))
            for feature, weight in weights.items():
                if feature in column:
                    vector[column[feature]] = weight
            judgements[name] = Judgement(
                name=name,
                intercept=float(j["intercept"]),
                threshold=float(j["threshold"]),
                weights=weights,
                vector=vector,
            )
        return cls(
            word_ngrams=(data["word_ngrams"][0], data["word_ngrams"][1]),
            char_ngrams=(data["char_ngrams"][0], data["char_ngrams"][1]),
            judgements=judgements,
            trained=dict(data.get("trained", {})),
            word_columns={n[2:]: i for n, i in column.items() if n[:2] == WORD},
            char_columns={n[2:]: i for n, i in column.items() if n[:2] == CHAR},
        )
