"""Template slots a mail merge left unfilled or broke: "{first_name}", "[Name]", "Hi ,".

Seed 002: "Hi, , thanks for connecting!" tells the reader at once that nobody wrote to
them. The invitation note coach and the first-contact guard in messaging both look for
these slots, so the rules live here, once.

What counts, and why it is not simply "anything in brackets":

- Merge-tag syntax, whatever the name inside: "{{name}}", "*|FNAME|*", "%FIRSTNAME%",
  "#FirstName#", "${name}", "{!Contact.FirstName}", "<<Company>>", "[[title]]", and
  unspun spintax "{Hi|Hello|Hey}" — no member types these to a person.
- A slot word in single brackets: "{first_name}", "[Name]", "[Your Company]",
  "<first name>", "(insert link)". Ordinary words in brackets ("[edit]", "{user_id}" in a
  question about code) are not slots: members do write about code and quote things.
- A bare merge field written like a variable: "FIRSTNAME", "FIRST_NAME", "first_name",
  "FirstName", "COMPANY_NAME" — nobody writes their reader's name that way.
- Where the name belongs, right after a greeting: nothing ("Hi ,", "Hi, ,", "Dear Mr. ,"),
  a slot word ("Hi NAME,", "Dear First Name"), anything in brackets ("Hi [Anna]"), or a
  value the template engine printed instead ("Hi undefined,", "Hello null").
- A slot in quoted code ("`{first_name}`", "f'Hi {name}'") is what members discuss, not
  one left unfilled: the callers mask it first (`rapport.core.text.mask_code_slots`).

"Hi," on its own is fine, and so is a name in lower case: people write like that.
"""

from __future__ import annotations

import re
from functools import lru_cache

# What merge fields are named after: the reader's name, employer, role, and the like,
# and the blanks a copy-paste template asks its user to fill ("[X]", "[specific detail]").
_SLOT_WORD = (
    r"(?:first[ _-]?name|last[ _-]?name|full[ _-]?name|fname|lname|name|nickname"
    r"|company(?:[ _-]?name)?|organi[sz]ation|employer|business|brand|job[ _-]?title|title"
    r"|role|position|industry|niche|city|location|country|school|university|college"
    r"|recipient|contact|prospect|person|link|url|website|calendar[ _-]?link|topic|product"
    r"|service|date|day|time|event|conference|connection|team|department|signature"
    r"|x|y|number|result|achievement|goal|pain[ _-]?point|benefit|compliment|icebreaker"
    r"|personali[sz]ation|custom[ _-]?(?:line|note|intro|message)|detail|post|article"
    r"|something(?: \w+){0,4}|specific(?: \w+){1,3}|recent(?: \w+){1,2})"
)
_SLOT_PHRASE = (
    r"(?:(?:insert|enter|add|put|your|their|his|her|the|my|mutual|recipient'?s?|contact'?s?"
    r"|prospect'?s?|lead'?s?|company'?s?|target'?s?|client'?s?|personal)[ _-]?)*"
    rf"{_SLOT_WORD}(?: here)?"
)
_GREETING = (
    r"(?i:hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening|day)"
    r"|hola|bonjour|salut|hallo|hej|hei|ciao|ola|olá|guten tag|buongiorno)"
)
_TITLE = r"(?i:dr|mr|mrs|ms|mx|miss|prof)\.?"
_END = r"(?=[ \t]*(?:[,!.:;\n]|$))"

_RULES: tuple[re.Pattern[str], ...] = (
    # Merge-tag syntax: the delimiters alone say "template".
    re.compile(r"\{\{[^{}\n]{1,40}\}\}|\[\[[^\[\]\n]{1,40}\]\]|<<[^<>\n]{1,40}>>"),
    re.compile(r"\*\|[A-Za-z0-9_:]{1,30}\|\*|\{![\w.]{1,40}\}|%%?[A-Za-z][A-Za-z_]{1,29}%%?"),
    re.compile(r"\$\{\w{1,30}\}|@\{\w{1,30}\}|#(?i:first|last|full|company)?_?(?i:name)#"),
    re.compile(r"\{[^{}|\n]{1,30}(?:\|[^{}|\n]{1,30})+\}"),  # spintax
    # A slot word in brackets.
    re.compile(rf"\{{[ \t]*(?i:{_SLOT_PHRASE})[ \t]*\}}"),
    re.compile(rf"\[[ \t]*(?i:{_SLOT_PHRASE})[ \t]*\]"),
    re.compile(rf"<[ \t]*(?i:{_SLOT_PHRASE})[ \t]*>"),
    re.compile(rf"\([ \t]*(?i:insert|enter|add|put) (?i:{_SLOT_PHRASE})[ \t]*\)"),
    # Bare merge fields.
    re.compile(
        r"\b(?:FIRST|LAST|FULL|COMPANY|CONTACT|RECIPIENT)_?(?:NAME|TITLE)\b|\bJOB_?TITLE\b"
        r"|\b[FL]NAME\b|\b(?:first|last|full|company|contact|recipient)_(?:name|title)\b"
        r"|\b(?:[Ff]irst|[Ll]ast|[Ff]ull|[Cc]ompany|[Cc]ontact)Name\b"
    ),
)

