"""The demo community's trust and introductions: what the demo log-ins find."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from rapport.accounts.models import User
from rapport.trust import selectors
from rapport.trust.models import Introduction, IntroductionState, StepState

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_and_b_networks_risky_connections_and_introductions_in_every_state():
    out = StringIO()
    call_command("demo", members=100, seed=7, stdout=out)
    assert "trust scores" in out.getvalue()
    ada = User.objects.get(handle="ada")
    sizes = selectors.network_sizes(ada)
    assert sizes.a >= 3 and sizes.b >= 10 and sizes.prune >= 1
    states = set(Introduction.objects.values_list("state", flat=True))
    assert states == set(IntroductionState.values)
    groups = selectors.introductions_of(ada)
    assert len(groups["mine"]) >= 6 and groups["to_answer"]
    ben = User.objects.get(handle="ben")
    assert any(v.role == "target" for v in selectors.introductions_of(ben)["to_answer"])
    assert Introduction.objects.filter(steps__state=StepState.TIMED_OUT).exists()
    accepted = Introduction.objects.get(state=IntroductionState.ACCEPTED)
    assert accepted.conversation is not None
