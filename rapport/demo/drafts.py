"""Drafting invitations: who may invite whom, when, and how the note ends up reading.

A `Draft` is an invitation before its note is written: sender, recipient, state,
times and the quality the sender writes at. The `Drafter` hands out pairs under
the database's rules (one invitation per pair in the demo, so at most one pending;
none between connected members except the accepted one that connected them) and
finally writes each note from what the pair really shares and asks the coach for
its verdict, as invitation_send does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from random import Random

from rapport.demo.acquaintances import DAY, MUTUAL_LIMIT, Acquaintances
from rapport.demo.choices import Weighted
from rapport.demo.notes import (
    PERSONAL,
    PITCH,
    Facts,
    answer,
    event_name,
    focus_of,
    how_detail,
    note_text,
    personal_notes,
    question,
)
from rapport.demo.plan import PlannedInvitation, PlannedMessage
from rapport.invitations.coach import analyze_note
from rapport.invitations.models import HowWeKnow, State

HOUR = 3600
# Invitations reach back this far; expired ones are older than EXPIRY_DAYS.
HORIZON_DAYS = 120
EXPIRY_DAYS = 90


@dataclass
class Draft:
    sender: int
    recipient: int
    state: str
    created_ago: int
    decided_ago: int | None
    quality: str
    # What the sender chose for "how do we know each other?"; None: what their history allows.
    how: str | None = None
    # 0: no thread; 1: the recipient asked; 2: and the sender answered.
    thread: int = 0
    # A personal note at its best: the one the coach scores highest (for the demo inboxes).
    best: bool = False


class Drafter:
    """Pairs, times and notes for the invitation plan; one instance per plan."""

    def __init__(self, acquaintances: Acquaintances, rng: Random, *, pen: Random) -> None:
        self.people = acquaintances
        # Pairs and times draw from `rng`, notes from `pen`: rewording a note pattern
        # does not change who invited whom.
        self.rng = rng
        self.pen = pen
        self.drafts: list[Draft] = []
        self._pairs: set[tuple[int, int]] = set()

    # Pairs -----------------------------------------------------------------------------

    def free(self, a: int, b: int, *, connected_ok: bool = False) -> bool:
        """Whether a may invite b: not themselves, not invited either way, not connected."""
        if a == b or (min(a, b), max(a, b)) in self._pairs:
            return False
        return connected_ok or not self.people.connected(a, b)

    def add(self, draft: Draft) -> Draft:
        a, b = draft.sender, draft.recipient
        accepted = draft.state == State.ACCEPTED
        assert self.free(a, b, connected_ok=accepted), (a, b)
        assert not accepted or self.people.connected(a, b), (a, b)
        self._pairs.add((min(a, b), max(a, b)))
        self.drafts.append(draft)
        return draft

    def stranger_for(
        self, sender: int, ok: Callable[[int], bool] = lambda _: True, *, tries: int = 60
    ) -> int | None:
        """Someone the sender may invite: usually a friend of a friend, a colleague or
        classmate, someone in their city; sometimes anyone."""
        people, rng = self.people, self.rng
        for _ in range(tries):
            roll = rng.random()
            pool: Sequence[int] = ()
            if roll < 0.5 and people.neighbour_list[sender]:
                friend = rng.choice(people.neighbour_list[sender])
                pool = people.neighbour_list[friend]
            elif roll < 0.65 and people.employers[sender]:
                pool = people.by_employer[rng.choice(people.employers[sender])]
            elif roll < 0.72 and people.schools[sender]:
                pool = people.by_school[rng.choice(people.schools[sender])]
            elif roll < 0.9:
                pool = people.by_city[people.members[sender].city]
            if not pool:
                pool = range(people.size)
            other = pool[rng.randrange(len(pool))]
            if self.free(sender, other) and ok(other):
                return other
        return None

    def anyone_for(
        self, sender: int, ok: Callable[[int], bool] = lambda _: True, *, tries: int = 60
    ) -> int | None:
        """Anyone at all the sender may invite: how a spammer picks."""
        for _ in range(tries):
            other = self.rng.randrange(self.people.size)
            if self.free(sender, other) and ok(other):
                return other
        return None

    # Times, in seconds before the load -------------------------------------------------

    def between(self, newest: float, oldest: float) -> int:
        """A moment between `newest` and `oldest` seconds ago."""
        return round(self.rng.uniform(newest, oldest))

    def answered(self, created: int, *, soonest: float, latest: float) -> int:
        """When an invitation sent `created` seconds ago was answered: after it, before now."""
        latest = min(latest, created - HOUR)
        soonest = min(soonest, latest)
        return created - self.between(soonest, latest)

    def timed(
        self, state: str, *, newest_days: float = 0.0, oldest_days: float = 0.0
    ) -> tuple[int, int | None]:
        """When an invitation ending in `state` was sent and answered, in seconds ago."""
        day = DAY
        if state == State.PENDING:
            oldest = min(oldest_days or 85, 88) * day
            return self.between(max(newest_days * day, HOUR), oldest), None
        if state == State.EXPIRED:
            created = self.between(
                max(newest_days, EXPIRY_DAYS + 1) * day, (HORIZON_DAYS - 1) * day
            )
            # The hourly housekeeping job expires it within the hour after it falls due.
            return created, created - EXPIRY_DAYS * day - self.between(60, HOUR)
        oldest = min(oldest_days or (HORIZON_DAYS - 2), HORIZON_DAYS - 2) * day
        if state == State.WITHDRAWN:
            created = self.between(max(newest_days, 25) * day, max(oldest, 26 * day))
            return created, self.answered(created, soonest=14 * day, latest=60 * day)
        created = self.between(max(newest_days * day, 2 * HOUR), oldest)
        latest = 7 * day if state in (State.DECLINED, State.REPORTED) else 20 * day
        return created, self.answered(created, soonest=HOUR, latest=latest)

    def draft(
        self,
        sender: int,
        recipient: int,
        state: str,
        quality: str,
        *,
        how: str | None = None,
        thread: int = 0,
        best: bool = False,
        newest_days: float = 0.0,
        oldest_days: float = 0.0,
    ) -> Draft:
        created, decided = self.timed(state, newest_days=newest_days, oldest_days=oldest_days)
        return self.add(
            Draft(
                sender,
                recipient,
                state,
                created,
                decided,
                quality,
                how=how,
                thread=thread,
                best=best,
            )
        )

    def accepted(self, sender: int, recipient: int, quality: str) -> Draft:
        """The invitation that made an existing connection, answered when it was made."""
        decided = self.people.connected_for(sender, recipient)
        assert decided is not None
        room = min(14 * DAY, (HORIZON_DAYS - 0.5) * DAY - decided)
        created = decided + self.between(HOUR, max(room, HOUR))
        return self.add(Draft(sender, recipient, State.ACCEPTED, created, decided, quality))

    # Notes -------------------------------------------------------------------------------

    def write(self, draft: Draft) -> PlannedInvitation:
        """The note, how_we_know and the coach's verdict, from what the two really share."""
        people, rng = self.people, self.pen
        s, r = draft.sender, draft.recipient
        employers = people.shared_employers(s, r)
        schools = people.shared_schools(s, r)
        # A mutual connection is named only if the coach is told of every one of them.
        nameable = len(people.mutuals(s, r)) <= MUTUAL_LIMIT
        mutuals = people.mutuals_before(s, r, draft.created_ago) if nameable else []
        how = self._how(draft, employers, schools, mutuals)
        mutual = rng.choice(mutuals) if how == HowWeKnow.MUTUAL else None
        sender, recipient = people.members[s], people.members[r]
        pitching = draft.quality == PITCH
        facts = Facts(
            first=people.first_name(r),
            me=people.first_name(s),
            me_full=sender.display_name,
            handle=sender.handle,
            city=sender.city,
            industry=(recipient if pitching else sender).industry,
            focus=focus_of((recipient if pitching else sender).track, rng),
            company=rng.choice(employers) if how == HowWeKnow.COLLEAGUE else "",
            school=rng.choice(schools) if how == HowWeKnow.CLASSMATE else "",
            mutual="" if mutual is None else people.members[mutual].display_name,
        )
        if how == HowWeKnow.EVENT:
            facts = replace(facts, event=event_name(facts, rng))
        note = note_text(draft.quality, how, facts, rng)
        context = people.note_context(s, r)
        if draft.best and draft.quality == PERSONAL:
            note = max(
                personal_notes(how, facts),
                key=lambda n: (analyze_note(n, context).personalization, n),
            )
        verdict = analyze_note(note, context)
        return PlannedInvitation(
            sender=s,
            recipient=r,
            state=draft.state,
            note=note,
            how_we_know=how,
            how_detail=how_detail(how, facts, rng)[:120],
            mutual=mutual,
            created_ago=draft.created_ago,
            decided_ago=draft.decided_ago,
            note_is_default=verdict.default_text,
            note_is_pitch=verdict.pitch,
            note_personalization=verdict.personalization,
            messages=self._thread(draft, how, facts),
        )

    def _how(
        self, draft: Draft, employers: list[str], schools: list[str], mutuals: list[int]
    ) -> str:
        if draft.quality == PITCH:
            return HowWeKnow.NOT_MET
        possible: dict[str, float] = {
            HowWeKnow.COLLEAGUE: 3.0 if employers else 0.0,
            HowWeKnow.CLASSMATE: 2.0 if schools else 0.0,
            HowWeKnow.MUTUAL: 2.0 if mutuals else 0.0,
            HowWeKnow.EVENT: 1.0,
            HowWeKnow.OTHER: 1.0,
        }
        if draft.how is not None and possible.get(draft.how):
            return draft.how
        choices = [how for how, weight in possible.items() if weight]
        return Weighted(choices, [possible[how] for how in choices]).pick(self.pen)

    def _thread(self, draft: Draft, how: str, facts: Facts) -> tuple[PlannedMessage, ...]:
        if not draft.thread:
            return ()
        asked = round(draft.created_ago * self.pen.uniform(0.4, 0.8))
        lines = [PlannedMessage(draft.recipient, question(facts, self.pen), asked)]
        if draft.thread > 1:
            said = round(asked * self.pen.uniform(0.2, 0.7))
            lines.append(PlannedMessage(draft.sender, answer(how, facts), said))
        return tuple(lines)
