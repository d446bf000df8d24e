"""The invitation limits as one object, read from the community's limits (core/limits.py)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from rapport.core.limits import REGISTRY, current


@dataclass(frozen=True)
class Policy:
    weekly_cap: int
    daily_cap: int
    window_days: int
    throttle_rate: float
    throttle_min_decided: int
    throttled_weekly_cap: int
    restrict_negatives: int
    restriction_days: int
    expiry_days: int
    cooldown_days: int
    thread_limit: int


def _policy(values: dict[str, float]) -> Policy:
    return Policy(**{f.name: values[f"invitations.{f.name}"] for f in fields(Policy)})  # type: ignore[arg-type]


def policy() -> Policy:
    """The limits in force now: set by an operator, fixed by the environment, or default."""
    return _policy(current())


def policy_defaults() -> Policy:
    """The declared defaults, whatever an operator changed (the demo plans with these)."""
    return _policy({name: limit.default for name, limit in REGISTRY.items()})
