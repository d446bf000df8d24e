"""The conversation lifecycle, declared once.

A conversation between connections is open from the start. One begun by a
non-connection is a request until its recipient accepts or declines it; a
declined request opens again only if the two later connect.
"""

from rapport.conversations.models import State
from rapport.core.states import StateMachine

CONVERSATION = StateMachine.declare(
    "conversation",
    initial=State.REQUEST,
    transitions={
        State.REQUEST: {State.OPEN, State.DECLINED},
        State.DECLINED: {State.OPEN},
    },
)
