"""Finding people's names in a note: the greeting, go-betweens, and names the platform knows.

Names are compared accent- and case-insensitively ("Zoe" finds "Zoë Martin"), but an
occurrence only counts when it is written with a capital (or right after "hi"), unless the
note has no capitals at all.
A first name that is also a common word ("Will", "June", "Grace") counts only right after
a greeting or as part of the full name, so "Will you be at the June offsite?" names nobody.

Template slots ("{first_name}", "Hi ,") are found by `rapport.core.placeholders`, which the
messaging guard shares; `placeholders` stays importable from here for the coach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapport.core.placeholders import placeholders as placeholders  # re-exported
from rapport.core.text import strip_accents, tidy

GREETING = re.compile(
    r"^\s*(?P<greeting>hi|hello|hey|hiya|howdy|dear|greetings"
    r"|good (?:morning|afternoon|evening|day)"
    r"|hola|bonjour|salut|hallo|hej|hei|ciao|ola|olá|namaste|salaam|yo)\b(?:\s+again)?"
    r"(?:\s+(?:there|all|everyone|everybody|folks|team|friend|y'all)\b)?[\s,!.:;~-]*",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|madam|mme|herr|frau|sr|sra)\.?\s+", re.IGNORECASE
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_GREETING_WORDS = _wordset("hi hello hey hiya howdy dear hola bonjour salut hallo hej hei ciao ola")


# Capitalised words after a greeting that are not a name.
NOT_NAMES = _wordset(
    """i i'd i'm i've i'll there all everyone everybody team folks friend friends sir madam
    guys people again you we it this that my our hope thanks thank please just quick so
    and linkedin rapport connection connections dear"""
)
# First names that are also everyday words: they need a greeting or the full name.
AMBIGUOUS_NAMES = _wordset(
    """will may june april august grace hope joy faith bill pat sue rob art dawn summer rose
    iris page long young king brown white black green rich hall wood little love case lake
    bell day chase sky mark max ray jack frank earl hunter penny ruby amber crystal holly
    ivy jade pearl sunny autumn carol don drew gene guy jean major miles neil norman rusty
    sterling sol star"""
)


@dataclass(frozen=True)
class Greeting:
    """How the note opens: the greeting word, the name it addresses (if any), and the rest."""

    greeting: str
    name: str
    rest: str


@lru_cache(maxsize=256)
def split_greeting(text: str) -> Greeting:
    """Split "Hi Dr. Sarah Chen, …" into "Hi", "Sarah Chen" and "…" (capitals decide the name)."""
    text = tidy(text)
    match = GREETING.match(text)
    if not match:
        return Greeting("", "", text.strip())
    rest = text[match.end() :]
    title = _TITLE.match(rest)
    cursor = title.end() if title else 0
    names: list[str] = []
    while len(names) < 3:
        word = _NAME_WORD.match(rest, cursor)
        if not word:
            break
        token = word.group(0)
        if not token[0].isupper() or token.casefold().replace("’", "'") in NOT_NAMES:
            break
        names.append(token)
        cursor = word.end()
        gap = re.match(r"[ \t]+", rest[cursor:])
        if not gap:
            break
        cursor += gap.end()
    if not names:
        return Greeting(match.group("greeting"), "", rest.strip())
    after = re.match(r"[\s,!.:;~\-–—]*", rest[cursor:])
    cursor += after.end() if after else 0
    return Greeting(match.group("greeting"), " ".join(names), rest[cursor:].strip())


@dataclass(frozen=True)
class Token:
    folded: str  # lower case, no accents
    capital: bool


class NoteWords:
    """The note's words with their capitalisation, for matching names the platform knows."""

    def __init__(self, text: str) -> None:
        plain = strip_accents(tidy(text))
        self.tokens = [
            Token(m.group(0).casefold(), m.group(0)[0].isupper())
            for m in re.finditer(r"[^\W\d_]+(?:['-][^\W\d_]+)*", plain)
        ]
        self.any_capital = any(t.capital for t in self.tokens)
        self.greeting_name = split_greeting(text).name
        self._greeted = {w.casefold() for w in strip_accents(self.greeting_name).split()}

    def find(self, display_name: str, *, skip: frozenset[str] = frozenset()) -> str:
        """The words of `display_name` the note uses ("" when none): full, first or last name."""
        full = name_parts(display_name)
        folded = [t.folded for t in self.tokens]
        if len(full) > 1:
            for i in range(len(folded) - len(full) + 1):
                if folded[i : i + len(full)] == full:
                    return clean_name(display_name)
        for part in full:
            if part in skip:
                continue
            for i, token in enumerate(self.tokens):
                if token.folded != part:
                    continue
                after_greeting = i > 0 and self.tokens[i - 1].folded in _GREETING_WORDS
                if self.any_capital and not token.capital and not after_greeting:
                    continue
                if part in AMBIGUOUS_NAMES and part not in self._greeted and not after_greeting:
                    continue
                return _display_word(display_name, part)
        # The greeting may use a short form: "Hi Rob" for Robert, "Hi Alex" for Alexandra.
        for part in full:
            for greeted in self._greeted:
                if len(greeted) >= 3 and part not in skip and part.startswith(greeted):
                    return self.greeting_name
        return ""


