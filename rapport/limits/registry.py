"""What capabilities register with `limits`: their quota kinds and their objections.

- A **quota kind** is one allowance (invitations a day, message requests a week…): a
  short code stored on `QuotaSlot` rows, the rolling window, and the error code a refusal
  carries. Each capability registers its own in its `limits.py`.
- An **objection source** lists, for some members, who objected to them and when, in a
  capability's own records (invitations: "I don't know this person" and reports).
  Complaints are one source already; together they are what restrictions and trust read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class QuotaKind:
    code: str
    window: dt.timedelta
    label: str
    refusal: str  # the error code when the allowance is used up


KINDS: dict[str, QuotaKind] = {}

# (member ids, since) → (member id, objector id, when) for each objection
ObjectionSource = Callable[[list[int], dt.datetime], Iterable[tuple[int, int, dt.datetime]]]
OBJECTION_SOURCES: list[ObjectionSource] = []


def quota_kind(code: str, *, window: dt.timedelta, label: str, refusal: str) -> str:
    """Register an allowance; returns its code, to pass to `slot_take` and `allowance`."""
    if len(code) > 4:
        raise ImproperlyConfigured(f"A quota kind's code has at most 4 letters: {code!r}.")
    kind = QuotaKind(code, window, label, refusal)
    if KINDS.get(code, kind) != kind:
        raise ImproperlyConfigured(f"The quota kind {code!r} is registered twice.")
    KINDS[code] = kind
    return code


def objection_source(source: ObjectionSource) -> ObjectionSource:
    if source not in OBJECTION_SOURCES:
        OBJECTION_SOURCES.append(source)
    return source
