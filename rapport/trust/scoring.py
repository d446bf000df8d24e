"""Trust from one member's side, as seed 004 writes it: rapport + credibility − risk.

Pure arithmetic over `PairFacts` (gathered by `selectors.facts_for`), so each rule is
testable alone and every point comes with the sentence that explains it.

- rapport (0–60): a conversation both sides took part in, replies within a week,
  back-and-forth, recent contact, a connection made through an invitation;
- credibility (0–40): tenure overlapping at the same employer, the same school at the
  same time, introductions they made or asked for that were accepted, a complete
  profile whose headline agrees with their current position;
- risk (0–100): pitches, automated and bulk messages they sent you, your reports of
  them, other members' reports and "I don't know" answers, a restricted account.

A connection is in the A network when both have written (seed 003: people you have
really talked with) or the score is high; it is a pruning candidate when its risk
outweighs its rapport and credibility together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

A_NETWORK_SCORE = 50
REPLY_WITHIN = dt.timedelta(days=7)
RECENT = dt.timedelta(days=90)
A_YEAR = dt.timedelta(days=365)


@dataclass
class PairFacts:
    """What is known about one connection, from the member's side."""

    connected_at: dt.datetime
    by_invitation: bool = False
    sent_by_me: int = 0
    sent_by_them: int = 0
    quick_replies: int = 0  # a message answered by the other side within a week
    turns: int = 0  # changes of speaker
    last_contact_at: dt.datetime | None = None
    worked_together: list[str] = field(default_factory=list)  # "Acme (2019–2021)"
    studied_together: list[str] = field(default_factory=list)
    profile_parts: int = 0  # of PROFILE_PARTS
    # Headline against current position: True agrees, False contradicts, None unknown.
    consistent: bool | None = None
    introductions_made: int = 0  # accepted introductions they passed on
    introduced: int = 0  # accepted introductions they asked for or accepted as the target
    pitches_to_me: int = 0
    automated_to_me: int = 0
    bulk_to_me: int = 0
    reported_by_me: int = 0
    reported_by_others: int = 0  # complaints and "I don't know"/spam answers, 90 days
    restricted: bool = False


PROFILE_PARTS = 5  # headline, location, about, three skills, a position


@dataclass(frozen=True)
class Reason:
    part: str
    points: int
    text: str
    about: str = ""  # "contact": a sentence about time, worded again when read

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"part": self.part, "points": self.points, "text": self.text}
        if self.about:
            data["about"] = self.about
        return data


@dataclass
class Trust:
    rapport: int
    credibility: int
    risk: int
    reasons: list[Reason]
    reciprocated: bool

    @property
    def score(self) -> int:
        return max(0, min(100, self.rapport + self.credibility - self.risk))

    @property
    def a_network(self) -> bool:
        return self.reciprocated or self.score >= A_NETWORK_SCORE

    @property
    def prune(self) -> bool:
        return self.risk > 0 and self.risk > self.rapport + self.credibility


def _days(when: dt.datetime, now: dt.datetime) -> int:
    """Calendar days from `when` to `now` in the site's time zone: 0 is today (and a
    moment in the future, from a clock a little behind, is today too)."""
    return max(0, (timezone.localdate(now) - timezone.localdate(when)).days)


def span(when: dt.datetime, now: dt.datetime) -> str:
    """The time since `when` as a length, worded for its range: "less than a day",
    "a day", "12 days", "5 months", "over a year" — never "0 days" or "1 days"."""
    days = _days(when, now)
    if days == 0:
        return "less than a day"
    if days == 1:
        return "a day"
    if days < 60:
        return f"{days} days"
    if days <= 365:
        return f"{days // 30} months"
    return "over a year"


def ago(when: dt.datetime, now: dt.datetime) -> str:
    """When, as members say it: "today", "yesterday", "12 days ago", "5 months ago",
    "over a year ago"."""
    days = _days(when, now)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{span(when, now)} ago"


