import itertools

import pytest

from rapport.core.errors import Conflict
from rapport.invitations.models import AppealState, State
from rapport.invitations.states import APPEAL, INVITATION


class Thing:
    def __init__(self, state: str) -> None:
        self.state = state


ALLOWED = {(State.PENDING, s) for s in State.values if s != State.PENDING}


@pytest.mark.parametrize(("source", "target"), list(itertools.product(State.values, repeat=2)))
def test_every_invitation_transition_is_allowed_or_refused_as_declared(source, target):
    thing = Thing(source)
    if (source, target) in ALLOWED:
        INVITATION.transition(thing, target)
        assert thing.state == target
    else:
        with pytest.raises(Conflict) as exc:
            INVITATION.transition(thing, target)
        assert exc.value.code == "invitation.bad_transition"
        assert thing.state == source


def test_only_pending_is_not_final():
    assert [s for s in State.values if not INVITATION.is_final(s)] == [State.PENDING]
    assert INVITATION.states == set(State.values)


def test_appeals_are_decided_once():
    appeal = Thing(AppealState.PENDING)
    APPEAL.transition(appeal, AppealState.ACCEPTED)
    with pytest.raises(Conflict):
        APPEAL.transition(appeal, AppealState.REFUSED)
