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

from rapport.core.pitch_terms import TERMS_LABELS, TERMS_RULES
from rapport.core.prefilter import Gate
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
    "credentials": "leads with the sender's achievements",
    "price": "names a price, rate or deal",
    "cta": "pushes the reader to reply, sign up or buy",
    "pain": "names a problem to sell a fix for",
    "recruiting": "recruits with a template (an 'exciting opportunity')",
    "scheme": "offers an investment or income scheme",
    "follow_up": "chases an unanswered sales message",
    "trigger": "opens with a sales trigger (funding, growth, a new role)",
    "value": "says what it would do for the reader's business",
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
        rf" (?:(?:a|an|the|you a|you an) )?(?:{_SIZE} ){{0,2}}demo\b"
        # "15 minutes for a quick demo call?": the ask comes after the time it takes.
        rf"|\b(?:for|into) (?:a|an) (?:{_SIZE} ){{0,2}}demo(?: call| session)?\b",
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
        "meeting",  # minutes of the reader's time are a meeting ask: they count once
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
        r"\b\d{1,2} ?% off\b|\bdiscount(?:ed|s)?\b|\blimited-time\b|\bpromo(?:tional)? code\b"
        r"|\bcoupon\b"
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
        r"|\b(?:clients|customers) (?:like|such as|include)\b|(?<!your )\bcase stud(?:y|ies)\b"
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

