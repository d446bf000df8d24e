"""The influence score, as arithmetic: facts in, parts and a 1–100 rank out.

No database here (`influence.facts` gathers what this reads), so every property the
issue states is a test of plain functions:

- only responses by distinct people count, each person once however many pieces or
  responses (posting ten times to the same responders earns nothing more), weighted by
  what they did (a share most) and relative to the audience the content reached;
- a response weighs by who gave it (their own last score), a responder the member also
  responds to is damped by how closed their circle is (an "engagement pod": down to
  `POD_WEIGHT`), and a restricted or reported responder counts nothing;
- the score is a rank: the share of the community at or below the member's raw value,
  curved and mapped to 2–100 (1 is "no responses yet"), so it means the same in a small
  association and a large one, and is monotonic in the raw value;
and the week's change is explained by reasons (`influence.reasons`) whose points add up
to it exactly.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# What a response is worth, by what the person did (the most they did counts).
KIND_WEIGHT = {"reaction": 1.0, "comment": 2.0, "share": 3.0}
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


# Engagement pods. A responder's *closeness* is the share of the people whose posts they
# answer who answer theirs in turn (counted over at least `POD_MIN_PEOPLE` people). A
# responder the member also answers is damped by it: not at all up to `POD_OPEN_SHARE`,
# down to `POD_WEIGHT` from `POD_CLOSED_SHARE` on, and along a line between — a threshold
# alone let a pod escape by liking a few outsiders' posts each.
POD_WEIGHT = 0.2
POD_OPEN_SHARE = 0.25
POD_CLOSED_SHARE = 0.75
POD_MIN_PEOPLE = 2


def pod_damping(closeness: float) -> float:
    """What a mutual responder's response is worth (1 = all of it) at this closeness."""
    if closeness <= POD_OPEN_SHARE:
        return 1.0
    if closeness >= POD_CLOSED_SHARE:
        return POD_WEIGHT
    along = (closeness - POD_OPEN_SHARE) / (POD_CLOSED_SHARE - POD_OPEN_SHARE)
    return 1.0 - (1.0 - POD_WEIGHT) * along


def standing_weight(score: int) -> float:
    """Who responds matters: a response weighs 0.5 + the responder's own last score / 100
    — 0.51 from a member nobody answers (a new or throwaway account), 1.5 from the most
    answered. Last score, not this pass's, so the arithmetic is not circular."""
    return 0.5 + max(1, min(100, score)) / 100


@dataclass(frozen=True)
class Community:
    """What weighs responders: who counts for nothing, who responds to whose posts, how
    closed each responder's circle is, and each responder's last score."""

    discounted: frozenset[int] = frozenset()  # restricted or reported members
    responds_to: Mapping[int, frozenset[int]] = field(default_factory=dict)
    # None: worked out from `responds_to` (the daily pass sees every response; one
    # member's recompute passes what that pass stored).
    closeness: Mapping[int, float] | None = None
    scores: Mapping[int, int] = field(default_factory=dict)  # missing: 1

    def __post_init__(self) -> None:
        if self.closeness is None:  # a derived field of a frozen dataclass, set once
            object.__setattr__(self, "closeness", closeness_of(self.responds_to))

    def damping(self, member: int, responder: int) -> float:
        """0 for a discounted responder, `POD_WEIGHT`–1 for the rest (1: not damped)."""
        if responder in self.discounted:
            return 0.0
        mutual = member in self.responds_to.get(responder, ()) and responder in (
            self.responds_to.get(member, ())
        )
        if not mutual:
            return 1.0
        return pod_damping((self.closeness or {}).get(responder, 0.0))

    def weight(self, member: int, responder: int) -> float:
        damping = self.damping(member, responder)
        return damping * standing_weight(self.scores.get(responder, 1)) if damping else 0.0


def closeness_of(responds_to: Mapping[int, Iterable[int]]) -> dict[int, float]:
    """Each responder's closeness (see `pod_damping`): high for a pod's members, low for
    someone who answers many people, most of whom never answer back, however often a
    friend likes their posts too. Responders of fewer than `POD_MIN_PEOPLE` are left out
    (0)."""
    out: dict[int, float] = {}
    for responder, owners in responds_to.items():
        owners = set(owners)
        if len(owners) < POD_MIN_PEOPLE:
            continue
        back = sum(1 for owner in owners if responder in responds_to.get(owner, ()))
        if back:
            out[responder] = back / len(owners)
    return out


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
    everyone = best.keys() | facts.talked
    damping = {r: community.damping(member, r) for r in everyone}
    weights = {r: community.weight(member, r) for r in everyone}
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

    # Reach weighs as the rest does, pod damping included: a pod's likes come from
    # wherever its members sit and are little reach (no cut-off to slip under).
    outside = [
        r for r in set(responders) | set(talkers) if r not in facts.connections and r != member
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
        "pod": sum(1 for r in best.keys() | set(talkers) if 0 < damping.get(r, 1) < 1),
        "ignored": sum(1 for r in everyone if damping.get(r) == 0.0),
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


def scale_of(raws: Iterable[float]) -> list[float | None]:
    """The least raw value that earns each score from 2 to 100 in a community (None where
    nobody earns it). Stored by the daily pass, it ranks one member between passes in
    constant time: `score_on(raw, scale)` equals `ranks` for every value ranked."""
    ordered = sorted(raws)
    scale: list[float | None] = [None] * 99
    reached = 1
    for i, raw in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1] == raw:
            continue  # ties share the count of everyone at or below them
        score = rank_at(raw, i + 1, len(ordered))
        for s in range(reached + 1, score + 1):
            scale[s - 2] = raw
        reached = max(reached, score)
    return scale


def score_on(raw: float, scale: Sequence[float | None]) -> int:
    """The 1–100 of `raw` on a community's scale (`scale_of`)."""
    if raw <= 0:
        return 1
    score = 2
    for s, least in enumerate(scale, start=2):
        if least is not None and least <= raw:
            score = s
    return score
