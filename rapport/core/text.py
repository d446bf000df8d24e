"""Text normalisation shared by search and, later, the note and message classifiers."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, straight quotes, folded case and single spaces: the form we compare in."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().casefold()


def clean_line(text: str) -> str:
    """A one-line field as a member meant it: NFC, no control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch == " ")
    return _SPACES.sub(" ", text).strip()


def clean_paragraphs(text: str) -> str:
    """Multi-line text: keep line breaks, drop other control characters and trailing space."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """Split a search box into at most `limit` terms, each at least 2 characters."""
    terms = [t for t in re.split(r"[\s,]+", clean_line(query)) if len(t) >= 2]
    return terms[:limit]