# Where the name belongs, right after a greeting, when nobody filled it in.
_AFTER_GREETING = re.compile(
    rf"\b{_GREETING}\b(?:"
    # Nothing: "Hi ,", "Hi, ,", "Dear Mr. ,", "Dear Ms,".
    rf"(?:[ \t]+{_TITLE})?(?:[ \t]*,[ \t]*,|[ \t]+,)|[ \t]+{_TITLE}[ \t]*,"
    # A slot word standing for the name: "Hi NAME,", "Dear First Name".
    rf"|[ \t]+(?:NAME|Name|FIRST ?NAME|First ?Name|first name|FNAME|Contact|CONTACT"
    rf"|Recipient|RECIPIENT|Prospect|Lead|Friend Name){_END}"
    # Anything in brackets: "Hi [Anna]", "Hello {Anna}".
    r"|[ \t,]+(?:\[[^\]\n]{0,30}\]|\{[^}\n]{0,30}\}|<[^>\n]{0,30}>)"
    # A value the template engine printed instead of a name.
    rf"|[ \t]+(?:undefined|null|NULL|None|NaN|N/A|#N/A|\[object Object\]){_END}"
    r")"
)


# Code quoted in a message: members write to each other about templates and code, and a
# "{name}" inside `backticks` or a Python f-string (f'Hi {name}') is the code they are
# talking about, not a merge field left unfilled. Only the slots inside the code are
# masked, never its words: wrapping a pitch in backticks must not hide it. A backtick
# touching a letter is an apostrophe typed that way ("I`m"), not code.
_CODE = re.compile(
    r"```.*?```|(?<![\w`])`[^`\n]+`(?![\w`])"  # Markdown's code blocks and spans
    r"|\b(?:[rR]?[fF]|[fF][rR])(['\"])[^'\"\n{]*\{[^'\"\n]*\1(?!\w)",  # an f-string, a field
    re.DOTALL,
)
_ANY_FIELD = re.compile(r"\$?\{\{?[^{}\n]{0,40}\}\}?")  # "{x}", "${x}", "{{ x }}" in code
CODE_SLOT = "xslot"  # what a slot in quoted code becomes: no word a member writes


def mask_code_slots(text: str) -> str:
    """`text` with every slot inside quoted code (any field in braces, and whatever the
    rules below call a slot: "*|FNAME|*", "[Company]", "%FIRSTNAME%") replaced by
    `CODE_SLOT`. Call it on the text as written: `tidy` and `fold` turn backticks into
    quotes."""
    if "`" not in text and "{" not in text:
        return text
    return _CODE.sub(lambda code: _masked(code.group(0)), text)


def _masked(code: str) -> str:
    for pattern in (_ANY_FIELD, *_RULES):
        code = pattern.sub(f" {CODE_SLOT} ", code)
    return code


@lru_cache(maxsize=1024)
def _find(text: str) -> tuple[str, ...]:
    found: list[tuple[int, int, str]] = []

    def keep(start: int, end: int, slot: str) -> None:
        if not any(start < e and s < end for s, e, _ in found):  # one slot, two rules
            found.append((start, end, slot))

    for pattern in _RULES:
        for match in pattern.finditer(text):
            keep(match.start(), match.end(), match.group(0))
    for match in _AFTER_GREETING.finditer(text):
        keep(match.start(), match.end(), " ".join(match.group(0).split()))
    found.sort()
    return tuple(slot for _, _, slot in found)


def placeholders(text: str) -> list[str]:
    """The template slots left in `text`, in order of appearance.

    Call it on the text as written (or `tidy`-ed), not folded: capitals tell the merge
    field "FIRSTNAME" from the words "first name" in a sentence.
    """
    return list(_find(text))
