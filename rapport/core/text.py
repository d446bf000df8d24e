"""Text normalisation shared by search and, later, the note and message classifiers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


# Quotes beyond the four `normalize` straightens, as phones and word processors type them.
_MORE_QUOTES = str.maketrans(
    {
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u02bc": "'",
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
    }
)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def strip_accents(text: str) -> str:
    """Drop combining marks: "Zoë" becomes "Zoe"; ø, ß and ł have no mark and stay."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


@lru_cache(maxsize=512)
def tidy(text: str) -> str:
    """NFKC and straight quotes, with case and line breaks kept: for rules that read capitals."""
    text = unicodedata.normalize("NFKC", text.translate(_MORE_QUOTES))
    return text.translate(_QUOTES)


@lru_cache(maxsize=512)
def fold(text: str) -> str:
    """`normalize` with every kind of quote straightened and accents dropped.

    The form the text classifiers compare in: "ZOË’S", "zoe's" and "Zoe\u00b4s" are equal.
    """
    return strip_accents(normalize(text.translate(_MORE_QUOTES)))


def words(text: str) -> list[str]:
    """The words of text, keeping inner apostrophes ("i'd", "o'neil"); call on `fold`ed text."""
    return _WORD.findall(text)


# A cell a spreadsheet would run as a formula: text others wrote can start like one.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading quote before anything it would
    run as a formula (as spreadsheets document it), and before a quote already there,
    so that `spreadsheet_text` gives back exactly what was written."""
    if value.startswith((*_FORMULA_STARTS, "'")):
        return "'" + value
    return value


def spreadsheet_text(value: str) -> str:
    """What `spreadsheet_safe` was given: its leading quote taken off again."""
    if value.startswith("'") and value[1:].startswith((*_FORMULA_STARTS, "'")):
        return value[1:]
    return value
