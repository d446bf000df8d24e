"""Trust scores and introductions for the demo community, through the real services.

Runs after the conversations, so the scores have real messages, pitches and reports
to read: the demo log-ins find an A network (people they have written with), a B
network, and connections worth pruning (the new connections who pitched them). Then
introductions in every state, asked along the routes Rapport proposes:

- Ada's requests: one waiting at her connection, one passed on and waiting for the
  target, one accepted (a three-way conversation), one the target declined, one a hop
  declined and one that timed out (both read "could not help this time"), one she
  withdrew;
- one waiting for Ada's own answer as the introducer, and one for Ben's as the target.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.core.errors import RapportError
from rapport.demo.plan import ADA, BEN
from rapport.network import selectors as network
from rapport.trust import selectors, services
from rapport.trust.models import Introduction, IntroductionState, TrustScore

Progress = Callable[[str], None]

REASONS = [
    (
        "I am planning a move into {topic} and your work there is what I would like to learn "
        "from; twenty minutes of your experience would save me months.",
        "I can share the survey of 40 teams I ran last quarter, and I am glad to review "
        "anything you are writing.",
    ),
    (
        "We are both in {topic} and I am organising a small round table of practitioners "
        "in the city; I would love your view before we fix the agenda.",
        "A seat at the table, the notes afterwards, and introductions to the other guests.",
    ),
]
TOPICS = ["data platforms", "product research", "hiring engineers", "open standards"]


@dataclass
class TrustSummary:
    scores: int = 0
    a_network: int = 0
    prune: int = 0
    introductions: int = 0
    states: str = ""

    def line(self) -> str:
        return (
            f"{self.scores:,} trust scores for the demo log-ins and their connections "
            f"({self.a_network:,} in A networks, {self.prune} worth pruning); "
            f"{self.introductions} introductions ({self.states})"
        )


def trust_load(*, ids: set[int], now: dt.datetime, others: set[int] | None = None) -> int:
    """These members' views of their connections (of `others` only, if given): what the
    jobs would have computed."""
    written = 0
    for member in User.objects.filter(pk__in=ids, is_active=True).order_by("pk").iterator():
        written += services.trust_recompute(member=member, others=others, now=now)
    return written


def _second_degree(member: User, exclude: set[int], k: int = 40) -> list[User]:
    ids = [i for i, _ in network.suggested_ids(member.pk, k, exclude=exclude)]
    people = User.objects.in_bulk(ids)
    return [people[i] for i in ids if i in people]


def introductions_load(*, seed: int, now: dt.datetime, progress: Progress) -> TrustSummary:
    """Write the demo's trust scores and introductions; deterministic for a seed."""
    rng = random.Random(seed)
    summary = TrustSummary()
    if User.objects.filter(is_staff=False).count() < 10:
        return summary
    ada = User.objects.get(handle=ADA.handle)
    ben = User.objects.get(handle=BEN.handle)
    # The demo log-ins' views of all their connections (their trust pages), and their
    # connections' views of them. Computing all 2,000 members' views would take minutes;
    # `rapport trust-recompute` does the rest when wanted, and the routes below get the
    # hop-to-hop views they are ranked by.
    focus = {ada.pk, ben.pk}
    trust_load(ids=focus, now=now)
    known = network.connected_ids(ada.pk) | network.connected_ids(ben.pk)
    trust_load(ids=known, now=now, others=focus)
    used: set[int] = {ada.pk, ben.pk}

    def rank_inputs(requester: User, target: User) -> None:
        """Each introducer's view of the next on every route, as the jobs would have it."""
        views: dict[int, set[int]] = {}
        for path in selectors.routes_for(requester, target):
            for a, b in itertools.pairwise(path[1:]):
                views.setdefault(a, set()).add(b)
        for a, others in sorted(views.items()):
            trust_load(ids={a}, now=now, others=others)

    def request(requester: User, target: User, at: dt.datetime) -> Introduction | None:
        rank_inputs(requester, target)
        proposals = selectors.path_proposals(requester, target, now=at)
        if not proposals:
            return None
        reason, offer = rng.choice(REASONS)
        topic = rng.choice(TOPICS)
        try:
            return services.introduction_request(
                requester=requester,
                target=target,
                via=proposals[0].via,
                reason=reason.format(topic=topic),
                offer=offer,
                now=at,
            )
        except RapportError:
            return None  # a busy introducer, say: the demo simply asks someone else

    def hop(intro: Introduction, position: int) -> User:
        return User.objects.get(pk=intro.path[position])

    def forward_all(intro: Introduction, at: dt.datetime) -> bool:
        """Every introducer passes it on, so the target is asked; False if one cannot."""
        first = intro.requester.display_name.split()[0]
        for position in range(1, len(intro.path) - 1):
            try:
                services.introduction_forward(
                    member=hop(intro, position),
                    introduction_id=intro.pk,
                    note=f"I know {first} and will vouch for them.",
                    now=at,
                )
            except RapportError:
                return False
        return True

    plan = ["asked", "at_target", "accepted", "declined", "hop_declined", "timed_out", "withdrawn"]
    for outcome in plan:
        for target in _second_degree(ada, used):
            used.add(target.pk)
            started = now - dt.timedelta(days=30 if outcome == "timed_out" else rng.randint(1, 5))
            intro = request(ada, target, started)
            if intro is None:
                continue
            later = started + dt.timedelta(hours=rng.randint(2, 30))
            if outcome in ("at_target", "accepted", "declined") and not forward_all(intro, later):
                services.introduction_withdraw(member=ada, introduction_id=intro.pk, now=later)
                continue
            if outcome == "accepted":
                services.introduction_accept(member=target, introduction_id=intro.pk, now=later)
            elif outcome == "declined":
                services.introduction_decline(member=target, introduction_id=intro.pk, now=later)
            elif outcome == "hop_declined":
                services.introduction_decline(
                    member=hop(intro, 1), introduction_id=intro.pk, now=later
                )
            elif outcome == "withdrawn":
                services.introduction_withdraw(member=ada, introduction_id=intro.pk, now=later)
            break
    services.introductions_expire(now=now)

    # One waiting for Ada as the introducer: two of her connections who do not know each other.
    mine = sorted(network.connected_ids(ada.pk))
    rng.shuffle(mine)
    for a_id in mine[:30]:
        others = network.connected_ids(a_id)
        b_id = next((b for b in mine if b != a_id and b not in others and b not in used), None)
        if b_id is None:
            continue
        a, b = User.objects.get(pk=a_id), User.objects.get(pk=b_id)
        rank_inputs(a, b)
        proposals = [p for p in selectors.path_proposals(a, b, now=now) if p.ids[1] == ada.pk]
        if not proposals:
            continue
        reason, offer = REASONS[0]
        try:
            services.introduction_request(
                requester=a,
                target=b,
                via=ada,
                reason=reason.format(topic=rng.choice(TOPICS)),
                offer=offer,
                now=now - dt.timedelta(hours=5),
            )
        except RapportError:
            continue
        used.update({a_id, b_id})
        break

    # One waiting for Ben's answer as the target.
    for requester in _second_degree(ben, used):
        intro = request(requester, ben, now - dt.timedelta(days=1))
        if intro is None:
            continue
        if forward_all(intro, now - dt.timedelta(hours=3)):
            break
        services.introduction_withdraw(member=requester, introduction_id=intro.pk, now=now)

    # Accepted introductions feed credibility: the views of everyone involved, as the
    # jobs would have recomputed them.
    involved = {m for path in Introduction.objects.values_list("path", flat=True) for m in path}
    viewers = set().union(*(network.connected_ids(m) for m in involved)) if involved else set()
    trust_load(ids=(focus | known) & viewers, now=now, others=involved)
    summary.scores = TrustScore.objects.count()
    summary.a_network = TrustScore.objects.filter(a_network=True).count()
    summary.prune = TrustScore.objects.filter(prune=True).count()
    summary.introductions = Introduction.objects.count()
    counts = {
        label: Introduction.objects.filter(state=state).count()
        for state, label in IntroductionState.choices
    }
    summary.states = ", ".join(f"{n} {label.lower()}" for label, n in counts.items() if n)
    return summary
