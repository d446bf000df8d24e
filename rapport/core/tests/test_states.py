from types import SimpleNamespace

import pytest

from rapport.core.errors import Conflict
from rapport.core.states import StateMachine

MACHINE = StateMachine.declare(
    "thing", initial="new", transitions={"new": {"done", "dropped"}, "done": set()}
)


def test_declared_states_include_targets_and_finals():
    assert MACHINE.states == {"new", "done", "dropped"}
    assert MACHINE.is_final("done") and MACHINE.is_final("dropped")
    assert not MACHINE.is_final("new")


def test_allowed_transition_changes_state():
    obj = SimpleNamespace(state="new")
    MACHINE.transition(obj, "done")
    assert obj.state == "done"


def test_refused_transition_raises_stable_code_and_keeps_state():
    obj = SimpleNamespace(state="done")
    with pytest.raises(Conflict) as exc:
        MACHINE.transition(obj, "dropped")
    assert exc.value.code == "thing.bad_transition"
    assert obj.state == "done"


def test_unknown_target_is_a_programming_error():
    with pytest.raises(ValueError):
        MACHINE.transition(SimpleNamespace(state="new"), "flying")


def test_initial_state_must_be_declared():
    with pytest.raises(ValueError):
        StateMachine.declare("bad", initial="nowhere", transitions={"a": {"b"}})
