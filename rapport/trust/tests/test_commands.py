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


def test_the_nightly_refresh_recomputes_only_stale_scores(ada, ben, chidi):
    from rapport.trust.services import trust_recompute

    connect(ada, ben)
    connect(chidi, ben)
    trust_recompute(member=ada, now=timezone.now() - dt.timedelta(days=3))
    trust_recompute(member=chidi)
    fresh = TrustScore.objects.get(member=chidi).computed_at
    out = StringIO()
    call_command("trust-recompute", "--stale-hours", "24", stdout=out)
    assert "recomputed 1 members" in out.getvalue()
    assert TrustScore.objects.get(member=ada).computed_at > timezone.now() - dt.timedelta(hours=1)
    assert TrustScore.objects.get(member=chidi).computed_at == fresh
    with pytest.raises(CommandError, match="stale-hours"):
        call_command("trust-recompute", "ada", "--stale-hours", "24")
