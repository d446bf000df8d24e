"""Invitation notes as members write them: stock text, half-hearted, personal, or a sale.

Each quality has a handful of patterns filled from what sender and recipient
really share (an employer, a school, a mutual connection, an event), so a
"personal" note names a real shared employer and a real mutual connection. The
coach judges each note afterwards (see invitation_plan); which quality a pattern
was meant to be is only the writer's intention, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from rapport.demo.data.tracks import TRACKS
from rapport.invitations.models import HowWeKnow

# What the writer means the note to be; the coach's verdict is what is stored.
DEFAULT = "default"
EMPTY = "empty"
MEDIOCRE = "mediocre"
PERSONAL = "personal"
PITCH = "pitch"
QUALITIES = (DEFAULT, EMPTY, MEDIOCRE, PERSONAL, PITCH)

DEFAULT_NOTES = (
    "I'd like to add you to my professional network.",
    "I'd like to add you to my professional network.",
    "Hi {first}, I'd like to add you to my professional network.",
    "Hi {first}, I'd like to add you to my professional network on Rapport. Best, {me}",
    "Hello {first},\n\nI'd like to add you to my professional network.\n\nRegards,\n{me_full}",
    "I'd like to join your professional network.",
    "Hello {first}, I'd like to connect with you.",
    "I'd like to add you to my profesional network.",
    "Please join my network.",
    "Id like to add you to my professional network on LinkedIn",
)
# Nothing at all, or nothing beyond a greeting: as good as empty.
EMPTY_NOTES = ("", "", "", "Hi {first}!", "Hello {first}, thanks!")
MEDIOCRE_NOTES = (
    "Hi {first}, I came across your profile and would love to connect.",
    "Hi {first}, always looking to connect with fellow professionals in {industry}.",
    "Impressive background! Let's connect and grow our networks.",
    "Hi {first}, I see you work in {industry} too. Would be great to connect!",
    "Hello {first}, we have many mutual connections, so I thought I'd reach out.",
    "Hi {first}, hope to learn from you. Let's stay in touch!",
    "Hi {first}, I'm also in {city} and always keen to meet people in {industry}.",
    "Hi {first}, your experience looks really impressive. Hope we can exchange ideas.",
)
PITCH_NOTES = (
    "Hi {first}, we help {industry} companies like yours increase revenue by 30% in 90 days. "
    "Do you have 15 minutes this week for a quick call?",
    "Hi {first}, I run a lead generation agency. We can get you 20+ qualified meetings a "
    "month, guaranteed. Open to a quick chat?",
    "Hello {first}! Our platform automates {focus} for teams like yours. Can I book a quick "
    "demo to show you how?",
    "Hi {first}, are you the right person to speak to about your {focus} stack? We save "
    "teams 10 hours a week. Here's my Calendly: calendly.com/{handle}/15min",
    "Hi {first}, I noticed you're hiring. We provide pre-vetted talent at a fraction of "
    "agency fees. Worth a conversation?",
    "Hi {first}, we're offering 40% off our {focus} software this month. Reply DEMO and "
    "I'll set up a free walkthrough.",
)
PERSONAL_NOTES: dict[str, tuple[str, ...]] = {
    HowWeKnow.COLLEAGUE: (
        "Hi {first}, great working with you at {company}. I still use the {focus} checklist "
        "you wrote. Happy to share what we built on top of it.",
        "Hi {first}, we overlapped at {company} but never worked together properly. I'm "
        "leading {focus} now and would love to compare notes.",
        "Hi {first}, former colleague from {company} here! Thanks for the help with {focus} "
        "back then. I'll send you the write-up I promised.",
    ),
    HowWeKnow.CLASSMATE: (
        "Hi {first}, fellow {school} alum here. I'm working on {focus} now and would be glad "
        "to swap notes.",
        "Hi {first}, we were both at {school} around the same time. I saw you're working on "
        "{focus}; I'd love to hear how it's going.",
    ),
    HowWeKnow.MUTUAL: (
        "Hi {first}, {mutual} suggested I reach out: we're both working on {focus} and they "
        "thought we should compare notes.",
        "Hi {first}, {mutual} mentioned you when we talked about {focus} last week. Happy "
        "to share what worked for us.",
    ),
    HowWeKnow.EVENT: (
        "Hi {first}, great to meet you at {event} last week. Thanks for the tip about "
        "{focus}; I'll send you the link I mentioned.",
        "Hi {first}, I was in the audience at {event} and your point about {focus} stuck "
        "with me. Would be great to stay in touch.",
    ),
    HowWeKnow.OTHER: (
        "Hi {first}, I read your post about {focus} and tried the approach with my team. "
        "Happy to share how it went if it's useful.",
        "Hi {first}, thanks for answering my question about {focus} in the {industry} "
        "forum. I'd be glad to return the favour.",
    ),
}
# How a sender answers "how do we know each other?", by what they chose.
ANSWERS: dict[str, str] = {
    HowWeKnow.COLLEAGUE: "We were both at {company}; I was on the {focus} side. Sorry, I "
    "should have said so in my note!",
    HowWeKnow.CLASSMATE: "We were at {school} at the same time. I should have said so!",
    HowWeKnow.MUTUAL: "{mutual} and I work together; they mentioned you when we talked "
    "about {focus}.",
    HowWeKnow.EVENT: "We met briefly at {event}: I asked about {focus} afterwards.",
    HowWeKnow.OTHER: "We haven't met: I read about your work on {focus} and hoped to learn "
    "from you.",
    HowWeKnow.NOT_MET: "We haven't met yet, but I think our product could really help your team.",
}
QUESTIONS = (
    "Hi {me}, thanks for your invitation. I connect with people I have met or who were "
    "recommended to me by someone I know. Could you remind me how we know each other, or "
    "what you have in mind?",
    "Hi {me}, have we met? Remind me how we know each other.",
    "Thanks for the invitation, {me}. Where do we know each other from?",
)
EVENTS = (
    "the {city} Product Meetup",
    "DataConf {city}",
    "the {industry} Summit in {city}",
    "the {city} Tech Breakfast",
    "a {focus} workshop in {city}",
)
OTHER_DETAILS = ("Read their post on {focus}", "Their answer in the {industry} forum", "")


@dataclass(frozen=True)
class Facts:
    """What a note may draw on: names, and only what the two really share."""

    first: str
    me: str
    me_full: str
    handle: str
    city: str
    industry: str
    focus: str
    company: str = ""
    school: str = ""
    mutual: str = ""
    event: str = ""


def focus_of(track: str, rng: Random) -> str:
    """A topic from the sender's line of work, written as it appears mid-sentence."""
    focus = rng.choice(TRACKS[track].focuses)
    return focus if focus[:2].isupper() else focus[:1].lower() + focus[1:]


