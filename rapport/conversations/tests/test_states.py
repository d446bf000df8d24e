from rapport.conversations.models import State
from rapport.conversations.states import CONVERSATION


def test_the_declared_conversation_lifecycle():
    assert CONVERSATION.can(State.REQUEST, State.OPEN)
    assert CONVERSATION.can(State.REQUEST, State.DECLINED)
    assert CONVERSATION.can(State.DECLINED, State.OPEN)  # they connected later
    assert not CONVERSATION.can(State.OPEN, State.REQUEST)
    assert not CONVERSATION.can(State.OPEN, State.DECLINED)
    assert not CONVERSATION.can(State.DECLINED, State.REQUEST)
    assert CONVERSATION.states == set(State.values)
