"""Declared state machines.

An app with a lifecycle declares its states and allowed transitions once with
`StateMachine`, and changes state only through `StateMachine.transition`, which
refuses anything not declared. The declaration is data, so it can be tested and
drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapport.core.errors import Conflict


@dataclass(frozen=True)
class StateMachine:
    name: str
    transitions: Mapping[str, frozenset[str]]
    initial: str
    _states: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        states = set(self.transitions)
        for targets in self.transitions.values():
            states |= set(targets)
        if self.initial not in states:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not declared")
        object.__setattr__(self, "_states", frozenset(states))

    @classmethod
    def declare(
        cls, name: str, *, initial: str, transitions: Mapping[str, Iterable[str]]
    ) -> StateMachine:
        return cls(
            name=name,
            initial=initial,
            transitions={src: frozenset(dst) for src, dst in transitions.items()},
        )

    @property
    def states(self) -> frozenset[str]:
        return self._states

    def is_final(self, state: str) -> bool:
        return not self.transitions.get(state)

    def can(self, source: str, target: str) -> bool:
        return target in self.transitions.get(source, frozenset())

    def transition(self, obj: object, target: str, *, attr: str = "state") -> None:
        """Move `obj` to `target` in memory, or raise `{name}.bad_transition`.

        The caller saves `obj` inside its own transaction.
        """
        source = getattr(obj, attr)
        if target not in self._states:
            raise ValueError(f"{self.name}: unknown state {target!r}")
        if not self.can(source, target):
            raise Conflict(
                f"This {self.name} is {source} and cannot become {target}.",
                code=f"{self.name}.bad_transition",
            )
        setattr(obj, attr, target)