def event_name(facts: Facts, rng: Random) -> str:
    return rng.choice(EVENTS).format(city=facts.city, industry=facts.industry, focus=facts.focus)


def note_text(quality: str, how: str, facts: Facts, rng: Random) -> str:
    """A note of `quality`; personal ones draw on what `how` says the two share."""
    if quality == DEFAULT:
        pattern = rng.choice(DEFAULT_NOTES)
    elif quality == EMPTY:
        pattern = rng.choice(EMPTY_NOTES)
    elif quality == MEDIOCRE:
        pattern = rng.choice(MEDIOCRE_NOTES)
    elif quality == PITCH:
        pattern = rng.choice(PITCH_NOTES)
    else:
        pattern = rng.choice(PERSONAL_NOTES.get(how, PERSONAL_NOTES[HowWeKnow.OTHER]))
    return _fill(pattern, facts)


def personal_notes(how: str, facts: Facts) -> list[str]:
    """Every personal note for `how`: the demo inboxes show the one the coach likes best."""
    return [_fill(p, facts) for p in PERSONAL_NOTES.get(how, PERSONAL_NOTES[HowWeKnow.OTHER])]


def how_detail(how: str, facts: Facts, rng: Random) -> str:
    """The how_detail that goes with `how`: the shared employer, school or event."""
    if how == HowWeKnow.COLLEAGUE:
        return facts.company
    if how == HowWeKnow.CLASSMATE:
        return facts.school
    if how == HowWeKnow.EVENT:
        return facts.event
    if how == HowWeKnow.OTHER:
        return _fill(rng.choice(OTHER_DETAILS), facts)
    return ""


def question(facts: Facts, rng: Random) -> str:
    """The recipient's "how do we know each other?"; `facts.me` is the sender here."""
    return _fill(rng.choice(QUESTIONS), facts)


def answer(how: str, facts: Facts) -> str:
    return _fill(ANSWERS.get(how, ANSWERS[HowWeKnow.OTHER]), facts)


def _fill(pattern: str, facts: Facts) -> str:
    text = pattern.format(
        first=facts.first,
        me=facts.me,
        me_full=facts.me_full,
        handle=facts.handle,
        city=facts.city,
        industry=facts.industry,
        focus=facts.focus,
        company=facts.company,
        school=facts.school,
        mutual=facts.mutual,
        event=facts.event,
    )
    return text[:300].strip()
