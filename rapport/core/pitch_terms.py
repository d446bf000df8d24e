"""Pitch signals that need no sales vocabulary: the terms of a deal (issue 21).

The rules in `rapport.core.pitch` recognise the sales register ("book a demo", "our
platform", "companies like yours"). Pitches written by people who avoid it still state
the terms of what they sell: a price with its unit, a call on a named day, their own
availability, candidates on offer, a share of the revenue, a fee for being featured, a
stand at an event, material to send, "mutual benefit". Each rule here names one of
those; none is a verdict alone (weights below the pitch threshold), and the learned
model weighs them with the rest of the text, so a friend's early-bird ticket price or a
customer asking about plans does not read as a pitch because a price is named.

Patterns run over folded text (lower case, plain quotes), like the rest of the rules.
"""

from __future__ import annotations

_MONEY = (
    r"(?:[$£€]\s?\d[\d,.]*k?|\d[\d,.]*k?\s?(?:eur|euros?|usd|gbp|pounds|quid|dollars|bucks"
    r"|inr|rupees|pln|zl|naira|pesos|chf)\b|\b\d+(?:\.\d+)?\s?(?:per|/|a|an)\s?word)"
)
_UNIT = (
    r"(?:hour|hr|day|week|month|head|person|people|attendee|delegate|participant|seat|user"
    r"|licen[cs]e|word|page|site|article|post|issue|episode|slot|spot|session|workstation"
    r"|declaration|character|asset|video|project|employee|student|location|unit|sq ?ft"
    r"|square foot|hire|placement|report|audit|image|photo|track|song|mix|logo)s?"
)
_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs"
    r"|fri|tomorrow|next week|this week|later this week|early next week"
    r"|(?:on )?(?:the )?\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep"
    r"|oct|nov|dec)[a-z]*)"
)
_TIME = (
    r"(?:\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm|h\b)|\d{1,2}[:.]\d{2}|noon|midday|half (?:past )?"
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)|(?:about|around) "
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\b"
    r"|(?:morning|afternoon|lunchtime))"
)
_CALL = (
    r"(?:call|chat|ring|coffee|lunch|breakfast|zoom|teams|meet|meeting|catch[- ]?up|intro"
    r"|conversation|demo|talk|speak"
    r"|walkthrough|\d{1,2} ?(?:min|mins|minutes)|quick \d{1,2}|fifteen|twenty|thirty"
    r"|(?:five|ten) minutes|phone)"
)
_PEOPLE = (
    r"(?:candidates?|developers?|devs|engineers?|designers?|nurses?|contractors?|freelancers?"
    r"|analysts?|consultants?|accountants?|temps?|interims?|talent|profiles?|cvs|resumes"
    r"|teachers?|carers?|drivers?|welders?|technicians?|programmers?|artists?|animators?"
    r"|writers?|editors?|managers?|specialists?|recruits?|hires|workers|staff|actuaries"
    r"|locums?|mods)"
)

TERMS_LABELS = {
    "rate": "offers a paid service at a price",
    "named_time": "asks for a call at a set time",
    "availability": "offers their own time for hire",
    "candidates": "offers candidates or contractors",
    "deal": "proposes a deal: partnership, referral fee or revenue share",
    "paid_feature": "asks to be paid for featuring them",
    "stand": "invites them to a stand or demo at an event",
    "material": "offers to send a brochure, quote or samples",
    "mutual": "promises mutual benefit",
    "services": "says what the sender sells",
    "when_needed": "offers help for when they need it",
}

