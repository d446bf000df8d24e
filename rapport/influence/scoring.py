"""The influence score, as arithmetic: facts in, parts, a 1–100 rank and reasons out.

No database here (`influence.facts` gathers what this reads), so every property the
issue states is a test of plain functions:

- only responses by distinct people count, each person once however many pieces or
  responses (posting ten times to the same responders earns nothing more), weighted by
  what they did (a share most) and relative to the audience the content reached;
- a responder the member also responds to, whose responses go mostly to people who
  respond back (an "engagement pod"), counts `POD_WEIGHT`; a restricted or reported
  responder counts nothing;
- the score is a rank: the share of the community at or below the member's raw value,
  curved and mapped to 2–100 (1 is "no responses yet"), so it means the same in a small
  association and a large one, and is monotonic in the raw value;
- the week's change is explained by reasons whose points add up to it exactly.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# What a response is worth, by what the person did (the most they did counts).
KIND_WEIGHT = {"reaction": 1.0, "comment": 2.0, "share": 3.0}
# A responder the member responds to in turn.
POD_WEIGHT = 0.2
# How much each part weighs in the raw value.
PART_WEIGHT = {"content": 1.0, "conversation": 1.0, "network": 1.0, "reach": 0.5}
PART_LABEL = {
    "content": "Your posts",
    "conversation": "Conversations",
    "network": "Your network",
    "reach": "Beyond your circle",
}


@dataclass(frozen=True)
class Response:
    responder: int
    piece: int  # the post or article
    kind: str  # reaction, comment or share


@dataclass
class Facts:
    """What people did in response to one member (gathered by `influence.facts`)."""

    member: int
    content: list[Response] = field(default_factory=list)
    reached: int = 0  # distinct members who saw their posts (themselves left out)
    titles: dict[int, str] = field(default_factory=dict)  # piece → how to name it
    talked: set[int] = field(default_factory=set)  # replied to them, or wrote first
    invitations_decided: int = 0  # their invitations answered either way
    invitations_accepted: int = 0
    dont_know: int = 0  # answered "I don't know this person"
    introductions_made: int = 0  # introductions they passed on that were accepted
    introductions_received: int = 0  # their requests that targets accepted
    connections: frozenset[int] = frozenset()


# A responder whose responses go at least this much to people who respond back, to at
# least `POD_MIN_PEOPLE` people, answers within a closed circle.
POD_CLOSED_SHARE = 0.75
POD_MIN_PEOPLE = 2


@dataclass(frozen=True)
class Community:
    """What weighs responders: who counts for nothing, who responds to whose posts, and
    who responds only within a closed circle."""

    discounted: frozenset[int] = frozenset()  # restricted or reported members
    responds_to: Mapping[int, frozenset[int]] = field(default_factory=dict)
    closed: frozenset[int] | None = None  # None: worked out from `responds_to`

    def weight(self, member: int, responder: int) -> float:
        if responder in self.discounted:
            return 0.0
        mutual = member in self.responds_to.get(responder, ()) and responder in (
            self.responds_to.get(member, ())
        )
        if mutual and responder in self.closed_circle():
            return POD_WEIGHT
        return 1.0

    def closed_circle(self) -> frozenset[int]:
        if self.closed is None:
            object.__setattr__(self, "closed", closed_responders(self.responds_to))
        return self.closed  # type: ignore[return-value]


def closed_responders(responds_to: Mapping[int, Iterable[int]]) -> frozenset[int]:
    """Members whose responses go mostly to people who respond to them in turn — the
    pattern of an engagement pod. Someone who answers many people, most of whom never
    answer back, is not one, however often a friend likes their posts too."""
    out = set()
    for responder, owners in responds_to.items():
        owners = set(owners)
        if len(owners) < POD_MIN_PEOPLE:
            continue
        back = sum(1 for owner in owners if responder in responds_to.get(owner, ()))
        if back / len(owners) >= POD_CLOSED_SHARE:
            out.add(responder)
    return frozenset(out)


@dataclass(frozen=True)
class Parts:
    content: float
    conversation: float
    network: float
    reach: float
    # The counts the sentences are made of (stored with each day's history).
    counts: Mapping[str, int | str]

    @property
    def raw(self) -> float:
        return max(
            0.0,
            sum(PART_WEIGHT[name] * getattr(self, name) for name in PART_WEIGHT),
        )

    def value(self, name: str) -> float:
        return PART_WEIGHT[name] * float(getattr(self, name))


def parts_of(facts: Facts, community: Community) -> Parts:
    member = facts.member
    best: dict[int, float] = {}
    kinds: dict[int, str] = {}
    per_piece: dict[int, set[int]] = {}
    for response in facts.content:
        if response.responder == member:
            continue
        worth = KIND_WEIGHT.get(response.kind, 0.0)
        if worth > best.get(response.responder, 0.0):
            best[response.responder] = worth
            kinds[response.responder] = response.kind
        per_piece.setdefault(response.piece, set()).add(response.responder)
    weights = {r: community.weight(member, r) for r in best.keys() | facts.talked}
    responders = [r for r in best if weights[r] > 0]
    weighted = sum(best[r] * weights[r] for r in responders)
    rate = len(responders) / max(facts.reached, len(responders), 1)
    content = math.log1p(weighted) * (0.5 + 0.5 * rate) if weighted else 0.0

    talkers = [r for r in facts.talked if r != member and weights.get(r, 0) > 0]
    conversation = math.log1p(sum(weights[r] for r in talkers))

    # Acceptance is shrunk towards nothing on few invitations: two of two is not a record.
    acceptance = facts.invitations_accepted / (facts.invitations_decided + 2)
    network = (
        1.5 * acceptance
        - 0.3 * facts.dont_know
        + 0.5 * math.log1p(facts.introductions_made)
        + 0.5 * math.log1p(facts.introductions_received)
    )

    # A pod's likes are not reach: its members answer each other wherever they sit.
    outside = [
        r
        for r in set(responders) | set(talkers)
        if r not in facts.connections and r != member and weights.get(r) == 1.0
    ]
    reach = math.log1p(sum(weights[r] for r in outside))

    top_piece, top_count = 0, 0
    for piece, people in per_piece.items():
        if len(people) > top_count or (len(people) == top_count and piece > top_piece):
            top_piece, top_count = piece, len(people)
    counts: dict[str, int | str] = {
        "responders": len(best),
        "shared": sum(1 for r in best if kinds[r] == "share"),
        "commented": sum(1 for r in best if kinds[r] == "comment"),
        "reacted": sum(1 for r in best if kinds[r] == "reaction"),
        "reached": facts.reached,
        "pod": sum(1 for r in best.keys() | set(talkers) if weights.get(r) == POD_WEIGHT),
        "ignored": sum(1 for r in best.keys() | facts.talked if weights.get(r) == 0.0),
        "talked": len(talkers),
        "invitations_decided": facts.invitations_decided,
        "invitations_accepted": facts.invitations_accepted,
        "dont_know": facts.dont_know,
        "introductions_made": facts.introductions_made,
        "introductions_received": facts.introductions_received,
        "outside": len(outside),
        "top_piece": facts.titles.get(top_piece, "") if top_count else "",
        "top_piece_people": top_count,
    }
    return Parts(content, conversation, max(network, -3.0), reach, counts)


# The rank's share is mapped through share ** CURVE: still only the order counts (a
# member's score says where they stand, whatever the community's size), but most people
# sit low and few high, as with Klout's scores — the median member is about 25.
CURVE = 2.0


def ranks(raws: Mapping[int, float]) -> dict[int, int]:
    """Each member's 1–100: 1 with no responses at all, else 2–100 by the share of the
    community whose raw value is at or below theirs (so the highest is 100)."""
    ordered = sorted(raws.values())
    return {member: rank_of(raw, ordered) for member, raw in raws.items()}


def rank_of(raw: float, ordered: Sequence[float]) -> int:
    """The 1–100 of `raw` among the community's raw values, sorted (`raw` included)."""
    if not ordered:
        return 1
    return rank_at(raw, bisect_right(ordered, raw), len(ordered))