# --- what first messages add -------------------------------------------------------------
# A note is short; a first message after connecting has room for the whole sales sequence
# (seeds 002–004): who the sender is and sells to, their credentials, a price, a freebie,
# a pain point, a call to action, a chase. These rules read the same folded text and
# combine with the ones above; most are weak alone, so a member who mentions a demo, a
# discount or their own job in passing is not taken for a seller.
_BUYERS = (
    _WHO[:-1] + r"|developers|consultants|freelancers|creators|restaurants|landlords|smes"
    r"|managers|chains|museums|academies|employees|marketers|cfos|heads of \w+)"
)
_SALES_TITLE = (
    r"(?:account executive|account manager|business development \w+|sales (?:manager|director"
    r"|rep|representative|executive|lead)|partnerships? (?:manager|lead)|sdr|bdr|growth"
    r" (?:specialist|hacker|partner)|vertriebsleiter|commercial director)"
)
_OCCUPATION = (
    r"(?:consultant|coach|ghostwriter|agent|broker|advisor|adviser|marketer|strategist|realtor"
    rf"|{_SALES_TITLE}|(?:freelance|virtual|certified|independent|licensed) (?:[\w-]+ ){{0,2}}"
    r"[\w-]+)"
)
_MATERIAL = (
    r"(?:brochure|catalogue|catalog|listings|price list|rate card|quote|quotation|video|loom"
    r"|walkthrough|mock-?ups|samples?|examples|one-pager|deck|proposal|portfolio"
    r"|case stud(?:y|ies)|information about our)"
)
_VENDOR = (
    r"(?:software|provider|vendor|tool|platform|supplier|agency|processor|system|partner"
    r"|solution|setup|crm|bank|insurer|payroll|accountant)"
)
_MESSAGE_RULES: list[tuple[str, str, float, str]] = [
    # --- who the sender is: a seller -------------------------------------------------------
    (
        "seller",
        "offering",
        0.6,
        r"\b(?:we|i) (?:offer|provide|supply|manufacture|sell|distribute|export)\b"
        r"|\bwe (?:are|'re|r) (?:providing|offering|supplying|selling)\b|\bi represent an?\b"
        r"|\bour (?:company|firm|agency|team|studio) (?:provides|offers|supplies|speciali[sz]es"
        r"|delivers|builds|designs|can take over)\b"
        r"|\bwe(?: are|'re| r) (?:a |an )?(?:[\w-]+ ){0,3}(?:agency|consultancy|firm|studio"
        r"|company|supplier|provider|manufacturer|distributor|software house)\b"
        r"|\bleading (?:supplier|manufacturer|distributor|provider|partner)\b"
        r"|\b(?:i|we) (?:run|own|operate) an? (?:[\w-]+ ){0,3}(?:practice|agency|studio|firm"
        r"|consultancy|bootcamp|academy|service)\b"
        r"|\bwe have an? (?:pool|team|network) of (?:[\d,]+ )?(?:vetted|senior|certified"
        r"|experienced|qualified|skilled|dedicated)\b|\bi(?:'m| am) (?:an )?expert in\b"
        rf"|\b(?:i|we) (?:build|make|design|develop|create|deliver|run|do) [\w -]{{1,40}} for"
        rf" (?:\w+ ){{0,2}}{_BUYERS}\b|\b(?:i|we) (?:work|partner) with (?:\w+ ){{0,2}}{_BUYERS}"
        r" (?:to|who|on)\b|\bwe partner with\b"
        r"|\bsomething (?:we've|we have|i've|i have) been (?:building|working on|developing)\b"
        r"|\bi'?m reaching out (?:from|on behalf of)\b|\bwhite[- ]label\b",
    ),
    (
        "occupation",
        "offering",
        0.4,
        rf"\b(?:i'?m|i am) (?:a|an|the|your) (?:[\w-]+ ){{0,2}}{_OCCUPATION}\b"
        rf"|\bas an? (?:[\w-]+ ){{0,3}}{_OCCUPATION}\b|\b(?:co-?)?founder of\b"
        r"|\b(?:we've|we have|i've|i have) (?:just )?(?:built|created|developed|designed"
        r"|launched|put together) (?:a|an) (?:[\w-]+ ){1,5}(?:to help|that helps|that lets)\b"
        r"|\b(?:launching|launched|releasing|released|just dropped) (?:my|our|an?|the)"
        r" (?:new |first |online )*(?:[\w-]+ ){0,2}(?:course|ebook|e-book|book|app|product|tool"
        r"|platform|programme|program|feature|masterclass|cohort|membership)\b"
        r"|\b(?:our|my) (?:new |free |online |private |paid )*(?:webinar|masterclass|course"
        r"|programme|bootcamp|mastermind|ebook|e-book|newsletter|report|managed services"
        r"|services)\b|\b(?:private|paid|exclusive|vip) (?:community|membership|dinner"
        r"|roundtable|briefing)\b|\bsponsor(?:ship)? (?:deck|packages?)\b"
        r"|\b(?:i|we) can (?:fix|handle|take care of|sort out) (?:that|this|it)\b"
        r"|\b(?:we're|we are|i'm|i am) building an? (?:[\w-]+ )?(?:solution|product|platform)\b",
    ),
    (
        "helping_buyers",
        "we_help",
        0.8,
        rf"\b(?:we|i)(?:'ve| have) been helping (?:\w+ ){{0,3}}{_BUYERS}\b"
        rf"|\b(?:we|i)(?:'re| are|'m| am) helping (?:\w+ ){{0,3}}{_BUYERS}\b"
        rf"|\b(?:we|i) help (?:\w+ ){{0,2}}{_BUYERS}\b",
    ),
    (
        "like_yourself",
        "we_help",
        0.6,
        rf"\b{_BUYERS} like (?:you|yourself)\b",
    ),
    (
        "abroad",
        "we_help",
        0.8,
        r"\b(?:empresas|negocios|companias) como (?:la tuya|el tuyo|la suya|la sua|a sua|a tua)\b"
        r"|\b(?:entreprises|societes) comme la (?:votre|tienne)\b|\bunternehmen wie (?:ihres"
        r"|ihrem|deins)\b|\baziende come la (?:tua|sua|vostra)\b|\b(?:nous aidons|nous"
        r" accompagnons|accompagne|ayudamos a|ajudamos|aiutiamo|wir unterstutzen|wir helfen)"
        r" (?:a |as |les |den )?(?:\w+ ){0,2}(?:empresas|pme|entreprises|cabinets|aziende"
        r"|unternehmen|startups|negocios)\b",
    ),
    (
        "abroad_firm",
        "offering",
        0.7,
        r"\b(?:nuestra|nossa|notre|unsere|la nostra) (?:plataforma|plateforme|plattform"
        r"|piattaforma|agencia|agence|agentur|agenzia|solucion|solucao|losung|soluzione)\b"
        r"|\bsomos (?:uma|una|un) (?:consultoria|consultora|agencia|empresa)\b"
        r"|\bnous sommes une? (?:agence|cabinet|societe)\b|\bwir sind eine? (?:agentur|beratung)\b",
    ),
    # --- credentials and results -----------------------------------------------------------
    (
        "achievements",
        "credentials",
        0.7,
        r"\b(?:i've|i have|we've|we have) (?:helped|coached|trained|mentored|scaled|taken"
        r"|generated|grown|placed|recovered|raised|closed|built|worked with|partnered with)"
        r" (?:over |more than |nearly |almost )?[$€£]?\d[\d,.]*\+?(?:k|m|mm| million| billion)?\b"
        r"|\b(?:\d+|six|seven|eight|multi)[- ]figure\b|\btop \d+ ?%|\bfeatured (?:in|on) \w+"
        r"|\baward[- ]winning\b|\bbest ?selling (?:author|book)\b|\bkeynote speaker\b"
        r"|\b(?:my|our) (?:firm|agency|company|team) has (?:recovered|helped|generated|saved"
        r"|delivered|placed)\b|\(ex-\w+|\brated \d(?:\.\d)? (?:on|out of|stars)\b"
        r"|\b(?:used|trusted|loved) by (?:over |more than )?\d|\bpast [$€£]?\d+(?:k|m)? in"
        r" (?:revenue|sales|arr)\b|\bwe've run it for\b|\bjoin [\d,]+\+? (?:founders|people"
        r"|members|leaders|professionals|marketers|creators)\b",
    ),
    (
        "experience",
        "credentials",
        0.4,
        r"\b\d+\+? years of experience\b|\bi (?:spent|have spent|'ve spent) \d+ years\b"
        r"|\bi'?ve been in [\w ]{1,20} for \d+ years\b",
    ),
    (
        "customers_results",
        "proof",
        0.7,
        r"\b(?:our|my) (?:clients|customers) (?:typically |usually |often )?(?:saved|save|earn"
        r"|earned|see|saw|got|grew|doubled) (?:up to |over |an average of )?[$€£]?\d"
        r"|\b(?:from )?working with (?:over |more than )?\d+\+? \w+",
    ),
    # --- what is on offer --------------------------------------------------------------------
    (
        "price",
        "price",
        0.6,
        r"\bflat (?:fee|rate)\b|\b(?:my|our) rates? (?:start|are|is)\b|\bstarting (?:at|from)"
        r" [$€£]?\d|\b[$€£]\d+(?:\.\d+)? (?:per|an|a|/) ?(?:hour|hr|month|user|seat|article)\b"
        r"|\bfor [$€£]\d|\b(?:wholesale|factory|affordable|unbeatable|reasonable|competitive"
        r"|cheap) (?:prices?|rates?|pricing)\b|\bcheap price\b"
        r"|\b(?:at|in|for) (?:a )?(?:very )?(?:low|lowest|affordable) (?:cost|price)\b"
        r"|\bprice list\b|\bquotation\b|\bfirst (?:month|week|session|lesson|consultation)"
        r"(?: is)? (?:free|on me|on us)\b|\bfor the price of\b|\blifetime (?:premium|access|deal)\b"
        r"|\bzero upfront\b|\bno (?:placement|win|cure),? no (?:fee|pay)\b|\bpricing ends\b"
        r"|\btrial week\b|\b\d+ ?% off\b|\bfee of [$€£]?\d|\bprices? (?:for|of) (?:our|the)"
        r" [\w ]{1,40} go(?:es)? up\b|\bkeep \d+ ?% of the (?:margin|revenue)\b"
        r"|\b(?:founding|early) members get\b|\bfor life\b",
    ),
    (
        "freebie",
        "offer",
        0.9,
        r"\bfree for \d+ (?:days|weeks|months)\b|\b(?:free|complimentary) (?:[\w-]+ ){0,3}(?:copy"
        r"|pilots?|review|savings estimate|security assessment|strategy session|discovery call"
        r"|session|makeover|consultation|access|portal audit|content audit|audit)\b"
        r"|\bfree for the first \d+\b|\b(?:i'm|we're|i am|we are) (?:offering|giving away)"
        r" (?:a |an )?(?:free|complimentary)\b|\bgiving away free\b"
        r"|\b(?:demonstracao|demostracion|demo|demonstration|demonstrazione) (?:gratuita|gratuite"
        r"|gratis)\b|\bkostenlose (?:demo|beratung)\b|\b(?:preventivo|presupuesto|orcamento"
        r"|devis|auditoria|audit) (?:gratuito|gratuit|gratis|gratuita)\b",
    ),
    (
        "send_material",
        "show",
        0.6,
        rf"\bsend (?:you )?(?:over )?(?:a|an|some|our|my) (?:[\w-]+ ){{0,3}}{_MATERIAL}\b"
        r"|\b(?:please )?(?:find|see) (?:our|the|my) (?:catalogue|catalog|brochure|price list"
        r"|deck|proposal|portfolio|rate card) attached\b"
        r"|\bintroduce you to (?:our|my)\b|\bwalk you through\b|\bshare (?:our|my) portfolio\b"
        r"|\b(?:i|we) (?:have|'ve got) (?:a few|some|a couple of) ideas"
        r" (?:that|i think|on how|to)\b"
        r"|\bhave some ideas to share\b|\b(?:i )?put together (?:a few|some) ideas\b"
        r"|\bmind if i share (?:them|it|some)\b|\b(?:happy|glad) to (?:run the numbers|put"
        r" together an? (?:quote|proposal|plan)|prepare an? (?:quote|proposal))\b",
    ),
    # --- promises ------------------------------------------------------------------------------
    (
        "promise_numbers",
        "promise",
        0.6,
        r"\b(?:increases|boosts|grows|doubles|triples|lifts) (?:[\w-]+ ){0,2}(?:revenue|sales|leads"
        r"|pipeline|conversions?|reply rates?|response rates?|open rates?|signups|retention"
        r"|bookings|traffic|engagement)\b|\b(?:cuts?|reduces?|slashes|saves|increases|boosts"
        r"|doubles|improves) (?:[\w-]+ ){1,4}by (?:up to |over |around )?\d+ ?(?:%|x)"
        r"|\bsave (?:you|your(?: [\w-]+){1,2}) (?:\d+|hours|time|money|thousands|a (?:significant"
        r"|substantial|lot|fortune))\b|\b(?:cut|reduce|halve|slash) your (?:[\w-]+ ){1,3}in half\b"
        r"|\bif you could (?:[\w-]+ ){1,6}\d+ \w+ (?:faster|quicker|sooner|cheaper)\b"
        r"|\b\d+ ?x (?:faster|more|cheaper)\b|\bhit [$€£]\d+(?:k|m)? (?:arr|mrr|months|revenue"
        r"|a month)\b|\b(?:fix|deliver|set up|launch|rank|have you live) (?:[\w-]+ ){0,4}in"
        r" (?:under |less than |just )?\d+ (?:days|hours)\b",
    ),
    (
        "abroad_numbers",
        "promise",
        0.6,
        r"\b(?:aumentar|incrementar|duplicar|augmenter|doubler|steigern|verdoppeln|aumentare"
        r"|raddoppiare|ridurre|reducir|reduzir|reduire|senken) (?:sus |tus |seus |suas |vos |ihre"
        r" |i |los |las |os |as )?(?:ventas|vendas|ventes|umsatz|vendite|costos|custos|couts"
        r"|kosten|costi)\b|\bkosten um (?:bis zu )?\d+",
    ),
    (
        "value_for_you",
        "value",
        0.4,
        r"\b(?:could|might|would|will) be (?:really )?(?:relevant|useful|valuable|a (?:good )?fit"
        r"|helpful) (?:for|to) (?:you|your)\b|\bif (?:this|that)'?s? ever on your (?:roadmap"
        r"|radar|list)\b|\bi'?m your (?:guy|girl|person|partner)\b|\b(?:get|getting) (?:a lot )?"
        r"more out of\b|\bmake the most of\b|\bif (?:this|that) sounds like you\b"
        r"|\b(?:valuable|useful|helpful) for (?:\w+ ){0,2}(?:leaders|founders|teams|marketers)\b",
    ),
    # --- asks and pressure ---------------------------------------------------------------------
    (
        "call_to_action",
        "cta",
        0.4,
        r"\b(?:kindly|please) (?:reply|revert|respond)\b|\b(?:share|let (?:me|us) know) your"
        r" (?:monthly )?requirements?\b|\breply (?:with )?['\"]\w+['\"]"
        r"|\breply (?:with )?(?:yes|interested|demo|info|go)(?: and| to|$|\b)"
        r"|\b(?:let me know|reply) if (?:you'?re |you are )?(?:interested|intrested)\b"
        r"|\b(?:interested|intrested|intersted)\s*\?|\binterested to hear more\b|\bwant in\b"
        r"|\bsign up (?:here|now|today|below|at)\b|\bregistration is open\b"
        r"|\bregister (?:here|now|today|at)\b|\bjoin (?:the|our|my) (?:waitlist|waiting list"
        r"|mastermind|cohort|masterclass|webinar)\b|\bgrab (?:your|a) (?:copy|spot|seat)\b"
        r"|\b(?:check out|check|visit|see) (?:our|my) (?:portfolio|website|catalogue|catalog"
        r"|profile for reviews|reviews|shop|store)\b|\b(?:can|could|may) i tell you more\b"
        r"|\bwould you like to (?:learn|hear|know) (?:how|more)\b|\bhere'?s the link\b"
        r"|\blink (?:below|in (?:my )?bio)\b|\bwant (?:me )?to (?:see some examples|hear more)\b"
        r"|\bif you'd like to hear how\b|\b(?:want|would you like) me to (?:send|add you)\b"
        r"|\bsave you (?:one|a seat|a spot)\b|\b(?:spots?|seats?|places?|slots?) (?:left"
        r"|available|open)\b|\b(?:dm|whatsapp|text) me\b|\b(?:can|shall|should) i send it\b"
        r"|\blet me know if you'?d like (?:a|the|some|more) (?:\w+ )?(?:sample|details|info"
        r"|information|deck|link)\b|\b(?:the )?first \d+ (?:people|clients|founders|companies)\b"
        r"|\b(?:any|some) interest in\b|\b(?:onboarding|taking on|accepting) new clients\b"
        r"|\bearly adopters\b|\blearning how\s*\?",
    ),
    (
        "sales_meeting",
        "meeting",
        0.5,
        r"\bfancy a (?:quick )?(?:chat|call|coffee)\b|\blet'?s talk\s*[!.]"
        r"|\b(?:un creneau|auriez-vous un moment|kurzes gesprach|kurzen austausch|una llamada"
        r"|una reunion|uma reuniao|uma conversa|una chiamata)\b",
    ),
    (
        "demo_offer",
        "meeting",
        0.8,
        r"\b(?:like|want|interested in|open to) (?:a|an) (?:quick |short |free |personali[sz]ed"
        r" |live )?demo\b",
    ),
    (
        "time_for_a_sale",
        "meeting",
        0.4,
        r"\b{m} (?:of your time|on your calendar|with you)\b|\bcould i (?:have|get|steal|borrow)"
        r" {m}\b|\bwould (?:monday|tuesday|wednesday|thursday|friday) or \w+ work\b"
        r"|\bwhen would be a (?:good|convenient) time to (?:chat|talk|connect|speak|call)\b"
        r"|\b(?:a|is now a) (?:better|good|convenient) time to (?:talk|chat|connect)\b"
        r"|\b\d+ (?:minutos|minuten|minuti)\b|\bechange de \d+ minutes\b".replace("{m}", _MINUTES),
    ),
    (
        "pain_point",
        "pain",
        0.4,
        r"\b(?:biggest|main|number one|top) (?:challenge|bottleneck|problem|pain ?point|headache"
        r"|struggle)s?\b|\b(?:are|were|is) (?:\w+ )?(?:struggling|drowning) (?:with|in)\b"
        r"|\b(?:companies|teams|founders|leaders|businesses|firms|ctos|cfos) [\w ]{0,30}"
        r"struggle with\b|\b(?:are you |if you're |if you are )tired of\b|\bis that true for you\b"
        r"|\bsounds? familiar\b|\bkeeps? you up at night\b|\bdon'?t get left behind\b"
        r"|\byour competitors\b|\bleaving money on the table\b|\bwe've been working on this"
        r" (?:problem|exact problem)\b|\bhow much (?:time|money) your (?:\w+ )?(?:team|company"
        r"|staff|business) (?:spends?|wastes?|loses?)\b",
    ),
    (
        "qualifying",
        "prospecting",
        0.5,
        r"\bwho'?s in charge of\b|\bare you (?:still )?using (?:spreadsheets|excel)\b"
        r"|\bis [\w' ]{3,40} a priority\b|\bwhat'?s your (?:plan|strategy) for (?:scaling|growing"
        r"|hiring|handling|reducing)\b|\bdoes your (?:company|team|business) have a plan\b"
        r"|\bare you looking to (?:hire|grow|scale|outsource|increase|reduce)\b"
        r"|\bthe right person to (?:talk|speak) to about\b|\byour (?:marketing|sales|it|software"
        r"|advertising|hiring) budget\b|\bis [\w' ]{3,40} something (?:you're|you are|your team is"
        r"|your company is) (?:focusing on|focused on|prioriti[sz]ing|looking at|thinking about)\b"
        r"|\blooking forward to (?:cooperating|doing business|a fruitful|our cooperation)\b"
        r"|\bexplore whether (?:this|we|it) (?:could|might|would)\b",
    ),
    (
        "current_vendor",
        "prospecting",
        0.7,
        rf"\b(?:are you|is your (?:team|company)) (?:happy|satisfied) with your (?:current )?"
        rf"(?:[\w-]+ ){{0,2}}{_VENDOR}\b",
    ),
    (
        "recruiting_template",
        "recruiting",
        0.5,
        r"\bexciting (?:new )?(?:opportunit(?:y|ies)|roles?|positions?|openings?)\b"
        r"|\bopen to (?:new|exploring|hearing about new) (?:opportunities|roles|challenges)\b"
        r"|\bmatch(?:es)? your profile\b|\b(?:strong|perfect|great) (?:match|fit) for (?:a|the"
        r"|this|one of)\b|\bone of (?:my|our) clients\b|\bmy client(?:,| is)\b"
        r"|\bcompetitive (?:salary|package|compensation)\b|\bsend me your (?:updated )?(?:cv"
        r"|resume)\b|\b(?:several|a few|multiple) (?:exciting )?roles with\b|\b(?:looks|seems)"
        r" like a (?:strong|great|good|perfect) (?:match|fit)\b",
    ),
    (
        "income_scheme",
        "scheme",
        0.7,
        r"\bfinancial freedom\b|\bpassive income\b|\bincome potential\b|\bproven (?:system"
        r"|method|formula)\b|\bmetodo probado\b|\b(?:guaranteed|monthly|weekly) (?:\d+ ?% )?"
        r"(?:returns|profits?)\b|\b\d+ ?% (?:(?:monthly|weekly|annual|yearly) )?returns\b"
        r"|\b(?:crypto|forex|bitcoin) (?:trading|investment|signals)\b|\binvestment (?:opportunity"
        r"|manager|plan)\b|\bopportunity (?:for you )?to invest\b|\bstreams of income\b",
    ),
    (
        "fundraising",
        "scheme",
        0.5,
        r"\braising (?:our|a) (?:pre-seed |seed |series \w |angel )?(?:funding )?round\b"
        r"|\b(?:see|seeing|share|sharing) our (?:pitch )?deck\b",
    ),
    (
        "chasing",
        "follow_up",
        0.5,
        r"\b(?:following|circling|checking) (?:up|back|in) on my (?:last|previous|earlier)"
        r" (?:message|email|note|inmail)\b|\b(?:did|have) you (?:get|had|have) a chance to"
        r" (?:look|review|check|read)\b|\bbumping (?:this|my message)\b|\bcircling back\b",
    ),
    (
        "sales_trigger",
        "trigger",
        0.4,
        r"\bcongrat\w* on (?:the|your) (?:recent )?(?:funding|raise|series [a-d]|round"
        r"|seed round|expansion|acquisition)\b|\bnoticed (?:you|your (?:team|company))(?:'re| are"
        r"| is)? (?:scaling|growing|expanding)\b|\bi see you'?re the (?:head|vp|director|cto|ceo"
        r"|cfo|founder)\b|\bnew role as (?:the )?(?:head|vp|director|chief|cto|ceo|cfo|cmo)\b"
        r"|\b(?:we|i) noticed your company is\b",
    ),
]
_RULES += _MESSAGE_RULES
_RULES += TERMS_RULES
KIND_LABELS.update(TERMS_LABELS)

