"""Was this message written to this person, or produced for anyone?

Two things give an automated first message away (seeds 002 and 004):

- a broken personalisation: a merge slot left unfilled or mangled ("Hi ,", "{first_name}",
  "[Name]", "FIRSTNAME", "Hi undefined") — found by `rapport.core.placeholders`, which the
  invitation note coach shares;
- a stock thank-you-for-connecting template: nothing but courtesy that would read the
  same to anyone ("Thanks for following! Let me know if I can help!").

The template test works like the coach's default-text test (`invitations.coach.defaults`):
take off the greeting with its name, names inside sentences and the sign-off; mend typos
against the template vocabulary (difflib); then take away the stock clauses one by one.
It is a template when at least one clause is about the new connection and at most one
word of the member's own is left. "Thanks for connecting — great chatting at PyCon about
your parser" leaves "great chatting at about your parser": not a template.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from rapport.conversations.guard.bulk import template_tokens
from rapport.conversations.guard.pasted import declared, pasted_name
from rapport.core.placeholders import mask_code_slots, placeholders
from rapport.core.text import tidy

RULE_LABELS = {
    "placeholder": "Leaves a template slot unfilled or broken",
    "spintax": "Leaves template wording unspun",
    "stock_template": "Reads as a stock thank-you-for-connecting template",
    "name_pasted": "Puts the first name where another field belongs",
    "declared": "Says it was sent automatically or leaves a template note in",
}
WEIGHTS = {
    "placeholder": 0.95,
    "spintax": 0.95,
    "stock_template": 0.9,
    "name_pasted": 0.8,
    "declared": 0.9,
}


@dataclass(frozen=True)
class AutomatedSignal:
    """One piece of evidence that the text was produced for anyone: rule, words, weight."""

    rule: str
    phrase: str
    weight: float

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]


# --- the stock thank-you template ------------------------------------------------------

_THANKS = r"(?:thanks?(?: you)?|thx|ty|many thanks|much appreciated|appreciate(?: it)?)"
_CONNECT = (
    r"(?:the |our )?(?:connecting|connection|connect|connections?|add|adding me|the add"
    r"|accepting(?: my| the)?(?: connection)?(?: invitation| invite| request)?|the invite"
    r"|the follow|following(?: me)?(?: back)?|the follow back|linking up|being connected"
    r"|adding me(?: to your network)?"
    r"|joining my network|accepting my invitation)"
)
_NICE = (
    r"(?:great|nice|good|glad|happy|pleased|excited|delighted|lovely|awesome|cool|wonderful"
    r"|fantastic|a pleasure|pleasure|honou?red|so good|really nice|really great|great great)"
)
_WHERE = r"(?: (?:with you|here|on linkedin|on rapport|with you here|on here))?"
_ANCHORS = (
    rf"\b{_THANKS} (?:so much |very much |again |a lot )?(?:for |4 )?{_CONNECT}\b",
    rf"\b(?:(?:it's|it is|its|so|really|very|truly) )?{_NICE} (?:to |that we )"
    rf"(?:be )?(?:connect|connected|connecting|be in touch|have connected|now connected"
    rf"|e connected|join your network|be part of your network|have you in my network"
    rf"|be in your network|have you here|link up){_WHERE}\b",
    rf"\b{_NICE} (?:connecting|to connect|we connected|we're connected|to be connected){_WHERE}\b",
    r"\b(?:welcome to my network|glad to have you (?:in my network|here)|happy to have you"
    r" (?:in my network|here)|pleasure (?:connecting|to connect))\b",
    r"\b(?:merci pour (?:la|cette) (?:connexion|mise en relation)|danke (?:fur|fuer)"
    r" (?:die|das) (?:vernetzung|kontakt|annehmen)|gracias por (?:conectar|la conexion"
    r"|aceptar)|obrigad[oa] (?:pela conexao|por (?:conectar|aceitar))|grazie per"
    r" (?:il collegamento|la connessione))\b",
)
_COURTESY = (
    r"\b(?:i'm |i am )?(?:really |so )?(?:looking forward|look forward|excited|keen)"
    r" to (?:connecting|staying in touch|keeping in touch|engaging|engage|seeing|see"
    r"|following|reading|learning|hearing|exchanging|networking|collaborating|working"
    r"|interacting|connecting further)"
    r"(?: (?:with|from|about|more|to|in|of|together|ideas|the|future|you|your|what|share"
    r"|post|posts|content|updates|journey|work|insights|professional|opportunities|our"
    r"|connection|network|feed|activity|thoughts|day|and|on|linkedin|rapport|here|soon"
    r"|along|in the future|each other)\b){0,8}",
    r"\blet me know if (?:there's|there is|there be) anything (?:at all )?i (?:can|could)"
    r" (?:ever )?(?:do|help)(?: you)? (?:for you|to help|with)?",
    r"\blet me know if i (?:can|could) (?:ever )?(?:help|be of (?:any )?(?:help|assistance"
    r"|service)|support you|assist)(?: you)?(?: (?:with anything|in any way|at all|anytime"
    r"|ever|in the future))*",
    r"\blet me know how i (?:can|could|may) (?:help|support you|be of help)",
    r"\blet me know if (?:there's|there is) (?:any|some) way (?:that )?i (?:can|could|might)"
    r" (?:ever )?(?:help|be (?:of )?(?:any )?(?:help|helpful|use|assistance|service))",
    r"\b(?:feel free to|don't hesitate to|do not hesitate to|please) (?:reach out|get in touch"
    r"|contact me|message me|ping me|say hi|drop me a (?:line|message|note))"
    r"(?: (?:anytime|any time|if you need anything|if i can help|if you ever need anything"
    r"|whenever))*",
    r"\bif (?:you ever need|there's|there is) anything(?: i can help with)?",
    r"\b(?:let's|let us|we should|hope we can|hope to) (?:stay|keep) (?:in touch|connected)"
    r"(?: here)?",
    r"\bhave a (?:great|nice|good|wonderful|fantastic|lovely|productive|blessed) (?:day|week"
    r"|weekend|one|evening|rest of your (?:day|week))",
    r"\bhope (?:you're|you are|all is|all's|you have|you're having|you are having|this finds"
    r" you|your week is)(?: a| going)? (?:well|doing well|great|good|fine|good day|great day"
    r"|great week|good week)",
    r"\bi (?:always )?(?:like|love|enjoy) (?:to )?(?:connect|connecting|meeting|network"
    r"|networking) with (?:like minded |fellow |other |inspiring |great )?(?:professionals"
    r"|people|leaders|minds)(?: in (?:my|the|our|your) (?:field|industry|area|space|network))?",
    r"\bi'?m (?:always )?(?:looking|trying|keen) to (?:expand|grow|build) my (?:professional )?"
    r"network",
    r"\b(?:always )?(?:great|nice|good|happy|glad) to (?:meet|grow my network with|expand my"
    r" network with) (?:like minded |fellow |new )?(?:professionals|people)",
    r"\bwishing you (?:a |an )?(?:(?:continued|every|all the|lots of|much|great|productive"
    r"|wonderful|happy|successful|good|fantastic|lovely|nice|blessed|the) )*(?:success|best|luck"
    r"|day|week|year|weekend|time|one)(?: ahead)?",
    r"\b(?:(?:i )?hope (?:that )?we can )?(?:and )?(?:support|help|learn from|grow with) each"
    r" other(?:'s (?:growth|success|journeys?|work))?\b",
    # Sign-offs and courtesy in the languages members write in.
    r"\b(?:au plaisir(?: d'echanger| de vous lire| de te lire| de vous rencontrer)?|a bientot"
    r"|bonne (?:journee|semaine|continuation)|cordialement|bien a vous|(?:beste|viele|liebe"
    r"|herzliche) grusse|(?:mit )?freundlichen grussen|un saludo|saludos|un abrazo|abracos?"
    r"|cumprimentos|cordiali saluti|buona giornata|buon lavoro|(?:grande |um )?abraco)\b",
    r"\b(?:i )?(?:would love|'d love|would like) to learn more about (?:you|what you do|your"
    r" work)",
    r"\b(?:i )?appreciate (?:the|you|your) (?:connection|connecting|accepting|follow)",
    r"\b(?:best|kind|warm|warmest) (?:regards|wishes)|\bregards\b|\bcheers\b|\bbest\b"
    r"|\bsincerely\b|\ball the best\b|\btake care\b",
    r"\b(?:looking forward|stay safe|god bless|thanks again|thank you again|thanks|thank you"
    r"|talk soon|speak soon|cheers|and you|you too|too)\b",
)
_ANCHOR_RES = [re.compile(p) for p in _ANCHORS]
_COURTESY_RES = [re.compile(p) for p in _COURTESY]
_FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "so",
        "too",
        "also",
        "again",
        "really",
        "very",
        "much",
        "just",
        "all",
        "as",
        "well",
        "here",
        "now",
        "oh",
        "yes",
        "indeed",
        "truly",
        "definitely",
        "absolutely",
        "me",
        "you",
        "i",
        "my",
        "your",
        "we",
        "us",
        "our",
        "on",
        "linkedin",
        "rapport",
        "this",
        "platform",
        "site",
        "there",
        "everyone",
        "everybody",
        "friend",
        "friends",
        "hi",
        "hello",
        "hey",
        "dear",
        "it's",
        "it",
        "is",
        "be",
        "to",
        "with",
        "for",
        "of",
        "in",
        "0",
        "ok",
        "okay",
        "great",
        "nice",
    ]
)
_VOCABULARY = sorted(
    set(
        [
            "connecting",
            "connection",
            "connected",
            "accepting",
            "invitation",
            "following",
            "forward",
            "engaging",
            "content",
            "network",
            "professional",
            "professionals",
            "anything",
            "pleasure",
            "wonderful",
            "fantastic",
            "touch",
            "linkedin",
            "thanks",
            "appreciate",
            "connect",
            "following",
            "looking",
            "together",
            "journey",
            "opportunities",
            "hesitate",
            "learning",
            "everything",
            "insights",
            "updates",
            "delighted",
            "excited",
            "awesome",
            "lovely",
            "vernetzung",
            "grusse",
            "kontakt",
            "connexion",
            "plaisir",
            "saludo",
            "conectar",
            "conexion",
            "conexao",
            "abraco",
        ]
    )
)
_MOST_OWN_WORDS = 1
_TOO_SHORT_TO_QUOTE = frozenset({"best", "cheers", "thanks", "thank you", "too", "regards"})
_LONGEST_TEMPLATE = 45  # words: a longer message has something of its own to say


_CANDIDATES: dict[tuple[str, int], list[str]] = {}
for _word in _VOCABULARY:
    for _length in range(len(_word) - 2, len(_word) + 3):
        _CANDIDATES.setdefault((_word[0], _length), []).append(_word)


@lru_cache(maxsize=65536)
def _mend(word: str) -> str:
    """The template word a typo was meant to be ("conecting", "netwrok"), else the word.

    Only words within two letters of its length can be 80 % similar to it, and a typo
    keeps the first letter, so only those are compared (difflib's own filters run per
    candidate and cost more than the match)."""
    if len(word) < 5 or word in _VOCABULARY:
        return word
    candidates = _CANDIDATES.get((word[0], len(word)), [])
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.8)
    return close[0] if close else word


def stock_template(text: str) -> str | None:
    """The stock clauses `text` consists of ("thanks for connecting; let me know if i can
    help"), as written, or None when the text says something of its own."""
    # Names go (they do not make courtesy personal), except capitalised template words:
    # German nouns ("Vernetzung"), "LinkedIn".
    written = [w for w, name in template_tokens(text) if not name or _mend(w) in _VOCABULARY]
    if not written or len(written) > _LONGEST_TEMPLATE:
        return None
    rest = " ".join(_mend(t) for t in written)
    starts = [0]  # where each word starts in `rest`: to quote the words as written
    for word in written[:-1]:
        starts.append(starts[-1] + len(_mend(word)) + 1)

    def quote(start: int, end: int) -> str:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_left(starts, end)
        return " ".join(written[first:last])

    clauses: list[tuple[int, str]] = []
    for anchors in (True, False):
        for pattern in _ANCHOR_RES if anchors else _COURTESY_RES:
            for match in pattern.finditer(rest):
                clauses.append((match.start(), quote(match.start(), match.end())))
            # Blank out what matched, keeping positions, so later clauses cannot span it.
            rest = pattern.sub(lambda m: " " * len(m.group(0)), rest)
        if anchors and not clauses:
            return None  # courtesy alone ("have a great day") could close a real exchange
    own = [word for word in rest.split() if word not in _FILLER]
    if len(own) > _MOST_OWN_WORDS:
        return None
    shown = [clause for _, clause in sorted(clauses) if clause not in _TOO_SHORT_TO_QUOTE]
    return "; ".join(dict.fromkeys(shown))


def automated_signals(text: str) -> list[AutomatedSignal]:
    """Every sign that the text was produced for anyone, in order of appearance."""
    found: list[AutomatedSignal] = []
    for slot in placeholders(tidy(mask_code_slots(text))):
        rule = "spintax" if slot.startswith("{") and "|" in slot else "placeholder"
        found.append(AutomatedSignal(rule, slot, WEIGHTS[rule]))
    template = stock_template(text)
    if template:
        found.append(AutomatedSignal("stock_template", template, WEIGHTS["stock_template"]))
    for rule, phrase in (("name_pasted", pasted_name(text)), ("declared", declared(text))):
        if phrase:
            found.append(AutomatedSignal(rule, phrase, WEIGHTS[rule]))
    return found
