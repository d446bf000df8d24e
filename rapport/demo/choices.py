"""Weighted choices that depend only on the seed.

Everything random in the demo goes through a `random.Random` the generator
owns, over tuples and lists in a written order; nothing iterates a set or a
dict to choose, so the same seed always yields the same community.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed population with weights, ready for many cheap draws (a bisect each)."""

    __slots__ = ("_cum", "_total", "items")

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        assert len(items) == len(weights)
        self.items = tuple(items)
        self._cum = list(accumulate(weights))
        self._total = self._cum[-1] if self._cum else 0.0

    def __len__(self) -> int:
        return len(self.items)

    def pick(self, rng: Random) -> T:
        if self._total <= 0:
            raise ValueError("nothing to choose from")
        position = bisect_right(self._cum, rng.random() * self._total)
        return self.items[min(position, len(self.items) - 1)]


def weighted_sample(rng: Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """k distinct items, heavier ones likelier, in the order given (Efraimidis–Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / w), n) for n, w in enumerate(weights)]
    chosen = sorted(n for _, n in sorted(keyed, reverse=True)[:k])
    return [items[n] for n in chosen]


def chance(rng: Random, probability: float) -> bool:
    return rng.random() < probability