def rank_at(raw: float, at_or_below: int, members: int) -> int:
    """The 1–100 of `raw` when `at_or_below` of the community's `members` (the member
    included) have a raw value at or below it."""
    if raw <= 0 or members <= 0:
        return 1
    share = at_or_below / members
    return max(2, min(100, 1 + math.floor(99 * share**CURVE)))


@dataclass(frozen=True)
class Reason:
    part: str
    points: int
    text: str


def part_sentences(parts: Parts) -> dict[str, str]:
    """One sentence a part, saying what it is made of."""
    c = parts.counts
    content = "Nobody has responded to a post of yours yet."
    if c["responders"]:
        content = (
            f"{c['responders']} people responded to your posts ({c['shared']} shared, "
            f"{c['commented']} commented, {c['reacted']} reacted)"
        )
        if int(c["reached"]) >= int(c["responders"]):
            content += f", of {c['reached']} who saw them"
        content += "."
    if c["pod"]:
        content += (
            f" {c['pod']} of the people who respond to you are people you always respond to:"
            " they count a fifth."
        )
    if c["ignored"]:
        content += f" {c['ignored']} restricted or reported members count for nothing."
    bits = []
    if c["invitations_decided"]:
        bits.append(
            f"{c['invitations_accepted']} of {_n(c['invitations_decided'], 'invitation')} "
            "you sent accepted"
        )
    if c["dont_know"]:
        bits.append(f"{_n(c['dont_know'], 'invitation')} answered “I don't know”")
    if c["introductions_made"]:
        bits.append(f"{_n(c['introductions_made'], 'introduction')} you passed on accepted")
    if c["introductions_received"]:
        bits.append(f"{_n(c['introductions_received'], 'introduction')} you asked for accepted")
    network = (
        "; ".join(bits).capitalize() + "."
        if bits
        else "No invitation of yours answered and no introduction accepted yet."
    )
    talked = (
        f"{c['talked']} people replied to you or wrote to you first."
        if c["talked"]
        else "Nobody has replied to you or written to you first yet."
    )
    return {
        "content": content,
        "conversation": talked,
        "network": network,
        "reach": f"{c['outside']} of the people who responded are outside your connections.",
    }


