"""Reads for introductions: the routes a member could ask through, ranked by strength;
what each person in a chain may see of it; who could introduce one at a company.

Privacy holds at every step. Routes come from `network.paths_between`, which never
steps through someone who keeps their connection list to themselves. A hop sees the
requester, the target, the reason and the note of whoever asked them — never who else
is in the chain. The target sees only the introducer who brought the request.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from rapport.accounts.models import ConnectionsVisibility, User
from rapport.companies.models import Company
from rapport.core.errors import NotFound
from rapport.network import selectors as network
from rapport.trust.models import (
    Introduction,
    IntroductionStep,
    StepRole,
    StepState,
    TrustScore,
)
from rapport.trust.scoring import RECENT, ago, span

HOP_WEAK = 30  # a hop scoring below this is a weak tie
PROPOSALS = 5


@dataclass
class PathProposal:
    members: list[User]  # requester … target
    strength: int  # the weakest hop's trust (unknown counts as 0); never shown as a number
    weak: bool
    warnings: list[str] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)  # hops the requester may not see named

    @property
    def ids(self) -> list[int]:
        return [m.pk for m in self.members]

    @property
    def via(self) -> User:
        """The requester's own connection, whom they ask first."""
        return self.members[1]

    @property
    def labels(self) -> list[str]:
        """The introducers as the requester may see them: a name, or "someone Ben knows"."""
        return _labels(self.members, self.hidden)

    @property
    def band(self) -> str:
        return band_of(self.strength)


def band_of(strength: int) -> str:
    return "strong" if strength >= 60 else "fair" if strength >= HOP_WEAK else "weak"


def _labels(members: list[User], hidden: set[int]) -> list[str]:
    labels = []
    for before, member in itertools.pairwise(members[:-1]):
        if member.pk in hidden:
            labels.append(f"someone {before.display_name.split()[0]} knows")
        else:
            labels.append(member.display_name)
    return labels


def hidden_hops(requester: User, paths: list[list[int]]) -> set[int]:
    """Introducers past the first whose connection list the requester may not see.

    New routes never have one: `paths_between` offers a later hop only if they show
    their list to everyone (decision 0011). An introduction already under way keeps
    its stored route, though, and a hop may hide their list afterwards: naming them
    then would say whom they know, so they are shown as "someone Ben knows".
    """
    later = {i for path in paths for i in path[2:-1]}
    if not later:
        return set()
    mine = network.connected_among(requester.pk, sorted(later))
    shown = {
        pk
        for pk, setting in User.objects.filter(pk__in=later).values_list(
            "pk", "connections_visibility"
        )
        if setting == ConnectionsVisibility.EVERYONE
        or (setting == ConnectionsVisibility.CONNECTIONS and pk in mine)
    }
    return later - shown


def first_hop_warning(row: TrustScore | None, who: str, now: dt.datetime) -> str:
    """Why the requester's own first hop is weak, in their own terms, and true at `now`:
    "not talked" only when they have not talked for a while (RECENT); a tie that is weak
    although they talked lately is weak for other reasons, which the trust page gives."""
    if row is None:
        return f"Rapport has not yet worked out your trust in {who}."
    if row.last_contact_at is None:
        return f"You have never exchanged a message with {who}."
    if now - row.last_contact_at <= RECENT:
        return (
            f"You talked with {who} {ago(row.last_contact_at, now)}, but your trust in them is low."
        )
    return f"You have not talked with {who} in {span(row.last_contact_at, now)}."


ROUTES_CONSIDERED = 50  # ranked by strength, so more than the few shortest


def shortest_routes(paths: list[list[int]]) -> list[list[int]]:
    """The routes no shorter one makes needless, in their order; none if the requester
    and the target are connected (nobody needs to introduce them).

    A three-hop route a → x → y → b is a detour when x knows b (x can introduce a to b
    themselves) or a knows y (a can ask y directly); either way the two-hop route is on
    the list, because `paths_between` returns routes shortest first: when any three-hop
    route is there, every two-hop route is too. Pure, so it is tested as is.
    """
    if any(len(path) == 2 for path in paths):
        return []
    knows_target = {path[1] for path in paths if len(path) == 3}
    return [path for path in paths if len(path) == 3 or not ({path[1], path[2]} & knows_target)]


def routes_for(requester: User, target: User) -> list[list[int]]:
    """Routes of two or three hops the requester may ask along, shortest first, none
    longer than needed: from `network.paths_between` (nobody who shows their list to no
    one), without anyone who blocked the requester or was blocked by them."""
    paths = shortest_routes(network.paths_between(requester.pk, target.pk, ROUTES_CONSIDERED))
    blocked = network.blocked_ids(requester.pk)
    return [path for path in paths if not set(path) & blocked]


