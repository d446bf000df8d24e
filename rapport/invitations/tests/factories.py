"""Helpers for invitation tests: a clock to pass as `now`, and a policy to tighten."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rapport.accounts.tests.factories import make_member
from rapport.invitations.models import Policy

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def tighten(**limits: Any) -> Policy:
    policy, _ = Policy.objects.get_or_create(pk=1)
    for name, value in limits.items():
        setattr(policy, name, value)
    policy.save()
    return policy


def crowd(prefix: str, n: int) -> list[Any]:
    return [make_member(f"{prefix}{i}", f"{prefix.title()} Person{i}") for i in range(n)]
