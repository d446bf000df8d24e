"""How personal a note is, criterion by criterion, each with the words that earned it.

The criteria are the ones the seeds ask for (000: tell me how you found me, give me
something I can remember you by, what is in it for me; 001: a mutual connection, a
shared interest; 004: not "mutual benefit"). Each personal element is worth the same
25 points, so the score reads as a count: one element is "medium", three are "high".
Naming the recipient alone is polite but not personal (15); writing more than a line
in one's own words adds 10. Flattery and networking clichés cost points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapport.core.names import (
    NoteWords,
    mentioned_people,
    name_parts,
    placeholders,
)
from rapport.core.placeholders import mask_code_slots
from rapport.core.text import fold, strip_accents, tidy, words

POINTS = {
    "recipient_named": 15,
    "how_met": 25,
    "mutual_named": 25,
    "shared": 25,
    "specific": 25,
    "offer": 25,
    "own_words": 10,
    "flattery": -10,
    "generic_opener": -10,
    "cliche": -10,
    "placeholder": -20,
    "wrong_name": -15,
}
OWN_WORDS_MINIMUM = 6


@dataclass(frozen=True)
class Criterion:
    """One criterion's verdict: the points it gave (0 when unmet) and the words behind them."""

    points: int
    phrases: tuple[str, ...] = ()
    reason: str = ""


_W = r"[\w'-]+"
_ARTIFACT = (
    r"(?:talk|article|post|paper|book|podcast|episode|project|thread|comment|answer|presentation"
    r"|keynote|workshop|session|newsletter|library|repo|repository|pull request|research|demo|video"
    r"|series|speech|lecture|panel|poster|piece|essay|blog|write-?up|tutorial|course|template"
    r"|thesis|question|tip|point|review|writing|example|slides|deck|tool|launch|study|report"
    r"|dataset|framework|guide|interview|webinar|booth|gem|package|plugin|portfolio|novel|album"
    r"|film|documentary|exhibition|photos|illustrations)"
)
_EVENT = (
    r"(?:talk|session|workshop|panel|keynote|lecture|booth|meetup|conference|webinar|class|course"
    r"|summit|event|fair|hackathon|dinner|breakfast|lunch|party|offsite|retreat|bootcamp|crawl"
    r"|table|mixer|happy hour|reception|expo|trade show|convention|retreat|demo day)"
)


