"""Plan the demo community's invitations in memory: the same community and seed, the same plan.

Runs after `community_plan` and reads only the plan, so it needs no database.
The parts (see senders.py) are planned first, then the demo log-ins' inboxes,
then everyone else: some recent connections were made by an accepted invitation,
and about one invitation per member more is waiting, ignored, withdrawn, expired
or refused. Every note is judged by the coach as invitation_send would judge it,
and every sender's stored standing is replayed from their answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from random import Random

from rapport.demo.acquaintances import DAY, Acquaintances
from rapport.demo.choices import Weighted
from rapport.demo.drafts import HOUR, Draft, Drafter
from rapport.demo.notes import DEFAULT, EMPTY, MEDIOCRE, PERSONAL, PITCH
from rapport.demo.plan import (
    Community,
    InvitationPlan,
    PlannedAppeal,
    PlannedStanding,
)
from rapport.demo.senders import Cast, Senders, cast_plan
from rapport.demo.standing_replay import standing_replay
from rapport.invitations.models import HowWeKnow, State
from rapport.invitations.selectors.policy import Policy, policy_defaults
from rapport.invitations.states import DECIDED, NEGATIVE

# Share of the connections made in the last 115 days that an accepted invitation made.
ACCEPTED_SHARE = 0.1
ACCEPTED_DAYS = 115
# Invitations per member that did not (or not yet) make a connection.
OTHERS_PER_MEMBER = 1.0
OTHER_STATES = Weighted(
    (
        State.PENDING,
        State.IGNORED,
        State.EXPIRED,
        State.WITHDRAWN,
        State.DECLINED,
        State.REPORTED,
    ),
    (42, 25, 12, 11, 7, 3),
)
# How people write, by how the invitation ended: refused ones were rarely personal.
QUALITY_BY_STATE = {
    State.ACCEPTED: Weighted((PERSONAL, DEFAULT, EMPTY, MEDIOCRE), (40, 35, 10, 15)),
    State.PENDING: Weighted((PERSONAL, DEFAULT, EMPTY, MEDIOCRE, PITCH), (30, 35, 10, 20, 5)),
    State.IGNORED: Weighted((PERSONAL, DEFAULT, EMPTY, MEDIOCRE, PITCH), (5, 45, 15, 25, 10)),
    State.EXPIRED: Weighted((DEFAULT, EMPTY, MEDIOCRE), (55, 20, 25)),
    State.WITHDRAWN: Weighted((DEFAULT, MEDIOCRE, PERSONAL), (50, 35, 15)),
    State.DECLINED: Weighted((DEFAULT, MEDIOCRE, PITCH), (35, 40, 25)),
    State.REPORTED: Weighted((PITCH, MEDIOCRE), (85, 15)),
}
PENDING_PER_SENDER = 6
THREAD_SHARE = 0.06
# Answers counted toward "good" only if well inside the window, whenever it is read.
SAFE_WINDOW_DAYS = 88
APPEALS = (
    "I sell scheduling software to clinics and wrote to people I thought would be "
    "interested. I understand now that my notes read as spam; from now on I will only "
    "invite people I have met. Please lift the restriction.",
    "Most of the people who answered 'I don't know this person' were at a conference I "
    "attended, but I see my note did not say so. I'll write proper notes from now on.",
)


def invitation_plan(community: Community, *, rules: Policy | None = None) -> InvitationPlan:
    """Every invitation, standing and appeal the loader will write, decided up front."""
    rules = rules or policy_defaults()

    def stage(name: str) -> Random:
        return Random(f"rapport-demo:{community.seed}:invitations:{name}")

    people = Acquaintances(community)
    cast = cast_plan(people, stage("cast"))
    drafter = Drafter(people, stage("pairs"), pen=stage("notes"))
    _parts(Senders(drafter, cast), cast)
    _accepted(drafter, cast)
    _others(drafter, cast, round(OTHERS_PER_MEMBER * len(community.members)))
    threads = stage("threads")
    for draft in drafter.drafts:
        # Recipients ask how they know the sender when the note does not say.
        unclear = draft.quality in (DEFAULT, EMPTY, MEDIOCRE)
        waiting = draft.state == State.PENDING and not draft.thread
        if waiting and unclear and threads.random() < THREAD_SHARE:
            draft.thread = 1 if threads.random() < 0.3 else 2
    standings = []
    by_sender: dict[int, list[Draft]] = {}
    for draft in drafter.drafts:
        by_sender.setdefault(draft.sender, []).append(draft)
    for sender in sorted(by_sender):
        standing = standing_replay(sender, by_sender[sender], rules)
        if standing is not None:
            standings.append(standing)
    return InvitationPlan(
        invitations=[drafter.write(d) for d in drafter.drafts],
        standings=standings,
        appeals=_appeals(cast, standings, stage("appeals")),
        roles={
            "collector": tuple(cast.collectors),
            "spammer": tuple(cast.spammers),
            "fair": tuple(cast.fair),
        },
    )


def _parts(senders: Senders, cast: Cast) -> None:
    spammers, collectors, fair = cast.spammers, cast.collectors, cast.fair
    # Each demo inbox gets a pitch from a restricted spammer and a note from a fair sender;
    # Ben's also a default note from the throttled collector: one card in every band.
    forced: dict[int, list[tuple[int, str]]] = {}
    for login, n in ((cast.ada, 0), (cast.ben, 1)):
        if login is None:
            continue
        if len(spammers) > n:
            forced.setdefault(spammers[n], []).append((login, PITCH))
        if login == cast.ben and collectors:
            forced.setdefault(collectors[0], []).append((login, DEFAULT))
        if len(fair) > n:
            forced.setdefault(fair[n], []).append((login, PERSONAL if n == 0 else EMPTY))
    for member in spammers:
        senders.spammer(member, forced.get(member, []))
    for member in collectors:
        senders.collector(member, forced.get(member, []))
    for n, member in enumerate(fair):
        senders.fair(member, n % 2, forced.get(member, []))
    inboxes = (
        (
            cast.ada,
            [
                (PERSONAL, HowWeKnow.COLLEAGUE, 0),
                (PERSONAL, HowWeKnow.MUTUAL, 0),
                (DEFAULT, None, 0),
                (MEDIOCRE, HowWeKnow.OTHER, 2),
                (EMPTY, None, 0),
            ],
        ),
        (cast.ben, [(PERSONAL, HowWeKnow.CLASSMATE, 0), (MEDIOCRE, None, 2), (DEFAULT, None, 1)]),
    )
    for login, wanted in inboxes:
        if login is None:
            continue
        pitched = any(d.recipient == login and d.quality == PITCH for d in senders.d.drafts)
        # In a small community a log-in may know every spammer; someone else pitches then.
        senders.inbox(login, wanted if pitched else [*wanted, (PITCH, None, 0)])
        senders.own(login, fair=login == cast.ben)


def _accepted(drafter: Drafter, cast: Cast) -> None:
    """Some recent connections were made by an invitation: one endpoint sent it."""
    rng, people = drafter.rng, drafter.people
    planned = cast.playing - ({cast.ada} if cast.ada is not None else set())
    for c in sorted(people.connected_days.items()):
        (low, high), days = c
        if days > ACCEPTED_DAYS or rng.random() >= ACCEPTED_SHARE:
            continue
        sender, recipient = (low, high) if rng.random() < 0.5 else (high, low)
        if sender in planned:
            sender, recipient = recipient, sender
        if sender in planned or not drafter.free(sender, recipient, connected_ok=True):
            continue
        drafter.accepted(sender, recipient, QUALITY_BY_STATE[State.ACCEPTED].pick(rng))


def _others(drafter: Drafter, cast: Cast, count: int) -> None:
    """Invitations that did not connect anyone (yet), each within what keeps its sender good.

    Counted so that a sender is good however the window falls: answers from just inside it
    count as refusals, acceptances only from well inside.
    """
    rng, people = drafter.rng, drafter.people
    active = [m.index for m in people.members if m.index not in cast.playing]
    if not active:
        return
    accepted: Counter[int] = Counter()
    decided: Counter[int] = Counter()
    negatives: Counter[int] = Counter()
    pending: Counter[int] = Counter()
    for d in drafter.drafts:
        if d.state == State.ACCEPTED and (d.decided_ago or 0) <= SAFE_WINDOW_DAYS * DAY:
            accepted[d.sender] += 1
        decided[d.sender] += d.state in DECIDED
        pending[d.sender] += d.state == State.PENDING

    def stays_good(sender: int, state: str) -> bool:
        if state == State.PENDING:
            return pending[sender] < PENDING_PER_SENDER
        if state not in DECIDED:
            return True
        if state in NEGATIVE and negatives[sender] >= 1:
            return False
        total = decided[sender] + 1
        return total < 5 or 2 * accepted[sender] >= total

    demo = cast.demo
    for _ in range(count):
        sender = active[rng.randrange(len(active))]
        state = OTHER_STATES.pick(rng)
        if not stays_good(sender, state):
            state = State.PENDING if stays_good(sender, State.PENDING) else State.WITHDRAWN
        find = drafter.anyone_for if state in NEGATIVE else drafter.stranger_for
        # The demo log-ins' inboxes are planned; others may have invited them long ago.
        avoid = demo if state == State.PENDING else set()
        recipient = find(sender, _outside(avoid))
        if recipient is None:
            continue
        drafter.draft(sender, recipient, state, QUALITY_BY_STATE[state].pick(rng))
        decided[sender] += state in DECIDED
        negatives[sender] += state in NEGATIVE
        pending[sender] += state == State.PENDING


def _outside(members: set[int]) -> Callable[[int], bool]:
    return lambda i: i not in members


def _appeals(cast: Cast, standings: list[PlannedStanding], rng: Random) -> list[PlannedAppeal]:
    """The appellant's appeal, sent after the limit applied (appeal_submit refuses before)."""
    member = cast.appellant
    stored = next((s for s in standings if s.member == member), None)
    if member is None or stored is None:
        return []
    since = stored.restricted_at if stored.restricted_at is not None else stored.throttled_since
    if since is None or since <= 2 * HOUR:
        return []
    ago = since - rng.randint(HOUR, min(3 * DAY, since - HOUR))
    return [PlannedAppeal(member=member, text=rng.choice(APPEALS), ago=ago)]
