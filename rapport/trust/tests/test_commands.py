"""The trust commands an operator runs."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from rapport.conversations.tests.factories import connect
from rapport.trust.models import IntroductionState, TrustScore
from rapport.trust.tests.factories import ask, chain

pytestmark = pytest.mark.django_db


def test_trust_recompute_for_everyone_or_named_members(ada, ben, chidi):
    connect(ada, ben)
    connect(ben, chidi)
    out = StringIO()
    call_command("trust-recompute", "ada", stdout=out)
    assert "recomputed 1 scores for 1 members" in out.getvalue()
    call_command("trust-recompute", stdout=StringIO())
    assert TrustScore.objects.count() == 4
    with pytest.raises(CommandError, match="nobody"):
        call_command("trust-recompute", "nobody")


def test_housekeeping_times_out_overdue_hops(ada, ben, chidi):
    chain(ada, ben, chidi)
    intro = ask(ada, chidi, [ada, ben, chidi], now=timezone.now() - dt.timedelta(days=30))
    out = StringIO()
    call_command("introductions-housekeeping", stdout=out)
    assert "timed out 1" in out.getvalue()
    intro.refresh_from_db()
    assert intro.state == IntroductionState.STOPPED