def _rx(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


HOW_MET = _rx(
    r"\b(?:great|nice|lovely|good|a pleasure|wonderful|fun|so good) (?:to )?(?:meet|meeting"
    r"|chatting"
    r"|talking|speaking|seeing|catching up|bumping into|running into|connecting)(?: with)? you\b",
    r"\b(?:great|nice|lovely|good|fun) (?:meeting|chatting|talking|speaking|catching up)\b",
    r"\bwe (?:met|spoke|chatted|talked|sat|were seated|were neighbou?rs|shared a|bumped into)\b",
    r"\bmet (?:you )?(?:at|during|on|in|through|briefly)\b",
    r"\b(?:i|we) (?:saw|heard|watched|met) you\b|\b(?:heard|saw|watched) you (?:speak|present|talk"
    r"|on)\b",
    r"\b(?:i )?(?:attended|was at|sat in on)\b|\bin the audience\b",
    r"\b(?:found|discovered) (?:you|your (?:name|work)) (?:through|via|in|on|from|at)\b",
    rf"\bcame across your {_ARTIFACT}\b",
    r"\b(?:thanks|thank you) for (?:the|your|staying|taking|offering|answering|reviewing|sharing"
    r"|organi[sz]ing|hosting|running|the quick|having me)\b",
    r"\bnice to put a name to\b|\b(?:i'm|i am) the one (?:who|with)\b|\bsorry i missed\b",
    r"\bour (?:call|chat|conversation|meeting|talk|coffee) (?:yesterday|last|earlier|this|on|at"
    r"|got|about)\b",
    rf"\b(?:at|after|during|from) (?:your|the) (?:{_W} ){{0,4}}?{_EVENT}\b",
    r"\b(?:i was|i'm|i am) the (?:[\w'-]+ ){0,2}(?:speaker|attendee|volunteer|student"
    r"|mentee) (?:before|after|at|in)\b",
    r"\b(?:vi (?:modtes|mottes|traffades)|nos conocimos|on s'est rencontres|ci siamo conosciuti"
    r"|wir haben uns (?:\w+ )?(?:getroffen|kennengelernt)|nos conhecemos)\b",
)
SHARED = _rx(
    r"\bfellow (?:[\w'-]+ ){0,3}(?:alum|alumna|alumnus|alumni|grad|graduate|member|student"
    r"|classmate"
    r"|volunteer|mentor|attendee|speaker|organi[sz]er|intern|fellow)s?\b",
    r"\bwe (?:both|each) (?:worked|work|studied|study|volunteer|volunteered|serve|served|attended"
    r"|went"
    r"|spoke|speak|belong|mentor|mentored|organi[sz]e|are|were|do|did|grew up|live|lived|moved)\b",
    r"\bwe'?re both (?:members|in|part|at|on|from|alumni|organi[sz]ing|working|volunteering"
    r"|speaking)\b",
    r"\bwe were both\b|\b(?:our teams|we) overlapped\b|\bworked together\b|\b(?:our|the) joint \w+",
    r"\b(?:also|both) (?:went to|studied at|worked at|graduated from|work at|work in)\b",
    r"\b(?:same|one) (?:cohort|class|team|company|school|university|program|programme|bootcamp"
    r"|group"
    r"|club|committee|lab|panel|course|study group)\b",
    r"\b(?:former|ex-?) ?(?:colleague|classmate|teammate|coworker|co-worker)s?\b",
    r"\b(?:another|a fellow) [\w ]{1,40}?(?:grad|graduate|alum|alumna|alumnus)\b",
    r"\bclass of '?\d{2,4}\b",
    r"\b(?:members?|part) of the [\w -]{2,40}? (?:group|community|club|slack|guild|association"
    r"|society"
    r"|chapter|committee|network)\b",
    r"\bin the [\w -]{2,40}? (?:community|group|club|slack|forum|guild|cohort)\b",
)
_FELLOW_PROPER = re.compile(r"\b[Ff]ellow [A-Z][\w&'-]+")
SPECIFIC = _rx(
    rf"\byour (?:team's |company's )?(?:{_W} ){{0,2}}?{_ARTIFACT}s?\b",
    r"\byour work on\b",
    r"\b(?:the|a|that|my) (?:talk|session|panel|workshop|paper|article|post|thread|episode|keynote"
    r"|lecture|study) (?:on|about)\b",
    r"\b(?:talking|talked|chatting|chatted|spoke|discussing"
    r"|discussed)\b[^.!?]{0,40}?\babout (?!your\b)\w+",
    r"\byour open[- ]source\b|\bthanks for (?:maintaining|building|writing|creating|publishing"
    r"|making|open-sourcing)\b",
    # Knowing what the recipient is doing is a detail only someone who looked would have.
    r"\byou(?:'re| are| were) (?:leading|working on|building|running|organi[sz]ing|moving into"
    r"|looking for|considering|writing|launching|starting|researching)\b|\byou told me about\b",
    r"\b(?:congrats|congratulations) on (?:the|your) (?!new role|new job|new position|promotion"
    r"|work anniversary|anniversary|birthday)\w+",
    r"(?:^|\s)\"[^\"\n]{3,40}\"(?=[\s,.!?;:]|$)|(?:^|\s)'[^'\n]{3,40}'(?=[\s,.!?;:]|$)",
)
OFFER = _rx(
    r"\b(?:happy|glad|pleased|keen|delighted|willing) to (?:share|send|help|introduce|intro|review"
    r"|pass|connect you|make an intro|buy you|host|answer|give|lend|chat through|talk through"
    r"|hop on"
    r"|jump on|show you around|walk you through|mentor|read|look over|test|provide)\b",
    r"\b(?:i|we) (?:can|could) (?:share|send|introduce|intro|put you in touch|help with|review"
    r"|give you"
    r"|lend|pass)\b",
    r"\bwant me to (?:send|share|intro|introduce|forward|pass)\b",
    r"\b(?:i'?d|would) love (?:for you )?to (?:invite|have you|pass|share|send|introduce)\b",
    r"\bi'?ll (?:send|share|forward|pass|introduce|intro)\b|\bas promised\b"
    r"|\bi (?:still )?owe you\b",
    r"\b(?:if|in case) (?:it'?s|they'?d|it would be|that'?s|it is|they would|you find it) (?:useful"
    r"|helpful|help|of use)\b|\bif (?:it|they|that) (?:helps?|would help)\b",
    r"\b(?:sent|send) you (?:the|my|a) (?:\w+ )?(?:link|repo|deck|notes|paper|list|slides"
    r"|results)\b",
    r"\byou could add\b|\bthought you'?d (?:like|find|enjoy|want)\b|\bhere'?s the (?:link|repo"
    r"|paper)\b",
)
FLATTERY = _rx(
    r"\b(?:impressive|amazing|great|excellent|incredible|inspiring|outstanding|stellar|remarkable"
    r"|fantastic|strong|interesting|awesome|solid|wonderful|love your) (?:linkedin )?(?:profile"
    r"|background|experience|career|journey|achievements|credentials|resume|cv)\b",
    r"\byour (?:profile|background|experience|career|journey|achievements|work) (?:is|are|looks?)"
    r" (?:truly |very |so |really |quite )?(?:impressive|amazing|inspiring|great|outstanding"
    r"|incredible|remarkable|fantastic)\b",
    r"\b(?:big|huge|great|long-?time) (?:admirer|fan) of your work\b",
    r"\b(?:i'm|i am) (?:really |very |so |truly )?impressed (?:by|with) your (?:profile|background"
    r"|experience|career|work)\b",
    r"\byou (?:seem|look) like (?:a|an) (?:very |really |truly )?(?:\w+ )?(?:leader|person"
    r"|professional"
    r"|expert)\b",
    r"\b(?:top|inspiring|great|amazing|successful|thought) leaders? like you\b",
)
GENERIC_OPENER = _rx(
    r"\b(?:came across|saw|stumbled (?:up)?on|found|viewed|checked out"
    r"|looked at) your (?:linkedin )?profile\b",
)
CLICHE = _rx(
    r"\bmutual(?:ly)? (?:benefit|beneficial|growth|interest|value)\b",
    r"\b(?:expand|grow|build|broaden|widen|extend|increase|strengthen|enlarge)(?:ing)? (?:my|our"
    r"|your)"
    r" (?:professional )?networks?\b",
    r"\blike[- ]minded\b|\b(?:fellow|other) professionals\b|\b(?:exchange|share) (?:ideas"
    r"|insights)\b",
    r"\bsynerg\w*|\bgrowing together\b|\badding value\b|\bwin[- ]win\b",
    r"\b(?:great )?addition to my network\b|\bpart of your network\b",
    r"\b(?:always|happy|keen|interested) (?:looking )?to connect with\b",
    r"\b(?:many|several|a lot of|\d+|some|lots of) (?:mutual|shared|common) (?:connections"
    r"|contacts|friends)\b",
)


def _first(patterns: list[re.Pattern[str]], text: str) -> list[str]:
    """Up to three matched phrases that do not overlap one another, in order of appearance."""
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    return [text[s:e].strip() for s, e in sorted(spans)[:3]]


def _quote(phrases: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"'{p}'" for p in phrases)


def personal_criteria(
    text: str,
    *,
    recipient_name: str = "",
    sender_name: str = "",
    mutual_names: tuple[str, ...] = (),
    affiliations: tuple[str, ...] = (),
    pitch: bool = False,
) -> dict[str, Criterion]:
    """Every criterion for `text`, met or not, with its points and reason."""
    folded = fold(text)
    note = NoteWords(text)
    found: dict[str, tuple[str, ...]] = {}

    # The recipient: the platform's name for them, else whoever the greeting addresses.
    greeted = note.greeting_name
    if recipient_name:
        named = note.find(recipient_name)
        if named:
            found["recipient_named"] = (named,)
        elif greeted and not set(name_parts(greeted)) & set(name_parts(recipient_name)):
            found["wrong_name"] = (greeted,)
    elif greeted:
        found["recipient_named"] = (greeted,)

    known = set(name_parts(recipient_name)) | set(name_parts(sender_name))
    known |= set(name_parts(greeted))
    mutuals = [n for n in (note.find(m, skip=frozenset(known)) for m in mutual_names) if n]
    mutuals += [
        person
        for person in mentioned_people(text, exclude=known)
        if not any(person in m or m in person for m in mutuals)
    ]
    if mutuals:
        found["mutual_named"] = tuple(mutuals)

    shared = [a for a in affiliations if _mentions(folded, a)]
    shared += _first(SHARED, folded)
    shared += [m.group(0) for m in _FELLOW_PROPER.finditer(tidy(text))]
    if shared:
        found["shared"] = tuple(dict.fromkeys(shared))[:3]

    for key, patterns in (
        ("how_met", HOW_MET),
        ("specific", SPECIFIC),
        ("offer", OFFER),
        ("flattery", FLATTERY),
        ("generic_opener", GENERIC_OPENER),
        ("cliche", CLICHE),
    ):
        matched = _first(patterns, folded)
        if matched:
            found[key] = tuple(matched)
    if len(words(folded)) >= OWN_WORDS_MINIMUM:
        found["own_words"] = ()
    slots = placeholders(tidy(mask_code_slots(text)))
    if slots:
        found["placeholder"] = tuple(slots)
        found.pop("own_words", None)

    criteria: dict[str, Criterion] = {}
    for key, points in POINTS.items():
        phrases = found.get(key, ())
        if key not in found:
            criteria[key] = Criterion(0)
        elif key == "offer" and pitch:
            reason = f"What it offers is the sale itself: {_quote(phrases)} (no points)"
            criteria[key] = Criterion(0, phrases, reason)
        else:
            criteria[key] = Criterion(
                points, phrases, _reason(key, phrases, points, recipient_name)
            )
    return criteria


def _mentions(folded: str, affiliation: str) -> bool:
    """Whether the note names a shared employer, school or group, in full or by a telling word."""
    name = strip_accents(fold(affiliation))
    if not name:
        return False
    if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
        return True
    generic = {
        "university",
        "college",
        "school",
        "institute",
        "of",
        "the",
        "and",
        "group",
        "inc",
        "ltd",
    }
    distinctive = [w for w in words(name) if w not in generic and len(w) >= 4 and not w.isdigit()]
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in distinctive)


_SENTENCES = {
    "recipient_named": "Names the recipient: {names}",
    "how_met": "Says how you met or found them: {phrases}",
    "mutual_named": "Names a mutual connection: {names}",
    "shared": "Mentions something you share: {names}",
    "specific": "Mentions something specific: {phrases}",
    "offer": "Offers the recipient something: {phrases}",
    "own_words": "Written in your own words",
    "flattery": "Generic flattery: {phrases}",
    "generic_opener": "Says only that you saw their profile: {phrases}",
    "cliche": "Networking cliché: {phrases}",
    "placeholder": "Unfilled template placeholder: {phrases}",
    "wrong_name": "Greets {names}, but the recipient is {recipient}",
}


def _reason(key: str, phrases: tuple[str, ...], points: int, recipient: str) -> str:
    sentence = _SENTENCES[key].format(
        names=", ".join(phrases), phrases=_quote(phrases), recipient=recipient
    )
    return f"{sentence} ({'+' if points > 0 else '−'}{abs(points)})"
