"""Is the note the platform's default text, give or take a greeting, a name and a typo?

Seeds 000 and 001: most invitations carry the stock "I'd like to add you to my
professional network", and it tells the recipient nothing. Senders dress it up ("Hi
Sarah, … Best, Tom"), mistype it, or paste LinkedIn's wording on Rapport; it is still the
default text. How it is decided, in order:

1. Take off the greeting with the name it addresses, and any sign-off with a name.
2. Fold (case, accents, quotes, full-width), drop the names the platform knows, the
   platform's name with its preposition ("on LinkedIn", "sur Rapport"), and politeness
   that carries no content ("hope you're well", "thanks in advance").
3. Canonicalise shorthand ("pls", "u", "I would") and mend typos by mapping each word to a
   stock word at least 80 % similar (difflib).
4. Compare the words left with each stock phrase as bags of words: the note is default
   text when it has at least three quarters of a phrase's words and at most a couple of
   its own. An empty note (or one of punctuation only) is default too; a bare greeting
   ("Hey!", "Hi Will 👋") or courtesy alone is not: it is generic, and the personal
   score says so.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapport.core.names import name_parts, split_greeting
from rapport.core.text import fold, tidy, words

# The platform's stock invitations, in the words `_core_words` leaves (no platform name).
STOCK_PHRASES: tuple[str, ...] = (
    "i'd like to add you to my professional network",
    "i'd like to join your network",
    "i'd like to join your professional network",
    "i'd like you to join my professional network",
    "i'd like to connect with you",
    "please join my network",
    "please join my professional network",
    # LinkedIn's own translations of the first phrase.
    "ich mochte sie gerne zu meinem beruflichen netzwerk hinzufugen",
    "ich mochte dich gerne zu meinem beruflichen netzwerk hinzufugen",
    "je souhaiterais vous ajouter a mon reseau professionnel",
    "me gustaria anadirte a mi red profesional",
    "gostaria de adicionar voce a minha rede profissional",
    "vorrei aggiungerti alla mia rete professionale",
)
_STOCK = [(phrase, phrase.split()) for phrase in STOCK_PHRASES]
_VOCABULARY = sorted({word for _, ws in _STOCK for word in ws})
_MENDABLE = [word for word in _VOCABULARY if len(word) >= 5]  # short words have no typo room
_LONGEST = max(len(ws) for _, ws in _STOCK)

_PLATFORM = re.compile(
    r"\b(?:(?:on|at|in|via|through|sur|auf|de|en|no|su|op) )?"
    r"(?:linked ?in|linkdin|linkedln|linkden|rapport|this (?:platform|site|app)|here)\b"
)
_POLITENESS = re.compile(
    r"\b(?:hope (?:you'?re|you are|all is|all's|this finds you|everything is|you have been"
    r"|you've been)(?: doing)? (?:well|good|great|fine)"
    r"|thanks?(?: you)?(?: so much| very much| in advance| again)?"
    r"|have a (?:great|good|nice|lovely|wonderful) (?:day|week|weekend|one)"
    r"|(?:i )?look(?:ing)? forward to (?:connecting|hearing from you)"
    r"|(?:kind|best|warm|warmest|many)? ?regards|cheers|sincerely|respectfully|best wishes"
    r"|all the best|take care|warmly)\b"
)
_SIGN_OFF = re.compile(
    r"(?:[,.!?;:\-–—~\n]|^)\s*"
    r"(?P<closing>(?i:(?:(?:best|kind|warm|warmest|many) )?regards|thanks?(?: you)?(?: so much)?"
    r"(?: in advance| again)?|cheers|best|sincerely|respectfully|warmly|all the best|best wishes"
    r"|take care|have a (?:great|good|nice|lovely) (?:day|week|weekend))[\s,.!:;\-–—~]*)?"
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,3})?"
    r"(?:,\s*(?i:phd|mba|md|cpa|pmp|cfa)\.?)?[\s.!]*$"
)
_EMOTICON = re.compile(r"(?:^|\s)[:;=]-?[()dDpP3]+|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_SHORTHAND = {"u": "you", "ur": "your", "pls": "please", "plz": "please", "id": "i'd", "ad": "add"}
_PHRASES = [
    (
        re.compile(r"\bi(?:'d| would) love to\b|\bi want to\b|\bi wish to\b|\bi'd want to\b"),
        "i'd like to",
    ),
    (re.compile(r"\bi would\b|\bi wd\b"), "i'd"),
    (re.compile(r"^would like\b"), "i'd like"),
]


@dataclass(frozen=True)
class DefaultMatch:
    """Why a note counts as default text: the stock phrase it matched, or that it says nothing."""

    phrase: str  # the stock phrase, or "" for an empty note
    coverage: float  # share of the phrase's words found
    extra: tuple[str, ...]  # the note's own words beyond the phrase

    @property
    def empty(self) -> bool:
        return not self.phrase


def match_default(text: str, names: tuple[str, ...] = ()) -> DefaultMatch | None:
    """The default-text verdict for `text`; `names` are people the platform knows to drop."""
    if all(unicodedata.category(c)[0] in "PZC" for c in text):
        return DefaultMatch("", 1.0, ())  # empty, or nothing but punctuation and spaces
    core = _core_words(text, names)
    if not core:
        # A greeting, a name or courtesy alone is generic, not the platform's text:
        # someone typed "Hey Will!" (issue 21).
        return None
    if len(core) > _LONGEST + 3:
        return None  # too much of its own to be a stock phrase
    best: DefaultMatch | None = None
    for phrase, stock in _STOCK:
        remaining = list(core)
        found = 0
        for word in stock:
            if word in remaining:
                remaining.remove(word)
                found += 1
        coverage = found / len(stock)
        allowed = 2 if len(stock) >= 6 else 1
        if coverage >= 0.75 and len(remaining) <= allowed:
            candidate = DefaultMatch(phrase, round(coverage, 2), tuple(remaining))
            if best is None or (coverage, -len(remaining)) > (best.coverage, -len(best.extra)):
                best = candidate
    return best


def _core_words(text: str, names: tuple[str, ...]) -> list[str]:
    rest = _EMOTICON.sub(" ", split_greeting(text).rest)
    for _ in range(3):  # "… Thanks! Best, Tom" has two layers
        stripped = _strip_sign_off(rest)
        if stripped == rest:
            break
        rest = stripped
    folded = fold(rest)
    folded = _PLATFORM.sub(" ", folded)
    folded = _POLITENESS.sub(" ", folded)
    for pattern, replacement in _PHRASES:
        folded = pattern.sub(replacement, folded.strip())
    drop = {part for name in names for part in name_parts(name)}
    kept = [word for word in words(folded) if word not in drop]
    if len(kept) > _LONGEST + 3:
        return kept  # too long to be a stock phrase: no need to mend its typos
    return [_canonical(word) for word in kept]


def _strip_sign_off(text: str) -> str:
    """Take off a trailing "Best, Tom", "- Kwame" or "Thanks!": a closing, a name, or both."""
    match = _SIGN_OFF.search(tidy(text))
    if not match or not (match.group("closing") or match.group("name")):
        return text
    name = match.group("name") or ""
    person = [w for w in name.split() if w.rstrip(".") not in {"Dr", "Mr", "Mrs", "Ms", "Prof"}]
    if name and not all(w[0].isupper() and w.casefold() not in {"i", "i'd", "i'm"} for w in person):
        return text
    return text[: match.start()].rstrip()


@lru_cache(maxsize=4096)
def _canonical(word: str) -> str:
    """A stock word for shorthand and typos ("profesional", "netwrk"), else the word itself."""
    if word in _SHORTHAND:
        return _SHORTHAND[word]
    if len(word) < 5 or word in _VOCABULARY:
        return word
    best, best_ratio = word, 0.8
    matcher = difflib.SequenceMatcher(b=word, autojunk=False)
    for candidate in _MENDABLE:
        if abs(len(candidate) - len(word)) > 2:
            continue
        matcher.set_seq1(candidate)
        if matcher.quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
            best, best_ratio = candidate, matcher.ratio()
    return best
