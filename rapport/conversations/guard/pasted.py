"""Two more signs that nobody wrote the message to this reader (issue 21).

- The first name pasted into another field of the template: "Hi Rose, I loved what
  you're doing at Rose", "as a fellow Will leader", "companies like Drew". The greeting
  gives the name; the same word again after "at", "in", "like", "fellow"… is a merge
  field filled with the wrong column.
- The message says what it is: "this is an automated message", "sent automatically",
  "an AI assistant contacting you on behalf of…", "[automated follow-up 2/3]".
"""

from __future__ import annotations

import re

from rapport.core.names import greeted_name
from rapport.core.text import fold

_MONTHS = frozenset({"april", "may", "june", "july", "august"})
# The words before a merge field: "at <company>", "in <city>", "a fellow <industry> leader".
_BEFORE = frozenset(
    {"at", "in", "for", "from", "with", "like", "fellow", "about", "across", "around", "near"}
    | {"to", "a", "an", "as"}
)
_WORD = re.compile(r"[^\W\d_]+")
_AFTER = re.compile(
    r"(?:'s? (?:work|team|company|mission|growth|journey|success|brand|business|products?)"
    r"| (?:is hiring|leaders?|professionals?|founders?|space|industry|sector|community|teams?"
    r"|experts?|executives?)\b)"
)
_TEMPORAL_WORDS = frozenset(
    [
        "in",
        "from",
        "until",
        "till",
        "since",
        "by",
        "before",
        "after",
        "next",
        "this",
        "early",
        "late",
        "mid",
        "of",
        "last",
    ]
)
_DECLARED = re.compile(
    r"\b(?:this|it) (?:is|was) an? (?:automated|automatic|auto-generated|scheduled)\b"
    r"|\bautomated (?:message|note|reply|response|sequence|follow-?up|welcome|outreach|dm)\b"
    r"|\b(?:sent|generated|written|scheduled) (?:automatically|by (?:an? |my |our )?"
    r"(?:ai|bot|assistant|crm|tool|automation|software|sequence))\b"
    r"|\b(?:an? |my |our )?(?:ai|virtual|digital) assistant\b"
    r"|\bstep \d+ of \d+\b|\[(?:automated|auto)[^\]]*\]|\(\d/\d\)|\b(?:bot|auto)[- ]?reply\b"
    r"|\bvia (?:my|our) (?:crm|automation|outreach tool|scheduler)\b"
)
_SLOT = re.compile(
    r"\[[^\]]{0,40}\b(?:here|insert|name|company|opener|first|personali[sz]ed|custom"
    r"|industry|role|title)\b[^\]]{0,40}\]"
)


def pasted_name(text: str) -> str:
    """The words where the greeting's name was pasted a second time, or ""."""
    folded = fold(text)
    name, end = greeted_name(folded)
    if not name:
        return ""
    rest = folded[end:]
    previous = ""
    for word in _WORD.finditer(rest):
        token = word.group(0)
        if token == name:
            after = _AFTER.match(rest, word.end())
            if after:
                return rest[word.start() : after.end()]
            pasted = previous in _BEFORE and rest[word.end() : word.end() + 1] != "'"
            if pasted and not (name in _MONTHS and previous in _TEMPORAL_WORDS):
                return f"{previous} {token}"
        previous = token
    return ""


def declared(text: str) -> str:
    """The words in which the message says it was automated, or ""."""
    folded = fold(text)
    match = _DECLARED.search(folded) or _SLOT.search(folded)
    return match.group(0) if match else ""
