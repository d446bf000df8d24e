"""Sales-pitch signals, shared by the note coach and the first-message check in messaging.

Seeds 002 and 004: people accept a connection and are sold to within hours ("closing
on the first date"). A pitch is recognised by its *structure* — an ask for a meeting, an
offer, a promise about the reader's numbers, "we help companies like yours" — not by a
list of products. Each rule names what it saw, so a member who is told "this reads as a
pitch" also sees the words that made it so.

Signals of one kind count once (the strongest); kinds combine as independent evidence
(a noisy-or of their weights), so one strong signal is enough and two weak ones are not.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapport.core.text import fold

PITCH_THRESHOLD = 0.7
"""A text whose `pitch_score` reaches this reads as a pitch."""


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: which rule, of which kind, the words it matched, how strong."""

    name: str  # the rule, e.g. "demo_ask"
    kind: str  # the family of evidence, e.g. "meeting"; one signal per kind counts
    phrase: str  # the matched words, as the text reads once folded
    weight: float  # 0–1: how strongly this alone says "pitch"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


KIND_LABELS = {
    "meeting": "asks for a sales call, demo or meeting",
    "time": "asks for minutes of the reader's time",
    "offer": "makes an offer (free, discounted, limited)",
    "we_help": "says who they sell to",
    "offering": "presents a product, service or firm",
    "promise": "promises better numbers for the reader",
    "prospecting": "qualifies the reader as a prospect",
    "proof": "cites results for other customers",
    "show": "offers to show or send sales material",
}

# Building blocks, each a regex fragment over folded text (lower case, no accents).
_W = r"[\w'&+-]+"  # one word
_ANY = rf"(?:{_W} ){{0,3}}"  # up to three words in between
_WHO = (
    r"(?:companies|company|teams|team|businesses|business|brands|firms|startups|founders"
    r"|leaders|organi[sz]ations|agencies|clients|retailers|banks|clinics|coaches|fintechs"
    r"|executives|ctos|cfos|cmos|vps|manufacturers|merchants|stores|shops|owners|employees"
    r"|recruiters|professionals|practices|schools|hospitals|lenders|investors|sellers)"
)
_MINUTES = r"(?:\d{1,2}|a few|a couple of|five|ten|fifteen|twenty|thirty)[- ]?(?:minutes?|mins?)"
_SIZE = (
    r"(?:quick|short|brief|free|quick intro|intro|introductory|live|virtual|zoom|personali[sz]ed"
    rf"|custom|one-on-one|{_MINUTES}|\d+-min)"
)
_MEET = (
    r"(?:call|chat|demo|meeting|zoom|conversation|walkthrough|walk-through|consultation|session"
    r"|look)"
)
_METRIC = (
    r"(?:revenue|sales|leads|pipeline|roi|conversions?|conversion rates?|traffic|bookings"
    r"|profits?|margins?|growth|mrr|arr|customer base|visibility|engagement|following"
    r"|followers|deposits|activation|retention|signups|sign-ups|ranking|rankings|reach"
    r"|close rates?|win rates?|response rates?|reply rates?|open rates?|volume)"
)
_COST = (
    r"(?:costs?|spend|spending|fees|churn|bills?|losses|no-shows|response times?|overhead"
    r"|expenses|turnover|downtime|headcount)"
)
_PRODUCT = (
    r"(?:platform|software|tool|product|app|plugin|programme|program|saas|system|assistant|api"
    r"|extension|dashboard)"
)
_FIRM = (
    r"(?:agency|consultancy|firm|vendor|provider|studio|software house|partner|reseller"
    r"|outsourcing company|dev shop)"
)