def rank_routes(
    paths: list[list[int]], strength: Mapping[tuple[int, int], int], *, limit: int = PROPOSALS
) -> list[tuple[list[int], int]]:
    """Routes with their strength — the weakest hop's, 0 where a hop is unknown — at
    most `limit`: routes that are not weak first, and among them the shortest, then the
    strongest; weak routes after, ranked the same way. Every hop is one more person who
    must agree and pass it on, so a fair route of two hops beats a strong one of three;
    but a weak tie is where introductions fail, so no route with one comes before a route
    without. Pure, so it is benchmarked as is."""
    ranked = [
        (path, min(strength.get(pair, 0) for pair in itertools.pairwise(path))) for path in paths
    ]
    ranked.sort(key=lambda item: (item[1] < HOP_WEAK, len(item[0]), -item[1], item[0]))
    return ranked[:limit]


def path_proposals(
    requester: User, target: User, *, now: dt.datetime | None = None
) -> list[PathProposal]:
    """The best route through each of the requester's connections who could help, up to
    five, ranked by `rank_routes`: the shortest route that is not weak first.

    A hop's strength is the trust of the one who would pass the request on in the next
    person, from their own side; a route is as strong as its weakest hop. The requester
    chooses whom to ask first; the rest of the route follows. The requester's own first
    hop is explained plainly when it is weak; a weak link further along is only said
    to be weak, never scored.
    """
    now = now or timezone.now()
    paths = routes_for(requester, target)
    if not paths:
        return []
    pairs = {pair for path in paths for pair in itertools.pairwise(path)}
    # One indexed query for every hop's row: a superset by members and others, kept to
    # the pairs on the routes (fifty ORed pairs are far slower to plan).
    scores = {
        (row.member_id, row.other_id): row
        for row in TrustScore.objects.filter(
            member_id__in={a for a, _ in pairs}, other_id__in={b for _, b in pairs}
        ).only("member_id", "other_id", "score", "last_contact_at")
        if (row.member_id, row.other_id) in pairs
    }
    best: dict[int, tuple[list[int], int]] = {}
    for path, strength in rank_routes(
        paths, {pair: row.score for pair, row in scores.items()}, limit=len(paths)
    ):
        best.setdefault(path[1], (path, strength))  # ranked: the first is the best
    ranked = list(best.values())[:PROPOSALS]
    hidden = hidden_hops(requester, [path for path, _ in ranked])
    people = User.objects.in_bulk(list({i for path, _ in ranked for i in path}))
    proposals = []
    for path, strength in ranked:
        members = [people[i] for i in path]
        labels = _labels(members, hidden)
        warnings = []
        for position, (a, b) in enumerate(itertools.pairwise(path)):
            row = scores.get((a, b))
            if row is not None and row.score >= HOP_WEAK:
                continue
            if position == 0:
                warnings.append(first_hop_warning(row, people[b].display_name.split()[0], now))
            elif a in hidden or b in hidden:
                warnings.append("A link further along this route is weak.")
            elif b == path[-1]:
                first = people[b].display_name.split()[0]
                warnings.append(f"{labels[position - 1]} has only a weak tie with {first}.")
            else:
                warnings.append(
                    f"{labels[position - 1]} and {labels[position]} have only a weak tie."
                )
        proposals.append(
            PathProposal(
                members=members,
                strength=strength,
                weak=strength < HOP_WEAK,
                warnings=list(dict.fromkeys(warnings)),
                hidden=hidden & set(path),
            )
        )
    return proposals


@dataclass
class IntroductionView:
    """An introduction as one member may see it."""

    introduction: Introduction
    role: str  # "requester", "introducer" or "target"
    steps: list[IntroductionStep]  # only the steps this member may see
    my_step: IntroductionStep | None
    brought_by: IntroductionStep | None  # the forward that reached this member
    passes_to: IntroductionStep | None = None  # whom an introducer would pass it to
    hidden: set[int] = field(default_factory=set)  # hops the requester sees unnamed

    @property
    def labelled_steps(self) -> list[tuple[IntroductionStep, str]]:
        """Each visible step with the name this member may see for it."""
        if self.role != "requester":
            return [(s, s.member.display_name) for s in self.steps]
        # requester, every introducer, the target: all steps are visible to the requester.
        labels = _labels(
            [self.introduction.requester, *(s.member for s in self.steps)], self.hidden
        )
        return [
            (s, labels[i] if s.role == StepRole.INTRODUCER else s.member.display_name)
            for i, s in enumerate(self.steps)
        ]

    @property
    def status(self) -> str:
        """What this member is told: a stopped request is "could not help this time"."""
        return self.introduction.get_state_display()


def passes_to(
    steps: list[IntroductionStep], mine: IntroductionStep, *, knows_target: bool
) -> IntroductionStep | None:
    """Whom an introducer passes the request on to: the target when the introducer is
    connected to them — going through the next introducer would add a hop and a person
    for nothing (`shortest_routes`) — and otherwise the next one on the route. Once they
    have answered, whoever it actually reached."""
    later = [s for s in steps if s.position > mine.position]
    if mine.state != StepState.ASKED:
        reached = next((s for s in later if s.asked_at is not None), None)
        if reached is not None:
            return reached
    if knows_target:
        return next((s for s in later if s.role == StepRole.TARGET), None)
    return later[0] if later else None


