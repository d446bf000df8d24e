"""Allowance slots taken at once, with nothing else serialising the takers: the
conditional update alone must keep the cap (the services also lock the member's row;
this is the layer below them)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import LimitReached
from rapport.invitations.tests.test_concurrency import run_together
from rapport.limits.models import QuotaSlot
from rapport.limits.registry import KINDS
from rapport.limits.services import slot_take, slots_take

pytestmark = pytest.mark.django_db(transaction=True)
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def take(member, cap, now):
    with transaction.atomic():
        slot_take(member=member, kind="day", cap=cap, now=now)
    return True


def test_takers_at_once_never_exceed_the_cap():
    # On PostgreSQL this is the conditional update's test (it re-checks `used_at < start`
    # on a row another transaction just took); SQLite runs one writer at a time anyway.
    member = make_member("burst", "Burst Taker")
    take(member, 3, T0 - dt.timedelta(days=3))  # the slots exist: the race is for them
    results = run_together([(lambda: take(member, 3, T0)) for _ in range(8)])
    taken = [r for r in results if r is True]
    refused = [r for r in results if isinstance(r, LimitReached)]
    assert len(taken) == 3 and len(refused) == 5, results
    assert QuotaSlot.objects.filter(member=member, kind="day", used_at=T0).count() == 3


def test_a_lowered_cap_waits_for_the_slots_above_it_to_age_out():
    member = make_member("lowered", "Lowered Cap")
    take(member, 5, T0)
    take(member, 5, T0 + dt.timedelta(minutes=1))  # slots 0 and 1
    for minute in range(3):  # slots 2–4, later the same day
        take(member, 5, T0 + dt.timedelta(hours=20, minutes=minute))
    # A day and an hour on, slots 0 and 1 are free again, but 2–4 (above the lowered cap
    # of 2) were used within the day: the cap is used up until they age out.
    with pytest.raises(LimitReached):
        take(member, 2, T0 + dt.timedelta(days=1, hours=1))
    assert take(member, 2, T0 + dt.timedelta(days=2))  # all aged out
    # A raised cap: the missing slots are made when the existing ones are used up.
    later = T0 + dt.timedelta(days=3)
    for minute in range(7):
        assert take(member, 7, later + dt.timedelta(minutes=minute))
    with pytest.raises(LimitReached):
        take(member, 7, later + dt.timedelta(minutes=8))
    assert QuotaSlot.objects.filter(member=member, kind="day").count() == 7


def take_both(member, day_cap, week_cap, now):
    with transaction.atomic():
        slots_take(member=member, wants=[("day", day_cap), ("week", week_cap)], now=now)
    return True


def test_both_allowances_are_taken_in_one_statement_or_not_at_all():
    member = make_member("both", "Both Kinds")
    assert take_both(member, 3, 2, T0)  # first use: the slots are made
    with CaptureQueriesContext(connection) as captured:
        assert take_both(member, 3, 2, T0 + dt.timedelta(minutes=1))
    updates = [q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    used = QuotaSlot.objects.filter(member=member, used_at__gte=T0)
    assert used.filter(kind="day").count() == 2 and used.filter(kind="week").count() == 2
    # The week is used up, the day is not: the week's refusal, and no day slot spent.
    with pytest.raises(LimitReached) as refused:
        take_both(member, 3, 2, T0 + dt.timedelta(minutes=2))
    assert refused.value.code == KINDS["week"].refusal
    assert used.filter(kind="day").count() == 2
    # Both used up: the day's refusal comes first, as taking them one by one gives.
    with pytest.raises(LimitReached) as refused:
        take_both(member, 2, 2, T0 + dt.timedelta(minutes=3))
    assert refused.value.code == KINDS["day"].refusal