_RULES: list[tuple[str, str, float, str]] = [
    # --- asking for a sales meeting -------------------------------------------------------
    (
        "demo_ask",
        "meeting",
        0.9,
        rf"\b(?:book|schedule|set up|setup|arrange|get|request|give you|show you|offer you|run|do"
        rf"|see|want|grab|jump on|hop on)"
        rf" (?:(?:a|an|the|you a|you an) )?(?:{_SIZE} ){{0,2}}demo\b",
    ),
    (
        "sales_call",
        "meeting",
        0.8,
        r"\b(?:discovery|sales|intro|introductory|exploratory|strategy|qualification|scoping)"
        r" (?:call|meeting|session|conversation)\b",
    ),
    (
        "calendar_link",
        "meeting",
        0.9,
        r"(?:calendly|cal\.com|meetings\.hubspot|hubspot\.com/meetings|savvycal|chilipiper|zcal\.co"
        r"|\b(?:book|grab|pick|choose|reserve) (?:a |any )?(?:time|slot|spot)"
        r" (?:on|in|from|that works|with me|here)\b|\bmy (?:calendar|booking) link\b)",
    ),
    (
        "meeting_ask",
        "meeting",
        0.5,
        rf"\b(?:book|schedule|set up|setup|arrange|hop on|jump on|get on|find time for|line up"
        rf"|have)"
        rf" (?:(?:a|an|some) )?(?:{_SIZE} ){{0,2}}{_MEET}\b",
    ),
    (
        "open_to_chat",
        "meeting",
        0.6,
        rf"\b(?:open to|worth|up for|interested in|keen on) (?:a|an) (?:{_SIZE} ){{0,2}}{_MEET}\b"
        r"|\bwould it make sense to (?:chat|talk|connect|meet|speak)\b"
        r"|\b(?:let's|let us|can we|could we|shall we) find (?:some )?time\b"
        r"|\bwhen (?:can|could) we (?:meet|talk|chat|speak|set up|connect)\b",
    ),
    (
        "short_meeting",
        "meeting",
        0.4,
        r"\b(?:a|in a|for a) (?:quick|short|brief|\d+[- ]?min(?:ute)?) (?:call|chat|meeting|sync"
        r"|look)\b",
    ),
    (
        "time_ask",
        "time",
        0.4,
        rf"\b(?:do you have|have you got|could you spare|can you spare|can i (?:have|get|steal"
        rf"|borrow)"
        rf"|would you have|got) {_MINUTES}\b|\bfor (?:just )?{_MINUTES}\b|\b{_MINUTES} (?:call"
        rf"|chat|look|walkthrough|meeting|demo|conversation)\b"
        r"|\bare you free (?:on |this |next )?(?:mon|tues|wednes|thurs|fri)day\b"
        r"|\bwhat (?:day|time|day and time) works\b|\bwhen you have (?:time|a moment) to (?:talk"
        r"|chat|speak)\b"
        r"|\bwould (?:next week|monday|tuesday|wednesday|thursday|friday|tomorrow) work\b",
    ),
    # --- offers ---------------------------------------------------------------------------
    (
        "discount",
        "offer",
        0.9,
        r"\b\d{1,2} ?% off\b|\bdiscount(?:ed|s)?\b|\bpromo(?:tional)? code\b|\bcoupon\b"
        r"|\buse code\b"
        r"|\bspecial (?:offer|pricing|price|rate|deal)\b|\blimited (?:time|spots|seats|offer"
        r"|availability)\b"
        r"|\blaunch pricing\b|\bearly[- ]bird\b|\bno credit card\b|\bmoney[- ]back\b"
        r"|\bon the house\b"
        r"|\bat no (?:cost|charge)\b|\bgift card\b|\bvoucher\b|\bcompetitive (?:price|pricing"
        r"|rates?)\b"
        r"|\bfraction of the (?:cost|price)\b|\bat a fraction of\b",
    ),
    (
        "free_offer",
        "offer",
        0.9,
        r"\b(?:free|complimentary|no-cost|no-obligation|no obligation) (?:\w+ )?(?:trial|audit"
        r"|consultation"
        r"|consult|assessment|quote|estimate|strategy|analysis|review|pilot|sample|session|sprint"
        r"|report"
        r"|ebook|e-book|guide|checklist|proposal|evaluation|health ?check|diagnostic|roadmap"
        r"|teardown|demo"
        r"|month|week|license|licence)s?\b",
    ),
    (
        "exclusive_offer",
        "offer",
        0.7,
        r"\b(?:exclusive|early|priority|beta) (?:trial|access|offer|deal|discount|spot)\b"
        r"|\b(?:save|hold|reserve) (?:you )?(?:a|one) (?:seat|spot|place)\b|\broom for one more\b"
        r"|\b(?:our|my) (?:rates|pricing|prices|packages|plans|fees)\b|\bcheaper alternative\b"
        r"|\blower[- ]cost alternative\b|\bguarantee(?:d)?\b"
        r"|\b(?:better|lower|cheaper|best) (?:rate|price|deal|terms|quote) than\b"
        r"|\b(?:get|save|find) you an? (?:better|lower|cheaper) (?:rate|price|deal|quote)\b",
    ),
    (
        "unsolicited_work",
        "offer",
        0.6,
        r"\b(?:audit|teardown|review|analysis|assessment|mock-?up|proposal) (?:of|for) your"
        r" (?:\w+ )?(?:website|homepage|site|store|shop|onboarding|funnel|ads|app|flow|stack"
        r"|profile"
        r"|page|landing page|clinic|company|business)\b"
        r"|\b(?:customi[sz]ed|tailored|bespoke) (?:proposal|plan|quote|offer)\b",
    ),
    # --- who they sell to -----------------------------------------------------------------
    (
        "we_help",
        "we_help",
        0.8,
        rf"\b(?:we|i) (?:help|helped|are helping|'re helping|am helping|'m helping|enable|empower)"
        rf" (?:{_W} ){{0,3}}{_WHO}\b|\bi'?m helping (?:{_W} ){{0,3}}{_WHO}\b",
    ),
    (
        "we_serve",
        "we_help",
        0.6,
        rf"\b(?:we|i) (?:work with|partner with|support|serve|advise|consult for"
        rf"|specialise in helping"
        rf"|specialize in helping) (?:{_W} ){{0,3}}{_WHO}\b|\bspeciali[sz](?:es|e|ing) in\b",
    ),
    (
        "like_yours",
        "we_help",
        0.8,
        rf"\b{_WHO} (?:like|similar to|such as) yours\b|\b{_WHO} your size\b"
        r"|\bsimilar to yours\b|\bteams of your size\b",
    ),
    # --- presenting an offering -----------------------------------------------------------
    (
        "our_firm",
        "offering",
        0.7,
        rf"\b(?:our|my) (?:{_W} ){{0,2}}(?:solutions?|services|offering|consultancy|capabilities"
        rf"|agency)\b"
        rf"|\bwe(?: are|'re) an? (?:{_W} ){{0,3}}{_FIRM}\b|\bleading provider\b"
        rf"|\bi (?:run|own|represent|lead) an? (?:{_W} ){{0,3}}{_FIRM}\b|\bcapabilities deck\b"
        # "I have something that could help your team": a product not yet named.
        rf"|\b(?:i|we) (?:have|'ve got|built) something (?:that|which)"
        rf" (?:could|can|might|will|would) (?:really )?help\b",
    ),
    (
        "our_product",
        "offering",
        0.5,
        rf"\b(?:our|my) (?:{_W} ){{0,2}}{_PRODUCT}\b(?! team| teams| group| engineer| org\b)"
        rf"|\b(?:we|i)(?:'ve| have)? (?:just )?(?:built|launched|created|developed) (?:a|an"
        rf"|something)"
        rf"(?: {_W})?(?: {_PRODUCT}| that| for)\b|\bwe have an? (?:{_W} )?{_PRODUCT}\b"
        rf"|\btry our\b|\b(?:what|something) (?:we(?:'re| are)|our team (?:is"
        rf"|has been)) (?:been )?building\b"
        rf"|\bthat's what we do\b|\bwe replace\b|\bi'?m (?:a|an) (?:freelance|certified"
        rf"|independent) {_W}\b"
        rf"|\bi'?m with an? (?:{_W} ){{0,3}}{_FIRM}\b|\b{_FIRM} that speciali[sz]es\b",
    ),
    # --- promises about the reader's numbers ----------------------------------------------
    (
        "grow_your_numbers",
        "promise",
        0.8,
        rf"\b(?:increase|boost|grow|double|triple|10x|scale|maximi[sz]e|improve|drive|generate|lift"
        rf"|skyrocket|accelerate|bring more) (?:your|their) (?:{_W} ){{0,2}}{_METRIC}\b"
        rf"|\b(?:cut|reduce|lower|slash|halve|trim) (?:your|their) (?:{_W} ){{0,2}}{_COST}\b"
        rf"|\bbring more {_METRIC} to your\b",
    ),
    (
        "numbers",
        "promise",
        0.6,
        rf"\b(?:increase|boost|grow|lift|double|triple|skyrocket) (?:{_W} )?{_METRIC}\b"
        rf"|\b(?:cut|reduce|lower|slash|halve) (?:{_W} )?{_COST}\b"
        r"|\b(?:save|saves|saving) (?:you|your \w+|\w+ teams?) (?:\d+|hours|time|money|thousands)\b"
        r"|\b(?:qualified|more|warm) (?:leads|meetings|appointments|clients|customers|sales"
        r"|deals)\b"
        r"|\b\d+(?:-\d+)? ?% (?:savings|more|increase|growth|reduction|faster|fewer|lower|higher"
        r"|uplift)\b"
        r"|\btypically (?:find|unlock|see|save|deliver|cut|add)\b|\b\d+ margin points\b"
        r"|\b\$\d+k? (?:months|a month|per month|mrr)\b",
    ),
    (
        "sales_jargon",
        "promise",
        0.3,
        r"\b(?:outbound|lead gen(?:eration)?|roi|predictable pipeline|pipeline|conversion rate"
        r"|paid ads)\b",
    ),
    # --- qualifying the reader ------------------------------------------------------------
    (
        "qualifying_question",
        "prospecting",
        0.5,
        r"\b(?:are you|is your team|is your company) (?:currently )?(?:happy with|using"
        r"|looking (?:for|to)"
        r"|struggling with|open to switching|still using|planning to)\b"
        r"|\bhow are you (?:currently )?(?:handling|managing|doing|tackling|solving)\b"
        r"|\bon your radar\b|\bwhat would it mean for your\b|\bif your (?:website|team|company"
        r"|business)"
        r" could use\b|\bnoticed (?:you|your team|your company)(?:'re| are| is)? (?:use|uses|using"
        r"|hiring)\b",
    ),
    (
        "right_person",
        "prospecting",
        0.6,
        r"\b(?:right|best|correct) person to (?:speak|talk) (?:to|with)\b|\bdecision[- ]makers?\b"
        r"|\bwho (?:handles|is responsible for|owns|manages|looks after|makes decisions)\b"
        r"|\b(?:most|many|a lot of|dozens of) (?:\w+ ){0,2}(?:leaders|founders|cfos|ctos|cmos|vps"
        r"|heads of \w+|teams|companies|managers) (?:i|we) (?:talk|speak) (?:to|with)\b"
        r"|\b(?:speaking|talking) (?:with|to) (?:a lot of|many|several|dozens of) (?:\w+ ){0,2}"
        r"(?:cfos|ctos|cmos|founders|leaders|heads|vps|teams|companies)\b",
    ),
    (
        "fit",
        "prospecting",
        0.5,
        r"\b(?:whether|if) there'?s a fit\b|\bexplor(?:e|ing) (?:a |potential "
        r"|possible )?(?:partnership|synergies)\b"
        r"|\bdiscuss how (?:we|i) (?:can|could|might)\b|\ba great partner for your\b"
        r"|\bswitching (?:\w+ ){0,3}(?:companies|teams|businesses) (?:over )?to us\b"
        r"|\bin your (?:space|industry|sector|vertical)\b|\bsynergies\b|\b(?:this|next) quarter\b"
        r"|\byour priorities for\b|\bbenefit from our\b"
        r"|\b(?:interested in|open to) (?:a |an )?(?:partnership|reseller|distribution|referral)"
        r"(?: deal| agreement| opportunity| arrangement)?\b",
    ),
    # --- results and material -------------------------------------------------------------
    (
        "social_proof",
        "proof",
        0.7,
        r"\b(?:we've|we have|we) (?:helped|worked with|served|onboarded) (?:over |more than "
        r"|\d+\+? )?\d+"
        r"|\b(?:clients|customers) (?:like|such as|include)\b|\bcase stud(?:y|ies)\b"
        r"|\b(?:we|i) (?:fixed|solved|did) (?:that|this|it) for\b|\bwe recently helped\b"
        r"|\b(?:for|with) (?:over |more than )?\d+\+? (?:brands|companies|clients|customers"
        r"|businesses)\b"
        # "we save clients 30 %", "we cut our customers' costs by half"
        r"|\b(?:we|i) (?:save|saved|cut|reduce|reduced|double|doubled) (?:our )?"
        r"(?:clients|customers|companies|teams|businesses)'? (?:\w+ )?"
        r"(?:up to |over |around |by )?\d+",
    ),
    (
        "show_you",
        "show",
        0.6,
        r"\b(?:let me|i'd love to|i would love to|i'd like to|allow me to|can i|could i|i want to"
        r"|happy to)"
        r" (?:show|walk) you\b|\bshow you (?:how|what)\b|\bi'd like to share how we\b"
        r"|\b(?:send|share|attached) (?:you )?(?:over )?(?:our|my) (?:\w+ )?(?:deck|portfolio"
        r"|brochure"
        r"|proposal|one-pager|rates|pricing)\b|\breply \w+ to\b|\b(?:give|get) you early access\b"
        r"|\bsend (?:you )?(?:over )?(?:a quick |some )?(?:comparison|details|samples)\b"
        r"|\bwhere should i send it\b|\bfeedback on what we'?re building\b",
    ),
]