def _view(intro: Introduction, member: User, *, knows_target: bool) -> IntroductionView | None:
    steps = list(intro.steps.all())
    if intro.requester_id == member.pk:
        hidden = hidden_hops(member, [intro.path])
        return IntroductionView(intro, "requester", steps, None, None, hidden=hidden)
    mine = next((s for s in steps if s.member_id == member.pk), None)
    if mine is None or mine.asked_at is None:
        return None  # not asked yet, or never: they see nothing of it
    # Who asked them: the last one before them who answered (an introducer who knew the
    # target passes over those between).
    before = next(
        (s for s in reversed(steps) if s.position < mine.position and s.asked_at is not None),
        None,
    )
    role = "target" if mine.role == StepRole.TARGET else "introducer"
    # An introducer sees whom they would pass it to (their own connection: they must know
    # whom they vouch to); nobody sees earlier hops than the one who asked them.
    after = passes_to(steps, mine, knows_target=knows_target) if role == "introducer" else None
    visible = [s for s in (before, mine, after) if s is not None]
    return IntroductionView(intro, role, visible, mine, before, after)


def _asked_introducer(intro: Introduction, member: User) -> bool:
    return any(
        s.member_id == member.pk and s.role == StepRole.INTRODUCER and s.state == StepState.ASKED
        for s in intro.steps.all()
    )


def introduction_for(member: User, introduction_id: int) -> IntroductionView:
    """One introduction as `member` may see it; anyone else gets "not found"."""
    intro = (
        Introduction.objects.filter(pk=introduction_id)
        .select_related("requester", "target")
        .prefetch_related("steps__member")
        .first()
    )
    view = None
    if intro is not None:
        knows = _asked_introducer(intro, member) and network.are_connected(
            member.pk, intro.target_id
        )
        view = _view(intro, member, knows_target=knows)
    if view is None:
        raise NotFound("No such introduction.", code="introduction.not_found")
    return view


def introductions_of(member: User) -> dict[str, list[IntroductionView]]:
    """The member's introductions: asked by them, waiting for their answer, and past."""
    involved = IntroductionStep.objects.filter(member=member, asked_at__isnull=False)
    intros = list(
        Introduction.objects.filter(Q(requester=member) | Q(pk__in=involved.values("introduction")))
        .select_related("requester", "target")
        .prefetch_related("steps__member")
        .order_by("-created_at", "-pk")[:200]
    )
    waiting = [i.target_id for i in intros if _asked_introducer(i, member)]
    known = network.connected_among(member.pk, waiting)  # one query for the page
    out: dict[str, list[IntroductionView]] = {"to_answer": [], "mine": [], "past": []}
    for intro in intros:
        view = _view(intro, member, knows_target=intro.target_id in known)
        if view is None:
            continue
        if view.role == "requester":
            out["mine"].append(view)
        elif view.my_step is not None and view.my_step.state == StepState.ASKED:
            out["to_answer"].append(view)
        else:
            out["past"].append(view)
    return out


@dataclass
class IntroducerAt:
    member: User  # a 2nd-degree member who works at the company now
    connector: User | None  # the member's connection best placed to introduce them
    strength: int
    band: str


def introducers_at(member: User, company: Company) -> list[IntroducerAt]:
    """For each 2nd-degree member at the company, the member's best connector to them.

    Connectors are mutual connections the member may see; the best is the one whose
    weaker side (the member's trust in them, their trust in the person) is strongest.
    """
    rows = [
        (m, d)
        for m, d, _ in network.network_at_company(member.pk, company.pk, vias_for=0)
        if d == 2
    ]
    if not rows:
        return []
    people = {p.pk: p for p in User.objects.filter(pk__in=[m for m, _ in rows])}
    targets = [people[m] for m, _ in rows if m in people]
    mutuals = network.mutual_connections_for(member, targets, limit=100)
    connector_ids = {c.pk for _, found in mutuals.values() for c in found}
    mine = {
        r.other_id: r.score
        for r in TrustScore.objects.filter(member=member, other_id__in=connector_ids)
    }
    theirs = {
        (r.member_id, r.other_id): r.score
        for r in TrustScore.objects.filter(
            member_id__in=connector_ids, other_id__in=[t.pk for t in targets]
        )
    }
    out = []
    for target in targets:
        best: tuple[int, User | None] = (-1, None)
        for connector in mutuals[target.pk][1]:
            strength = min(mine.get(connector.pk, 0), theirs.get((connector.pk, target.pk), 0))
            if strength > best[0]:
                best = (strength, connector)
        strength = max(best[0], 0)
        out.append(IntroducerAt(target, best[1], strength, band_of(strength)))
    out.sort(key=lambda x: (-x.strength, x.member.display_name))
    return out
