"""The invitation and appeal lifecycles, declared once."""

from rapport.core.states import StateMachine
from rapport.invitations.models import AppealState, State

INVITATION = StateMachine.declare(
    "invitation",
    initial=State.PENDING,
    transitions={
        State.PENDING: {
            State.ACCEPTED,
            State.IGNORED,
            State.DECLINED,
            State.REPORTED,
            State.WITHDRAWN,
            State.EXPIRED,
        },
    },
)

APPEAL = StateMachine.declare(
    "appeal",
    initial=AppealState.PENDING,
    transitions={AppealState.PENDING: {AppealState.ACCEPTED, AppealState.REFUSED}},
)

# Answers that count against a sender's acceptance rate, and the two that say
# "this sender should not have written to me".
DECIDED = (State.ACCEPTED, State.IGNORED, State.DECLINED, State.REPORTED, State.EXPIRED)
NEGATIVE = (State.DECLINED, State.REPORTED)
