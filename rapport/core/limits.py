"""Every limit a community may tune, declared once, read from one place.

Each capability declares its own limits in its `limits.py` (found when the apps load):
a name, a default, a unit, bounds and one sentence of what it does. Operators change
them on the limits page or with `rapport limits set NAME VALUE` (the `limits` app,
which validates and audits); the environment may fix any of them at start-up, and then
it wins over the stored value. Reads are cached per process for a few seconds, so a
change made on one server reaches the others that quickly, and at once in the process
that made it.

The registry lives in `core` because every layer has limits, the account itself
included (tokens per member); the stored values are `LimitValue` rows.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# How long one process trusts what it read; a change elsewhere shows up within this.
CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class Limit:
    name: str  # "capability.what", e.g. "invitations.weekly_cap"
    default: float
    unit: str  # what one of it counts: "invitations", "days", "per cent"
    says: str  # one sentence, for the operator who changes it
    minimum: float = 0
    maximum: float = 1_000_000
    whole: bool = True  # a count; False for a fraction such as a rate
    env: str = ""  # the environment variable that fixes it at start-up

    @property
    def capability(self) -> str:
        return self.name.split(".", 1)[0]

    def parse(self, raw: object) -> float:
        """The value as this limit holds it, or ValueError with a sentence saying why not."""
        text = str(raw).strip()
        try:
            number = int(text) if self.whole else float(text)
        except ValueError:
            kind = "a whole number" if self.whole else "a number"
            raise ValueError(f"{self.name} takes {kind}, not {text[:40]!r}.") from None
        if number != number or not self.minimum <= number <= self.maximum:  # NaN too
            raise ValueError(
                f"{self.name} must be between {_show(self.minimum)} and {_show(self.maximum)}."
            )
        return number


@dataclass(frozen=True)
class Rule:
    """A condition between limits (a throttled cap below the normal one)."""

    names: tuple[str, ...]
    holds: Callable[[Mapping[str, float]], bool]
    message: str


REGISTRY: dict[str, Limit] = {}
RULES: list[Rule] = []
# Values the environment fixed when the process started: name → value.
_FIXED: dict[str, float] = {}
_lock = threading.Lock()
_cache: tuple[float, dict[str, float]] | None = None


def _show(number: float) -> str:
    return f"{number:g}"


def declare(*limits: Limit) -> None:
    for limit in limits:
        if limit.name in REGISTRY and REGISTRY[limit.name] != limit:
            raise ImproperlyConfigured(f"The limit {limit.name} is declared twice.")
        REGISTRY[limit.name] = limit
        limit.parse(limit.default)  # a default outside its own bounds is a bug
        raw = os.environ.get(limit.env) if limit.env else None
        if raw not in (None, ""):
            try:
                _FIXED[limit.name] = limit.parse(raw)
            except ValueError as exc:
                raise ImproperlyConfigured(f"{limit.env}: {exc}") from None


def rule(names: Iterable[str], holds: Callable[[Mapping[str, float]], bool], message: str) -> None:
    RULES.append(Rule(tuple(names), holds, message))


def fixed_by_environment(name: str) -> bool:
    return name in _FIXED


def broken_rules(values: Mapping[str, float]) -> list[str]:
    """The messages of the rules `values` (every limit's value) would break."""
    return [r.message for r in RULES if not r.holds(values)]


def _stored() -> dict[str, float]:
    from rapport.core.models import LimitValue

    return dict(LimitValue.objects.values_list("name", "value"))


def current() -> dict[str, float]:
    """Every declared limit's value now: the environment's, else the stored, else the default."""
    global _cache
    now = time.monotonic()
    cached = _cache
    if cached is None or cached[0] <= now:
        stored = _stored()
        values = {}
        for name, limit in REGISTRY.items():
            number = _FIXED.get(name, stored.get(name, limit.default))
            values[name] = int(number) if limit.whole else float(number)
        cached = (now + CACHE_SECONDS, values)
        with _lock:
            _cache = cached
    return cached[1]


def value(name: str) -> int:
    """A whole-number limit, e.g. `value("conversations.message_requests_per_week")`."""
    return int(current()[name])


def forget() -> None:
    """Drop this process's cached values (after a change, and between tests)."""
    global _cache
    with _lock:
        _cache = None
