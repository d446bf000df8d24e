"""The replayed standing is the one the real services leave after the same answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.demo.acquaintances import DAY
from rapport.demo.standing_replay import TRIGGERS, standing_replay
from rapport.invitations.models import HowWeKnow, Invitation, State
from rapport.invitations.selectors import policy
from rapport.invitations.selectors.policy import policy_defaults
from rapport.invitations.services import after_answer
from rapport.limits.models import Standing
from rapport.limits.services import restrictions_lift_due

NOW = dt.datetime(2025, 6, 17, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Answer:
    recipient: int
    state: str
    decided_ago: int | None


def _timeline() -> list[tuple[str, float]]:
    """(state, days ago): five refusals restrict, the restriction lifts, two more restrict
    again; 21 answers with none accepted throttle; one accepted answer counts without a call."""
    early = [(State.DECLINED, 70 - n) for n in range(5)]
    ignored = [(State.IGNORED, 50 - 2 * n) for n in range(14)]
    late = [(State.REPORTED, 12.5), (State.DECLINED, 10.25)]
    return [*early, *ignored, (State.ACCEPTED, 8), *late, (State.EXPIRED, 3)]


@pytest.mark.django_db
def test_replay_leaves_the_standing_after_answer_and_the_lift_job_leave(ada: User) -> None:
    answers = []
    for n, (state, days) in enumerate(sorted(_timeline(), key=lambda a: -a[1])):
        recipient = make_member(f"someone-{n}", f"Some One {n}")
        ago = round(days * DAY)
        at = NOW - dt.timedelta(seconds=ago)
        Invitation.objects.create(
            sender=ada,
            recipient=recipient,
            state=state,
            how_we_know=HowWeKnow.OTHER,
            created_at=at - dt.timedelta(days=1),
            decided_at=at,
        )
        restrictions_lift_due(now=at)
        if state in TRIGGERS:
            after_answer(sender=ada, now=at, review=True)
        answers.append(Answer(recipient.pk, state, ago))
    restrictions_lift_due(now=NOW)

    replayed = standing_replay(ada.pk, answers, policy())
    stored = Standing.objects.get(member=ada)

    def moment(ago: int | None) -> dt.datetime | None:
        return None if ago is None else NOW - dt.timedelta(seconds=ago)

    assert replayed is not None
    assert stored.restricted_until is not None and stored.restricted_until > NOW
    assert stored.throttled_since is not None
    assert (
        moment(replayed.restricted_at),
        moment(replayed.restricted_until),
        moment(replayed.warned_at),
        moment(replayed.throttled_since),
    ) == (
        stored.restricted_at,
        stored.restricted_until,
        stored.warned_at,
        stored.throttled_since,
    )


def test_no_standing_is_stored_for_a_sender_whose_invitations_were_all_accepted() -> None:
    answers = [Answer(n, State.ACCEPTED, n * DAY) for n in range(1, 4)]
    assert standing_replay(1, answers, policy_defaults()) is None
