"""Introduction limits hold under concurrent requests: real threads, the real database."""

from __future__ import annotations

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.conversations.tests.factories import connect
from rapport.core.errors import RapportError
from rapport.invitations.tests.test_concurrency import run_together
from rapport.network import graph
from rapport.trust.models import Introduction, IntroductionState
from rapport.trust.tests.factories import ask

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_requests_never_exceed_the_open_cap(limit, settings):
    limit("trust.introductions_open_per_member", 2)
    asker, hub = make_member("asker", "Asker One"), make_member("hub", "Hub Person")
    connect(asker, hub)
    targets = [make_member(f"target{i}", f"Target {i}") for i in range(6)]
    for t in targets:
        connect(hub, t)
    # The graph index is fresh to within its refresh interval, and while one thread
    # refreshes it the others answer from the index they have (decision 0008): read it
    # once here so every thread sees these connections and only the cap is under test.
    graph.index()
    results = run_together([lambda t=t: ask(asker, t, [asker, hub, t]) for t in targets])
    made = [r for r in results if isinstance(r, Introduction)]
    refused = [r for r in results if isinstance(r, RapportError)]
    assert len(made) == 2, results
    assert {e.code for e in refused} == {"introduction.open_limit"}
    assert Introduction.objects.filter(state=IntroductionState.PENDING).count() == 2


def test_simultaneous_answers_by_the_same_hop_count_once():
    from rapport.trust import services

    asker, hub, target = (make_member(h, h.title()) for h in ("asker2", "hub2", "target2"))
    connect(asker, hub)
    connect(hub, target)
    intro = ask(asker, target, [asker, hub, target])
    results = run_together(
        [
            lambda: services.introduction_forward(
                member=hub, introduction_id=intro.pk, note="Gladly."
            ),
            lambda: services.introduction_decline(member=hub, introduction_id=intro.pk),
        ]
    )
    assert sum(isinstance(r, Introduction) for r in results) == 1, results
    assert sum(isinstance(r, RapportError) for r in results) == 1, results