def contact_text(last_contact_at: dt.datetime | None, now: dt.datetime) -> str:
    """The reason about the last message between the two, true at `now`."""
    if last_contact_at is None:
        return "You have never exchanged a message"
    if now - last_contact_at > A_YEAR:
        return "No contact in over a year"
    return f"Last contact {ago(last_contact_at, now)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _rapport(f: PairFacts, now: dt.datetime) -> list[Reason]:
    out = []
    if f.sent_by_me and f.sent_by_them:
        out.append(
            Reason(
                "rapport",
                25,
                f"You have both written: {_plural(f.sent_by_me + f.sent_by_them, 'message')}",
            )
        )
    elif f.sent_by_me or f.sent_by_them:
        who = "Only you have" if f.sent_by_me else "Only they have"
        out.append(Reason("rapport", 5, f"{who} written so far"))
    if f.quick_replies:
        out.append(Reason("rapport", 10, "Replies came within a week"))
    if f.turns >= 3:
        out.append(Reason("rapport", 5, f"A real back-and-forth ({f.turns} turns)"))
    since = None if f.last_contact_at is None else now - f.last_contact_at
    points = 0 if since is None or since > A_YEAR else 15 if since <= RECENT else 8
    out.append(Reason("rapport", points, contact_text(f.last_contact_at, now), about="contact"))
    if f.by_invitation:
        out.append(Reason("rapport", 5, "Connected through an invitation, not an import"))
    return out


def _credibility(f: PairFacts) -> list[Reason]:
    out = []
    if f.worked_together:
        out.append(Reason("credibility", 20, "Worked together: " + ", ".join(f.worked_together)))
    if f.studied_together:
        out.append(Reason("credibility", 10, "Studied together: " + ", ".join(f.studied_together)))
    if f.introductions_made:
        points = min(10, 5 * f.introductions_made)
        text = f"Made {_plural(f.introductions_made, 'introduction')} that were accepted"
        out.append(Reason("credibility", points, text))
    if f.introduced:
        points = min(5, 5 * f.introduced)
        text = f"Met someone through an introduction {_plural(f.introduced, 'time')}"
        out.append(Reason("credibility", points, text))
    if f.consistent:
        out.append(Reason("credibility", 5, "Their headline matches their current position"))
    elif f.consistent is False:
        out.append(Reason("credibility", 0, "Their headline does not match their current position"))
    if f.profile_parts >= PROFILE_PARTS:
        out.append(Reason("credibility", 10, "A complete profile"))
    elif f.profile_parts >= 3:
        out.append(Reason("credibility", 5, "A mostly complete profile"))
    else:
        out.append(Reason("credibility", 0, "A sparse profile"))
    return out


def _risk(f: PairFacts) -> list[Reason]:
    out = []
    if f.pitches_to_me:
        points = min(50, 25 * f.pitches_to_me)
        out.append(Reason("risk", points, f"Sent you {_plural(f.pitches_to_me, 'sales pitch')}"))
    if f.automated_to_me:
        points = min(30, 15 * f.automated_to_me)
        text = f"Sent you {_plural(f.automated_to_me, 'automated message')}"
        out.append(Reason("risk", points, text))
    if f.bulk_to_me:
        points = min(30, 15 * f.bulk_to_me)
        text = f"Sent you {_plural(f.bulk_to_me, 'message')} they sent to many people"
        out.append(Reason("risk", points, text))
    if f.reported_by_me:
        out.append(Reason("risk", 30, "You reported a message from them"))
    if f.reported_by_others:
        points = min(25, 5 * f.reported_by_others)
        text = (
            f"{_plural(f.reported_by_others, 'member')} reported them or said they do not "
            "know them (90 days)"
        )
        out.append(Reason("risk", points, text))
    if f.restricted:
        out.append(Reason("risk", 25, "Their invitations are restricted for unwanted contact"))
    return out


def trust_of(facts: PairFacts, *, now: dt.datetime) -> Trust:
    """The three parts, each capped, with every reason that moved them."""
    rapport = _rapport(facts, now)
    credibility = _credibility(facts)
    risk = _risk(facts)
    return Trust(
        rapport=min(60, sum(r.points for r in rapport)),
        credibility=min(40, sum(r.points for r in credibility)),
        risk=min(100, sum(r.points for r in risk)),
        reasons=rapport + credibility + risk,
        reciprocated=bool(facts.sent_by_me and facts.sent_by_them),
    )