def change_reasons(before: Parts | None, after: Parts, points: int) -> list[Reason]:
    """Split a score change (`points`) across the parts that moved, in proportion to how
    much each moved (largest remainder, so the reasons add up to `points` exactly). A
    change with no part of one's own moving is the rest of the community moving."""
    if points == 0:
        return []
    if before is None:
        return [Reason("all", points, "Your first score.")]
    deltas = {name: after.value(name) - before.value(name) for name in PART_WEIGHT}
    moving = {n: d for n, d in deltas.items() if d != 0 and (d > 0) == (points > 0)}
    if not moving:
        return [
            Reason(
                "community",
                points,
                "Others in the community moved ahead of you."
                if points < 0
                else "Others in the community fell back.",
            )
        ]
    total = sum(abs(d) for d in moving.values())
    shares = {n: abs(points) * abs(d) / total for n, d in moving.items()}
    whole = {n: math.floor(s) for n, s in shares.items()}
    left = abs(points) - sum(whole.values())
    for n in sorted(shares, key=lambda n: shares[n] - whole[n], reverse=True)[:left]:
        whole[n] += 1
    sign = 1 if points > 0 else -1
    return [
        Reason(n, sign * whole[n], _moved(n, before, after))
        for n in sorted(whole, key=lambda n: -whole[n])
        if whole[n]
    ]


def _moved(part: str, before: Parts, after: Parts) -> str:
    """What changed in the part, said from its counts — and when the counts do not say
    it (the part moved for another reason), said as such, never the opposite."""
    b, a = before.counts, after.counts
    up = after.value(part) > before.value(part)

    def more(key: str) -> int:
        return int(a[key]) - int(b[key])

    if part == "content":
        n = more("responders")
        if n and (n > 0) == up:
            text = f"{abs(n)} {'more' if n > 0 else 'fewer'} people responded to your posts"
            if a["top_piece"] and n > 0:
                text += f", most of all to “{str(a['top_piece']).rstrip('.!?…')}”"
            return text + "."
        return (
            f"Your posts drew {'more' if up else 'less'} for their audience "
            f"({a['responders']} people responded, of {a['reached']} who saw them)."
        )
    if part == "conversation":
        n = more("talked")
        if n and (n > 0) == up:
            return f"{abs(n)} {'more' if n > 0 else 'fewer'} people replied to you or wrote first."
        return f"Who replied to you weighs {'more' if up else 'less'} ({a['talked']} people)."
    if part == "network":
        bits = []
        if not up and more("dont_know") > 0:
            bits.append(f"{_n(more('dont_know'), 'invitation')} answered “I don't know”")
        if up and more("invitations_accepted") > 0:
            bits.append(f"{_n(more('invitations_accepted'), 'invitation')} accepted")
        if up and more("introductions_made") > 0:
            bits.append(f"{_n(more('introductions_made'), 'introduction')} you passed on accepted")
        if up and more("introductions_received") > 0:
            bits.append(
                f"{_n(more('introductions_received'), 'introduction')} you asked for accepted"
            )
        if bits:
            return "; ".join(bits).capitalize() + "."
        return (
            f"Your invitations' answers {'improved' if up else 'worsened'}: "
            f"{a['invitations_accepted']} of {a['invitations_decided']} accepted."
        )
    n = more("outside")
    if n and (n > 0) == up:
        return f"{abs(n)} {'more' if n > 0 else 'fewer'} people outside your connections responded."
    return f"Responses from outside your connections weigh {'more' if up else 'less'}."


def _n(count: int | str, noun: str) -> str:
    """ "1 invitation", "3 invitations"."""
    return f"{count} {noun}{'' if int(count) == 1 else 's'}"


def with_points(reasons: Iterable[Reason]) -> list[str]:
    """ "+4: 12 more people responded…" lines."""
    return [f"{r.points:+d}: {r.text}" for r in reasons]