def clean_name(display_name: str) -> str:
    return " ".join(tidy(display_name).split())


def _display_word(display_name: str, part: str) -> str:
    for word in clean_name(display_name).split():
        if strip_accents(word).casefold().strip(".,") == part:
            return word
    return part


def name_parts(display_name: str) -> list[str]:
    """Folded words of a display name worth matching: no titles, no initials."""
    plain = strip_accents(tidy(display_name)).casefold()
    words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", plain)
    titles = {"dr", "mr", "mrs", "ms", "mx", "prof", "professor", "sir", "jr", "sr", "phd", "md"}
    return [w for w in words if len(w) > 1 and w not in titles]


_NOT_PEOPLE = _wordset(
    """i we you he she they it my our your his her their the this that someone everyone
    somebody anybody nobody a an hi hello hey dear thanks thank also and but so just when
    if then after before while since because linkedin rapport google people team everybody
    most many some one who what which where how why there here loved love great nice happy"""
)
_CAP = r"[A-Z][\w'-]+"
_PERSON = rf"(?P<person>{_CAP}(?: {_CAP})?)"
_MUTUAL_PATTERNS = [
    re.compile(
        rf"\b{_PERSON}(?:'s)? (?:suggested|recommended|mentioned|said|told me|thought|introduced"
        r"|speaks highly|spoke highly|pointed me|sent me|referred|put me in touch|passed)\b"
    ),
    re.compile(
        rf"\b(?:my|our|your|a) (?:friend|colleague|manager|boss|mentor|former colleague|co-?founder"
        rf"|classmate|teammate|cousin|partner|advisor|adviser|old colleague|ex-colleague) {_PERSON}"
    ),
    re.compile(
        rf"\b(?:we both know|mutual (?:friend|connection|contact),?|friend of|via) {_PERSON}"
    ),
    re.compile(
        rf"\b{_PERSON}'s (?:friend|daughter|son|colleague|former|manager|partner|sister|brother"
        r"|classmate|birthday|wedding|team|party|dinner|mentee)"
    ),
    re.compile(rf"\bworked (?:with|under|alongside) {_PERSON}\b"),
    re.compile(rf"\b{_PERSON} (?:from|at) the [a-z\w ]+? (?:said|mentioned|suggested|told)\b"),
    re.compile(rf"\b{_PERSON} and I (?:worked|studied|met|were|are|both)\b"),
]


def mentioned_people(text: str, *, exclude: set[str]) -> list[str]:
    """People named as go-betweens without context: "Marta mentioned", "my colleague Giulia"."""
    plain = strip_accents(tidy(text))
    found: list[str] = []
    for pattern in _MUTUAL_PATTERNS:
        for match in pattern.finditer(plain):
            person = re.sub(r"'s$", "", match.group("person"))
            first = person.split()[0].casefold()
            if first in _NOT_PEOPLE or first in exclude or person.isupper():
                continue
            if person not in found:
                found.append(person)
    return found


# A greeting and the name it addresses, in folded text, capitals or not ("hey maya,").
_GREETED = re.compile(
    r"^\W*(?:hi|hey|hello|hiya|heya|yo|dear|morning|good (?:morning|afternoon|evening)"
    r"|greetings|howdy|ciao|hola|ola|namaste)\b[\s,]+(?:(?:mr|mrs|ms|dr|prof)\.?\s+)?"
    r"(?P<name>[^\W\d_]{2,})\b"
)
_NOT_GREETED = frozenset({"there", "all", "team", "everyone", "folks", "friend", "sir", "madam"})


def greeted_name(folded: str) -> tuple[str, int]:
    """The name a folded text's greeting addresses and where the greeting ends, or ("", 0)."""
    match = _GREETED.match(folded)
    if not match or match.group("name") in _NOT_GREETED:
        return "", 0
    return match.group("name"), match.end()


NAME_TOKEN = "xname"  # noqa: S105 — a placeholder word, not a secret
"""What a person's name becomes before a learned model reads a text (decision 0027)."""


def mask_names(folded: str, names: tuple[str, ...] = ()) -> str:
    """`folded` with the greeted name and every part of `names` replaced by NAME_TOKEN, so
    that a model weighs what is said, not who it is said to ("Will", "Rose", "Ana")."""
    parts = {part for name in names for part in name_parts(name)}
    greeted, _ = greeted_name(folded)
    if greeted:
        parts.add(greeted)
    if not parts:
        return folded
    if all(part.isalpha() for part in parts):  # the usual case: one compiled pattern
        return _NAME_WORD.sub(lambda m: NAME_TOKEN if m.group(0) in parts else m.group(0), folded)
    pattern = r"(?<![\w'])(?:" + "|".join(sorted(map(re.escape, parts))) + r")(?![\w])"
    return re.sub(pattern, NAME_TOKEN, folded)


_NAME_WORD = re.compile(r"(?<![\w'])[^\W\d_]+(?!\w)")