_COMPILED = [(name, kind, weight, re.compile(pattern)) for name, kind, weight, pattern in _RULES]
# Most texts contain none of the words most rules are built around: skip those rules.
_GATE = Gate([pattern for _name, _kind, _weight, pattern in _COMPILED])


# An offer the reader made, or one from an event, is not the sender's ("the student
# discount you mentioned", "your discount code from the podcast").
_NOT_THEIRS_BEFORE = re.compile(
    r"(?:\byour|\bthe student|\bthanks for (?:offering|the))\s+(?:\w+\s+)?$"
    r"|\b(?:could|would|can|will) (?:you )?(?:give|run|do|offer|host|lead)\s+(?:an?\s+)?$"
)
_NOT_THEIRS_AFTER = re.compile(
    r"^(?:\s+\w+){0,2}\s+(?:you (?:mentioned|shared|gave|offered|posted|sent|told)"
    r"|from (?:the|your|a) \w+)"
)
_OFFER_KINDS = frozenset({"offer", "price"})


def _not_theirs(folded: str, start: int, end: int) -> bool:
    return bool(
        _NOT_THEIRS_BEFORE.search(folded[max(0, start - 30) : start])
        or _NOT_THEIRS_AFTER.match(folded[end : end + 40])
    )


def pitch_signals(text: str) -> list[Signal]:
    """Every rule that fires on `text`, with the words it matched, in order of appearance."""
    folded = fold(text)
    found: list[tuple[int, Signal]] = []
    for index in _GATE.candidates(folded):
        name, kind, weight, pattern = _COMPILED[index]
        for match in pattern.finditer(folded):
            if kind in _OFFER_KINDS and _not_theirs(folded, match.start(), match.end()):
                continue
            phrase = match.group(0).strip().lstrip(".,;:!?—–- ")  # a clause's lead-in is no word
            found.append((match.start(), Signal(name, kind, phrase, weight)))
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
