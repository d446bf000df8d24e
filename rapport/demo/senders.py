"""Who sends which invitations: the cast of senders the standing page is about.

Most members send a few invitations and stay in good standing. A few play a part,
so every standing band and every limit can be seen in the demo:

- a collector (a recruiter) sends default notes to many people and few accept:
  at least 20 answers in the window and under 30 % accepted, so the weekly cap
  shrinks (poor);
- spammers send sales pitches to strangers in a burst; six say "I don't know this
  person" or report them, so they are restricted (poor), one of them has appealed;
- fair senders: five or more answers with under half accepted, or two "I don't know";
- Ada and Ben find invitations of every quality waiting in their inbox, and Ben's
  own invitations leave him in fair standing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random

from rapport.demo.acquaintances import DAY, Acquaintances
from rapport.demo.choices import Weighted
from rapport.demo.drafts import HOUR, Draft, Drafter
from rapport.demo.notes import DEFAULT, EMPTY, MEDIOCRE, PERSONAL, PITCH
from rapport.demo.plan import ADA, BEN
from rapport.invitations.models import HowWeKnow, State

# Answers in the window are counted back this many days; parts stay well inside it.
RECENT_DAYS = 80
COLLECTOR_TRACKS = ("talent", "sales")
SPAMMER_TRACKS = ("sales", "marketing")


@dataclass
class Cast:
    ada: int | None
    ben: int | None
    collectors: list[int] = field(default_factory=list)
    spammers: list[int] = field(default_factory=list)
    fair: list[int] = field(default_factory=list)

    @property
    def demo(self) -> set[int]:
        return {i for i in (self.ada, self.ben) if i is not None}

    @property
    def playing(self) -> set[int]:
        """Members whose invitations are planned by their part, not at random."""
        return set(self.collectors) | set(self.spammers) | set(self.fair) | self.demo

    @property
    def appellant(self) -> int | None:
        """Who has an appeal waiting: the second spammer, else the collector."""
        if len(self.spammers) >= 2:
            return self.spammers[-1]
        return self.collectors[0] if self.collectors else None


def recent_connections(people: Acquaintances, member: int) -> list[int]:
    """Connections made in the window, not today: the ones an invitation can have made."""
    found = []
    for other in people.neighbour_list[member]:
        seconds = people.connected_for(member, other)
        if seconds is not None and DAY <= seconds <= RECENT_DAYS * DAY:
            found.append(other)
    return found


def cast_plan(people: Acquaintances, rng: Random) -> Cast:
    members = people.members
    by_handle = {m.handle: m.index for m in members}
    cast = Cast(ada=by_handle.get(ADA.handle), ben=by_handle.get(BEN.handle))
    pool = [m.index for m in members if not m.is_demo_login]
    rng.shuffle(pool)
    size = len(members)

    def take(count: int, tracks: tuple[str, ...], min_recent: int) -> list[int]:
        def fits(i: int, strict: bool) -> bool:
            # Strictly: in the part's line of work, and able to invite the demo log-ins.
            if strict and (members[i].track not in tracks and tracks):
                return False
            if strict and any(people.connected(i, login) for login in cast.demo):
                return False
            return len(recent_connections(people, i)) >= (min_recent if strict else 0)

        chosen: list[int] = []
        for strict in (True, False):
            for i in pool:
                if len(chosen) < count and i not in chosen and fits(i, strict):
                    chosen.append(i)
        for i in chosen:
            pool.remove(i)
        return chosen

    cast.collectors = take(1 + size // 2000, COLLECTOR_TRACKS, 3)
    cast.spammers = take(2 + size // 1500, SPAMMER_TRACKS, 0)
    cast.fair = take(3 + size // 500, (), 2)
    return cast


class Senders:
    """Plans each part's invitations into a Drafter."""

    def __init__(self, drafter: Drafter, cast: Cast) -> None:
        self.d = drafter
        self.cast = cast
        self.rng = drafter.rng
        demo = cast.demo
        # Random invitations stay out of the demo log-ins' inboxes, which are planned.
        self.not_demo = lambda i: i not in demo
        self.not_playing = lambda i: i not in cast.playing

    def _accept_recent(self, me: int, count: int, qualities: Weighted[str]) -> int:
        mine = [
            j
            for j in recent_connections(self.d.people, me)
            if self.d.free(me, j, connected_ok=True)
        ]
        self.rng.shuffle(mine)
        for other in mine[:count]:
            self.d.accepted(me, other, qualities.pick(self.rng))
        return min(count, len(mine))

    def _send(
        self,
        me: int,
        state: str,
        quality: str,
        *,
        oldest_days: float = 0.0,
    ) -> Draft | None:
        """An invitation to someone the sender might know, else to anyone they may invite."""
        other = self.d.stranger_for(me, self.not_demo)
        if other is None:
            other = self.d.anyone_for(me, self.not_demo)
        if other is None:
            return None
        return self.d.draft(me, other, state, quality, oldest_days=oldest_days)

    def collector(self, me: int, forced: list[tuple[int, str]]) -> None:
        notes = Weighted((DEFAULT, EMPTY, MEDIOCRE), (5, 2.5, 2.5))
        self._accept_recent(me, 5, notes)
        # With at most five accepted, 21 other answers keep the rate under 30 %.
        for state, count in (
            (State.IGNORED, 15),
            (State.EXPIRED, 5),
            (State.DECLINED, 1),
            (State.WITHDRAWN, 2),
            (State.PENDING, max(0, 6 - len(forced))),
        ):
            for _ in range(count):
                self._send(me, state, notes.pick(self.rng), oldest_days=RECENT_DAYS)
        for recipient, quality in forced:
            if self.d.free(me, recipient):
                self.d.draft(me, recipient, State.PENDING, quality, oldest_days=20)

    def spammer(self, me: int, forced: list[tuple[int, str]]) -> None:
        """A burst of pitches to strangers; the answers come after it, so the restriction
        starts once the burst is over and lifts 30 days after the last "I don't know"."""
        d = self.d
        start = d.between(14 * DAY, 20 * DAY)
        states = [State.REPORTED] * 4 + [State.DECLINED] * 2 + [State.IGNORED] * 4
        states += [State.PENDING] * max(0, 4 - len(forced))
        recipients: list[tuple[int | None, str]] = [(None, state) for state in states]
        recipients += [(r, State.PENDING) for r, _ in forced]
        for recipient, state in recipients:
            other = recipient
            if other is None:
                other = d.anyone_for(me, self.not_demo)
            if other is None or not d.free(me, other):
                continue
            created = start - d.between(0, 2 * DAY)
            decided = None
            if state != State.PENDING:
                decided = d.between(max(start - 10 * DAY, HOUR), start - 2 * DAY - HOUR)
            d.add(Draft(me, other, state, created, decided, PITCH))

    def fair(self, me: int, kind: int, forced: list[tuple[int, str]]) -> None:
        """kind 0: under half of five or more answers accepted; kind 1: two "I don't know"."""
        notes = Weighted((DEFAULT, MEDIOCRE, PERSONAL, EMPTY), (4, 3, 2, 1))
        if kind == 0:
            accepted = self._accept_recent(me, 2, notes)
            answers = [State.IGNORED] * max(2, 4 - accepted) + [State.EXPIRED]
        else:
            self._accept_recent(me, 3, notes)
            answers = [State.DECLINED, State.DECLINED]
        for state in answers:
            quality = MEDIOCRE if state == State.DECLINED else notes.pick(self.rng)
            self._send(me, state, quality, oldest_days=RECENT_DAYS)
        self._send(me, State.PENDING, notes.pick(self.rng))
        if kind == 0:
            self._send(me, State.WITHDRAWN, notes.pick(self.rng))
        for recipient, quality in forced:
            if self.d.free(me, recipient):
                self.d.draft(
                    me, recipient, State.PENDING, quality, how=HowWeKnow.EVENT, oldest_days=12
                )

    def inbox(self, me: int, wanted: Sequence[tuple[str, str | None, int]]) -> None:
        """Pending invitations to a demo log-in: (quality, how, thread) each, newest first."""
        d, people = self.d, self.d.people
        for n, (quality, how, thread) in enumerate(wanted):
            newest = 0.1 + 1.7 * n
            sender = None
            if how == HowWeKnow.COLLEAGUE:
                sender = self._first_free(me, people.by_employer, people.employers[me])
            elif how == HowWeKnow.CLASSMATE:
                sender = self._first_free(me, people.by_school, people.schools[me])
            elif how == HowWeKnow.MUTUAL:
                sender = d.stranger_for(
                    me, lambda i: self.not_playing(i) and 0 < len(people.mutuals(i, me)) <= 50
                )
            sender = sender if sender is not None else d.stranger_for(me, self.not_playing)
            if sender is None:
                continue
            d.draft(
                sender,
                me,
                State.PENDING,
                quality,
                how=how,
                thread=thread,
                best=True,
                newest_days=newest,
                oldest_days=newest + 1.5,
            )

    def _first_free(self, me: int, groups: dict[str, list[int]], names: list[str]) -> int | None:
        for name in names:
            for other in groups[name]:
                if self.not_playing(other) and self.d.free(other, me):
                    return other
        return None

    def own(self, me: int, *, fair: bool) -> None:
        """What a demo log-in sent: one invitation waiting for weeks, one answered, one
        withdrawn; Ben's answers leave him in fair standing."""
        if fair:
            self.fair(me, 0, [])
        else:
            self._send(me, State.IGNORED, DEFAULT, oldest_days=RECENT_DAYS)
            self._send(me, State.WITHDRAWN, MEDIOCRE)
        other = self.d.stranger_for(me, self.not_playing)
        if other is not None:
            self.d.draft(me, other, State.PENDING, PERSONAL, newest_days=40, oldest_days=50)
        self._send(me, State.PENDING, DEFAULT, oldest_days=4)