TERMS_RULES: list[tuple[str, str, float, str]] = [
    # A price with what it buys: "£950 a day", "$45 a person", "0.09 per word", "$4,900 flat".
    (
        "rate_unit",
        "rate",
        0.55,
        rf"{_MONEY}\s?(?:\+\s?vat\s?)?(?:(?:per|/|for (?:a|the|each|one|every))\s?[\w-]+"
        rf"|(?:a|an)\s?(?:\w+[ -])?{_UNIT}\b"
        rf"|(?:a|an) [a-z]+\b(?= *[,.;:!?)—–-]| with| and| or|$)"
        rf"|flat\b|all[- ]in\b|fixed\b|retainer\b|for both\b|for the lot\b"
        r"|including\b|included\b|a head\b|each\b)",
    ),
    (
        "price_for",
        "rate",
        0.5,
        rf"\b(?:(?:my|our|the|a|small) (?:rate|fee|price|package|day rate|rates|fees|prices"
        rf"|pricing|sponsorship|contribution|entry fee|investment)(?: of)?|flat|fixed fee"
        rf"(?: \w+){{0,3}} (?:is|are|starts?|from|runs?)|packages? (?:start|from)|costs?|only"
        rf"|from|just|starting at|at)\s?{_MONEY}",
    ),
    # A call at a time the sender names: "quick 15 on Thursday, 4pm?", "next Tuesday 9am".
    (
        "call_at",
        "named_time",
        0.4,
        rf"\b{_CALL}\b(?:[^.?!]{{0,40}}?)\b(?:{_DAY}|{_TIME})\b"
        rf"|\b(?:{_DAY})\b[^.?!]{{0,25}}?\b{_TIME}\b[^.?!]{{0,40}}?\b(?:suit|work|call|chat"
        rf"|talk|discuss|ring)\b|\b(?:does|would|could|can we do|how about) (?:next |this )?"
        rf"{_DAY}\b(?:[^.?!]{{0,15}}?{_TIME})?[^.?!]{{0,10}}\?",
    ),
    # The sender's own time for hire.
    (
        "free_for_work",
        "availability",
        0.55,
        r"\b(?:i'?m|i am|i'?ve|i have|just)\b(?: \w+){0,2} (?:free|available|freed up"
        r"|open to (?:new )?(?:projects|clients|work|contracts|roles|assignments|conversations)"
        r"|between (?:assignments|contracts|projects|roles|gigs)|taking on (?:new |a couple of"
        r" |a few |two |one )?(?:\w+ )?(?:clients|projects|agents|accounts|students|work)"
        r"|(?:got|have) (?:room|space|capacity) for|gone out on my own|open for work)"
        r"|\b(?:client|project|consulting|coaching) (?:slot|spot|place)s? (?:opens?|open up"
        r"|opening|free|available)"
        r"|\b(?:available|free|capacity) (?:from|for|in|starting|again|\d)\b(?:[^.?!]{0,30}?)"
        r"\b(?:days?|weeks?|hours|hrs|months?|january|february|march|april|may|june|july"
        r"|august|september|october|november|december|q[1-4]|contract|projects?|work)\b"
        r"|\b(?:spare|extra|free) (?:capacity|hands|slots?|bandwidth)\b"
        r"|\b(?:freelance|contract|interim|fractional|independent) [\w ]{0,30}"
        r"(?:here|available|for hire|between)\b|\bwrapping up (?:a|my) \w+(?: \w+)? contract\b",
    ),
    (
        "people_on_offer",
        "candidates",
        0.55,
        rf"\b(?:we|i) (?:place|supply|provide|source|have|'ve got|ve got|got|represent)"
        rf"(?: \w+){{0,4}} {_PEOPLE}\b|\b{_PEOPLE}\b(?: \w+){{0,4}} (?:ready|available|looking"
        r" for their next|on the bench|pre-vetted|vetted)\b"
        r"|\bwant (?:her|his|their|the) (?:portfolio|cv|resume"
        r"|profile)s?\b|\bhappy to intro (?:them|her|him)? ?if (?:you'?re|ur|you are) hiring\b",
    ),
    (
        "deal_terms",
        "deal",
        0.6,
        r"\bstrategic (?:partner|partnership|alliance)\b|\brev(?:enue)?[- ]?shar(?:e|ing)\b"
        r"|\breferral (?:fee|arrangement|agreement|partnership|scheme|programme|program|deal)\b"
        r"|\b\d{1,2} ?(?:%|percent|per cent) (?:commission|cut|fee|referral|finder|recurring"
        r"|rev|of (?:every|each|the revenue|revenue|sales|fees|first-year|profits?|the deal"
        r"|what|any|all|net|gross|the fee|their|the first))"
        r"|\bpartner (?:program|programme|scheme)\b|\bpromote each other'?s?\b|\bcross[- ]promot"
        r"|\bcommission on\b|\bco[- ]?market|\bshare the leads\b|\bwhite[- ]?label"
        r"|\bcross[- ]?referr|\bjoint (?:offer|venture|package|proposition)\b"
        r"|\bbundl(?:e|ing) (?:your|our)\b|\bfinder'?s fee\b|\baffiliate\b",
    ),
    (
        "pay_to_feature",
        "paid_feature",
        0.6,
        r"\b(?:featured?|sponsored?|speaker|speaking|guest|contributor|advertorial|listing"
        r"|profile|spotlight|interview|award|nomination|column|placement|booth|exhibitor)"
        r" (?:spots?|slots?|fee|package|placement|post|spot|packages?|entry|costs?)\b"
        r"(?:[^.?!]{0,40}?(?:[$£€]|\d+ ?(?:eur|usd|gbp)|fee|cost|only|just))?"
        r"|\b(?:you'?(?:ve| have)? (?:been|are|were)|(?:your|ur) \w+ (?:got|was|has been))"
        r" (?:selected|nominated|chosen|shortlisted)\b|\b(?:entry|listing|feature|featuring"
        r"|sponsorship|speaker|editorial|production) (?:fee|package|contribution|places?)\b"
        r"|\bto be (?:featured|profiled|listed|included)\b",
    ),
    (
        "at_our_stand",
        "stand",
        0.55,
        r"\b(?:stand|booth|hall|pavilion) (?:no\.? ?)?[a-z]?\d[\w.]*\b"
        r"|\b(?:got|have|'ve got) a (?:stand|booth|table)\b|\bcome find (?:me|us)\b"
        r"|\b(?:stop|swing|drop|come) by\b(?: (?:our|the|my) (?:stand|booth|table)\b)?"
        r"|\bat our (?:stand|booth|table)\b|\b(?:running|giving|doing) (?:\w+ ){0,3}demos?\b"
        r"|\bexpo hall\b|\b(?:in|at) (?:the )?(?:ballroom|pavilion)\b"
        r"|\bwe(?:'re| are| will be| ll be) (?:exhibiting|demoing|showcasing)\b"
        r"|\b(?:demo|demonstrate|show) (?:you |it |u )?(?:\w+ ){0,4}(?:at|on) (?:our|the)"
        r" (?:stand|booth)\b|\bhands[- ]on demo\b",
    ),
    (
        "send_material",
        "material",
        0.5,
        r"\b(?:send|share|email|drop|forward|mail|post) (?:you |u |over |across |through )*"
        r"(?:our|the|my|a|some|an)(?: \w+){0,2} (?:brochure|catalogue|catalog|price ?list"
        r"|quote|quotation|proposal|deck|pdf|rate ?card|one[- ]pager|case stud(?:y|ies)"
        r"|samples?|portfolio|media kit|info pack|leaflet|flyer|menu of services|mock-?ups?"
        r"|concepts?|ideas|video|excel|recording|sketch(?:es)?|offer)\b"
        r"|\bput together (?:a|an) (?:quote|proposal|estimate|plan|package)\b"
        r"|\bdrop it (?:in|into) (?:your|ur) inbox\b"
        r"|\b(?:sketched|drafted|mocked) (?:out|up)? ?what\b"
        r"|\b(?:ok|mind) if i send\b|\b(?:can|may|could|shall) i (?:send|show|share)"
        r" (?:you |u )?(?:our|my|a)\b(?! (?:draft|notes|numbers|questions|results|data|code))"
        r"|\bwant me to (?:send|share) (?:it|them)\b"
        r"|\b(?:wanna|want to|would you like to) see\b(?: (?:it|them|some|a))?\s?\?"
        r"|\bi (?:sketched|drafted|mocked up|redid|recorded|made) (?:\w+ ){0,4}(?:for (?:you|u|ur"
        r"|your)|of (?:your|ur))\b",
    ),
    (
        "mutual_benefit",
        "mutual",
        0.45,
        r"\bmutual(?:ly)?[- ]benefi(?:t|cial)\b|\bwin[- ]win\b|\bbenefit (?:us )?both\b"
        r"|\bsynerg(?:y|ies)\b",
    ),
    (
        "we_sell",
        "services",
        0.35,
        r"(?:^|[.!?,;:]\s*|\b(?:and|but|so|btw|by the way|also)\s)(?:i|we)(?:'re| are)?"
        r" (?:do|run|offer|provide|install|teach|translate|make|build|design|supply|sell"
        r"|carry out|rewrite|set up|lead|place|produce|edit|clean|repair|fit|source|train"
        r"|deliver|organi[sz]e|facilitate|handle|host|print|cater|coach|consult|write|shoot"
        r"|a small \w+ (?:crew|team|agency|studio|firm)|an? (?:\w+ )?(?:agency|studio|firm"
        r"|consultancy|company|practice|shop))\b(?! (?:you|u)\b)"
        r"|\b(?:my|our) (?:\w+ )?(?:studio|agency|team|firm|crew|practice|consultancy) (?:can|could"
        r"|will|would) (?:slot|step|jump|embed|take|help|handle|start)\b",
    ),
    # News about the reader, the usual opener of a pitch and of a friend's congratulations
    # alike: weak alone, telling beside an offer (the model sees the pair).
    (
        "news_opener",
        "trigger",
        0.3,
        r"\bcongrat\w*(?: again)? on (?:the |your |ur |being |closing |making |stepping |landing"
        r" |the new |your new |ur new )?(?:\$?\d+\w* )?(?:raise|series [a-e]|funding|round"
        r"|appointment|promotion|promo|new (?:role|job|title|position|office)|move to|named"
        r"|appointed|head of|chief|cfo|ceo|cto|coo|vp|director|lead|principal|partner"
        r"|acquisition|launch|expansion)|\b(?:saw|read|heard|noticed) (?:the )?(?:news|that"
        r"|announcement|your (?:announcement|advert|news|raise|funding|job post))\b"
        r"|\b(?:is|are) (?:hiring|advertising|entering|expanding|opening|launching)\b"
        r"|\b(?:just )?(?:moved|moving) into (?:the |a |your |ur )?(?:big )?new\b"
        r"|\b(?:first|next) (?:90|ninety|hundred|100) days\b|\bnew (?:chief|heads?|cfos?|ceos?"
        r"|principals?|managers?|directors?) (?:often|usually|always|tend)\b",
    ),
    (
        "if_you_need",
        "when_needed",
        0.35,
        r"\bif (?:you|u|your team|ur team|your company|you guys) (?:ever |do |still )?"
        r"(?:need|needs|want|are looking|look for|require)\b|\bwhen (?:you|u) think about\b"
        r"|\bin case (?:you|u)(?:'re| are)? (?:need|looking|interested)\b"
        r"|\b(?:we|i) could (?:run|do|handle|take|put in|help|support|cover)\b"
        r"|\b(?:i'?d|we'?d) (?:love|be glad|be happy) to help (?:you|u|your|ur)\b"
        r"|\b(?:can|could) take (?:the|some of the) \w+ (?:off|work)\b"
        r"|\bnoticed (?:your|ur) \w+(?: \w+)? (?:is )?advertis|\b(?:we'?ve|i'?ve) done"
        r" (?:\w+ )?(?:of those|several|dozens|many)\b",
    ),
]
