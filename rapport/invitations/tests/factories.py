"""Helpers for invitation tests: a clock to pass as `now`, and a policy to tighten."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapport.accounts.tests.factories import make_member
from rapport.invitations.selectors.policy import Policy, policy
from rapport.limits.services import limits_set

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def tighten(**limits: Any) -> Policy:
    limits_set(by=None, changes={f"invitations.{name}": v for name, v in limits.items()})
    return policy()


def crowd(prefix: str, n: int) -> list[Any]:
    return [make_member(f"{prefix}{i}", f"{prefix.title()} Person{i}") for i in range(n)]