_COMPILED = [(name, kind, weight, re.compile(pattern)) for name, kind, weight, pattern in _RULES]


def pitch_signals(text: str) -> list[Signal]:
    """Every rule that fires on `text`, with the words it matched, in order of appearance."""
    folded = fold(text)
    found: list[tuple[int, Signal]] = []
    for name, kind, weight, pattern in _COMPILED:
        for match in pattern.finditer(folded):
            found.append((match.start(), Signal(name, kind, match.group(0).strip(), weight)))
    found.sort(key=lambda pair: pair[0])
    return [signal for _, signal in found]


def strongest_by_kind(signals: Sequence[Signal]) -> list[Signal]:
    """The one signal that counts for each kind: the heaviest, the first among equals."""
    best: dict[str, Signal] = {}
    for signal in signals:
        if signal.kind not in best or signal.weight > best[signal.kind].weight:
            best[signal.kind] = signal
    return list(best.values())


def pitch_score(text_or_signals: str | Sequence[Signal]) -> float:
    """0–1: how strongly the text reads as a pitch (noisy-or of the strongest signal per kind)."""
    signals = (
        pitch_signals(text_or_signals) if isinstance(text_or_signals, str) else text_or_signals
    )
    doubt = 1.0
    for signal in strongest_by_kind(signals):
        doubt *= 1.0 - signal.weight
    return round(1.0 - doubt, 3)


def is_pitch(text_or_signals: str | Sequence[Signal]) -> bool:
    """Whether the text reaches `PITCH_THRESHOLD`."""
    return pitch_score(text_or_signals) >= PITCH_THRESHOLD
