"""A sender's stored standing, worked out by replaying their answers in order.

`rapport.invitations.services.standing.after_answer` runs after every ignore, "I
don't know", report and expiry, and the housekeeping job lifts restrictions
whose date has passed. The demo writes invitations in bulk, so neither ran; this
replays both over the planned answers, so the Standing rows hold what the site
would have stored: when a restriction started and when it lifts, when the sender
was warned, since when a throttle applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from rapport.demo.plan import PlannedStanding
from rapport.invitations.models import State
from rapport.invitations.selectors.policy import Policy
from rapport.invitations.states import DECIDED, NEGATIVE

DAY = 86_400
# The answers after which the services review the restriction (after an acceptance they
# re-read the acceptance rate only; the demo's throttles are set from these as well).
TRIGGERS = (State.IGNORED, State.DECLINED, State.REPORTED, State.EXPIRED)


class Answered(Protocol):
    """An invitation as far as standing goes: a draft or a planned invitation."""

    @property
    def recipient(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def decided_ago(self) -> int | None: ...


@dataclass
class _Stored:
    restricted_at: int | None = None
    restricted_until: int | None = None
    warned_at: int | None = None
    throttled_since: int | None = None

    def lift_if_due(self, at: int) -> None:
        """What restrictions_lift_due does once `restricted_until` has passed (times are "ago")."""
        if self.restricted_until is not None and self.restricted_until >= at:
            self.restricted_at = self.restricted_until = self.warned_at = None


def standing_replay(member: int, sent: Iterable[Answered], rules: Policy) -> PlannedStanding | None:
    """The Standing row for `member`, or None if no answer ever called after_answer."""
    answers = [
        (i.decided_ago, i.state, i.recipient)
        for i in sent
        if i.state in DECIDED and i.decided_ago is not None
    ]
    triggers = sorted((a for a in answers if a[1] in TRIGGERS), key=lambda a: -a[0])
    if not triggers:
        return None
    window = rules.window_days * DAY
    stored = _Stored()
    for at, _, _ in triggers:
        stored.lift_if_due(at)
        counted = [a for a in answers if at <= a[0] <= at + window]
        decided = len(counted)
        accepted = sum(1 for a in counted if a[1] == State.ACCEPTED)
        negative = [a for a in counted if a[1] in NEGATIVE]
        negatives = len({a[2] for a in negative})
        throttled = (
            decided >= rules.throttle_min_decided and accepted / decided < rules.throttle_rate
        )
        restricted = stored.restricted_until is not None and stored.restricted_until < at
        # A restriction runs from the latest negative answer, so it may already be over.
        until = min(a[0] for a in negative) - rules.restriction_days * DAY if negative else None
        if negatives >= rules.restrict_negatives and until is not None and until < at:
            if not restricted:
                stored.restricted_at = at
            stored.restricted_until = until
        elif negatives + 1 >= rules.restrict_negatives and stored.warned_at is None:
            stored.warned_at = at
        if throttled and stored.throttled_since is None:
            stored.throttled_since = at
        elif not throttled and stored.throttled_since is not None:
            stored.throttled_since = None
    stored.lift_if_due(0)
    return PlannedStanding(
        member=member,
        restricted_at=stored.restricted_at,
        restricted_until=stored.restricted_until,
        warned_at=stored.warned_at,
        throttled_since=stored.throttled_since,
    )
