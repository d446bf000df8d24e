"""Has the sender sent this text, give or take a name, to many people lately?

A message sent in bulk reads the same to everyone, whatever the first line says. Each
message gets a MinHash signature of its word shingles when it is sent; a new message is
compared with the sender's recent signatures, and the recipients of the near-identical
ones are counted. Pure functions, no database: the service fetches the history.

Before shingling, the text loses what a mail merge changes from one reader to the next:
the greeting with the name it addresses ("Hi Anna," / "Hi Ben,"), capitalised words
inside a sentence (names, employers, cities), and digits. What is left is the template.

Signatures are `NUM_PERM` little-endian uint32 values (256 bytes), from datasketch's
MinHash with a fixed seed, so a signature stored by one process compares with one made
by another. Comparing is done on the raw values with numpy: the share of equal slots is
the estimated Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from datasketch import MinHash

from rapport.core.names import split_greeting
from rapport.core.text import fold, tidy


@dataclass(frozen=True)
class BulkRules:
    """When near-identical text counts as bulk: to `recipients` people within `days`."""

    recipients: int
    days: int
    similarity: float


BULK_DEFAULTS = BulkRules(recipients=5, days=7, similarity=0.8)
"""The issue's defaults; settings may override them (RAPPORT_BULK_*)."""

NUM_PERM = 64  # 64 slots: ±0.05 on the estimate, plenty for a 0.8 threshold
SEED = 20_240_905  # fixed forever: stored signatures must stay comparable
SHINGLE = 3  # words per shingle
_DTYPE = np.dtype("<u4")
SIGNATURE_BYTES = NUM_PERM * _DTYPE.itemsize

# One MinHash's permutations, made once; each signature reuses them (7× faster).
_PROTOTYPE = MinHash(num_perm=NUM_PERM, seed=SEED)

_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+|[.!?]+|\n")
_NOT_NAMES = frozenset({"I", "I'm", "I'd", "I've", "I'll", "OK"})

R = TypeVar("R", bound=Hashable)


def template_tokens(text: str) -> list[tuple[str, bool]]:
    """The folded words of `text` after its greeting, each with whether it reads as a name.

    A name is a capitalised word inside a sentence ("… in Berlin", "Thanks, Anna"); "I"
    and the first word of a sentence are not. Digits become "0".
    """
    rest = split_greeting(text).rest
    out: list[tuple[str, bool]] = []
    sentence_start = True
    for match in _TOKEN.finditer(tidy(rest)):
        token = match.group(0)
        if token[0] in ".!?\n":
            sentence_start = True
            continue
        if token[0].isdigit():
            out.append(("0", False))
        else:
            name = token[0].isupper() and not sentence_start and token not in _NOT_NAMES
            out.append((fold(token), name))
        sentence_start = False
    return out


def template_words(text: str) -> list[str]:
    """The words of `text` as a template: no greeting name, names folded to "_", no digits.

    "Hi Anna, I loved Acme's launch in 2023" and "Hello Ben, I loved Initech's launch in
    2024" give the same words: what a mail merge fills in is gone.
    """
    return ["_" if name else word for word, name in template_tokens(text)]


def _shingles(text: str) -> list[bytes]:
    tokens = template_words(text)
    if len(tokens) >= SHINGLE:
        grams = {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}
    elif tokens:
        # A very short message: its words and the whole, so "Thanks!" ≠ "Thanks again!".
        grams = set(tokens) | {" ".join(tokens)}
    else:
        # Nothing but a greeting ("Hi Anna!"): the text itself, by character trigrams.
        whole = fold(text) or "\x00"
        grams = {whole[i : i + 3] for i in range(max(1, len(whole) - 2))}
    return [gram.encode("utf-8") for gram in sorted(grams)]


def signature(text: str) -> bytes:
    """The MinHash of the text's template shingles: `SIGNATURE_BYTES` bytes, stable."""
    minhash = MinHash(
        num_perm=NUM_PERM, seed=SEED, permutations=_PROTOTYPE.permutations, scheme="affine32"
    )
    minhash.update_batch(_shingles(text))
    return minhash.hashvalues.astype(_DTYPE).tobytes()


def _values(sig: bytes) -> np.ndarray | None:
    if len(sig) != SIGNATURE_BYTES:
        return None  # from another scheme or damaged: compares with nothing
    return np.frombuffer(sig, dtype=_DTYPE)


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets, 0–1."""
    a, b = _values(sig_a), _values(sig_b)
    if a is None or b is None:
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def bulk_recipients(
    sig: bytes,
    history: Iterable[tuple[R, bytes]],
    threshold: float = BULK_DEFAULTS.similarity,
) -> set[R]:
    """The recipients in `history` (recipient, signature) whose message is near-identical.

    One vectorised comparison for the whole history, so a few hundred earlier messages
    cost well under a millisecond. Signatures of the wrong length are skipped.
    """
    values = _values(sig)
    if values is None:
        return set()
    recipients: list[R] = []
    rows: list[bytes] = []
    for recipient, earlier in history:
        if len(earlier) == SIGNATURE_BYTES:
            recipients.append(recipient)
            rows.append(bytes(earlier))
    if not rows:
        return set()
    matrix = np.frombuffer(b"".join(rows), dtype=_DTYPE).reshape(len(rows), NUM_PERM)
    scores = np.count_nonzero(matrix == values, axis=1) / NUM_PERM
    return {recipients[i] for i in np.flatnonzero(scores >= threshold - 1e-9)}
