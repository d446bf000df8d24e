"""Evidence against a pitch: what genuine notes and messages do that sales ones do not.

A price, a call on Thursday or "our solution" appear in genuine messages too: friends
splitting the cost of a course, a customer asking whether there is a nonprofit price, a
peer comparing how their team solved the same problem, someone sending back the numbers
they were asked for (issue 21's false alarms). These rules name those situations; the
learned model weighs them against the pitch signals, so the same price reads one way
beside "shall we split it?" and another beside "we do murals for studios".

Patterns run over folded text, like the pitch rules.
"""

from __future__ import annotations

import re

from rapport.core.prefilter import Gate
from rapport.core.text import fold

COUNTER_RULES: dict[str, str] = {
    # The writer wants to learn from the reader, not sell to them.
    "asks_to_learn": (
        r"\b(?:i'?d love to|i want to|i'?d like to|could i|can i|may i) (?:learn|understand"
        r"|hear (?:how|about|what)|ask (?:you|how|what|about))\b|\bhow (?:did|do|does) (?:you|u"
        r"|your team|ur team)\b|\bwhat (?:made|was it like|would you)\b|\bany (?:advice|tips"
        r"|pointers)\b|\bpick (?:your|ur) brain\b|\b(?:your|ur) (?:honest )?(?:opinion|advice"
        r"|take|view) on\b|\binterested in how\b"
    ),
    # The reader asked for this, or gave something the writer thanks them for.
    "reader_asked": (
        r"\b(?:as|like) (?:you|u) (?:asked|said|suggested|mentioned|requested|wanted)\b"
        r"|\b(?:you|u) (?:mentioned|asked|raised|were looking for|wanted|recommended)\b"
        r"|\bthanks? (?:you )?(?:so much |again )?for (?:the|your|ur) (?:feedback|template|tip"
        r"|tips|advice|intro|help|notes|comments?|recommendation|pointer|review)\b"
        r"|\bty for (?:the|ur)\b"
    ),
    # Costs shared between peers: the price is not the writer's.
    "shared_cost": (
        r"\b(?:split|chip in|go halves|toss a coin|venmo me|paypal me|pay you back|my share"
        r"|your share|between us|each if we)\b|\bif (?:we|3 people|three of us|a few of us)"
        r" (?:split|share|book|register|sign up|go)\b|\b(?:you,? me and|you and me|go together"
        r"|as a pair|shall we|wanna go|want to go|carpool|our team budget)\b"
    ),
    # The writer is the reader's customer or user, asking about their prices.
    "their_customer": (
        r"\b(?:we|i|my \w+|our \w+) (?:use|uses|have used|'ve used|used|are evaluating"
        r"|'re evaluating|love|bought|subscribe to|are trialling|are trialing|signed up for)"
        r" (?:your|ur)\b|\bis there (?:a |an )?(?:\w+ )?(?:discount|pricing|price|plan|rate|tier"
        r"|licen[cs]e)\b|\b(?:what'?s|what is|how much is) the (?:price|cost|difference"
        r"|pricing)\b|\bdo (?:you|u) (?:offer|have|do) (?:a |an |any )?(?:\w+ )?(?:discount"
        r"|pricing|plans?|tiers?|trial|rates?)\b"
    ),
    # A peer comparing notes on how their own side did it.
    "peer_notes": (
        r"\bours (?:is|was|are|were)\b|\bon our (?:side|end)\b|\bour (?:solution|product"
        r"|approach|setup|version|fix|workaround) (?:at \w+ )?(?:was|is|now|for the|uses"
        r"|retries|exports|handles)\b|\bwe (?:tried|did|ran|hit|found|saw|had) (?:the same"
        r"|something similar|that too|the exact)\b|\bthe other side of\b"
    ),
    # A job offered to this reader, with the role named: a recruiter who read their work
    # is not selling (an agency offering its candidates is, and has its own rule).
    "offers_them_a_job": (
        r"\b(?:i'?m|we'?re|i am|we are) (?:hiring|recruiting|looking for) (?:a|an)\b"
        r"|\b(?:we have|we've got|there'?s|i have) (?:a|an) [\w -]{0,40}\b(?:role|position"
        r"|opening|vacancy)\b|\b(?:role|position|opening|vacancy)\b[^.?!]{0,80}\b(?:your|ur)"
        r" (?:work|experience|background|portfolio|talk|projects?|case study)\b"
    ),
    # An invitation to something free among peers: a reading group, a meetup, a panel.
    "community_invite": (
        r"\b(?:join|come to|speak at|invite you to|be part of) (?:a|an|our|the|my) (?:\w+ ){0,3}"
        r"(?:reading group|book club|meetup|meet-up|study group|community|workshop|hackathon"
        r"|panel|circle|supper club|walk|run club)\b|\bfree (?:community|volunteer|alumni"
        r"|monthly|online|evening|lunchtime) \w+|\b(?:alumni|volunteer|community|charity)"
        r" (?:network|group|event|night|meetup|workshop)\b"
    ),
    # Good wishes that ask for nothing.
    "good_wishes": (
        r"\b(?:well deserved|so (?:happy|pleased|proud) for (?:you|u)|proud of (?:you|u)"
        r"|(?:drinks|lunch|coffee|a pint|the next round) (?:is |are )?on me|good luck with)\b"
    ),
    # The writer gives something back: numbers, a draft, a manual, a link they promised.
    "gives_back": (
        r"\b(?:sending|here(?:'s| is| are)|attached|found|dug up|scanned) (?:you )?(?:the|my"
        r"|our|a copy of the) (?:raw |full )?(?:numbers|results|data|manual|notes|slides|paper"
        r"|draft|link|code|benchmarks?|recording|minutes|article|template|list)\b"
        r"|\b(?:send|sending) (?:it|them) back\b"
    ),
}

_COMPILED = [(name, re.compile(pattern)) for name, pattern in COUNTER_RULES.items()]
_GATE = Gate([pattern for _name, pattern in _COMPILED])


def counter_features(text: str) -> dict[str, float]:
    """1.0 for each situation the text describes, keyed "genuine:<rule>"."""
    folded = fold(text)
    found = {}
    for index in _GATE.candidates(folded):
        name, pattern = _COMPILED[index]
        if pattern.search(folded):
            found["genuine:" + name] = 1.0
    return found
