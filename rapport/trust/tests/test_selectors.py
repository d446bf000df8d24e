"""The trust page's reads built once give what the querysets give: every tab, order,
quiet filter and page, with the sizes counted in one query."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, PITCH, connect
from rapport.core.pagination import paginate
from rapport.trust import selectors, services
from rapport.trust.models import TrustScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(ada):
    now = timezone.now()
    for i in range(9):
        other = make_member(f"conn{i}", f"Connection {i}")
        # Pitched at by a new connection: worth pruning; the others are old friends.
        connect(ada, other, **({} if i % 3 == 0 else {"days_ago": 400}))
        if i % 3 == 0:
            messaging.message_send(sender=other, recipient=ada, text=PITCH, send_anyway=True)
        elif i % 3 == 1:
            when = now - dt.timedelta(days=500 if i == 1 else 3)
            messaging.message_send(sender=other, recipient=ada, text=GENUINE, now=when)
            messaging.message_send(sender=ada, recipient=other, text="Thank you!", now=when)
    services.trust_recompute(member=ada)
    # One connection left the site: counted nowhere.
    gone = make_member("gone", "Gone")
    connect(ada, gone)
    services.trust_recompute(member=ada)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    return ada


def test_the_sizes_are_the_querysets_counts_in_one_query(network):
    with CaptureQueriesContext(connection) as captured:
        sizes = selectors.network_sizes(network)
    assert len(captured.captured_queries) == 1
    rows = TrustScore.objects.filter(member=network, other__is_active=True)
    a = rows.filter(a_network=True).count()
    assert (sizes.a, sizes.b, sizes.prune) == (
        a,
        rows.count() - a,
        rows.filter(prune=True).count(),
    )
    assert sizes.prune > 0 and sizes.a > 0 and sizes.b > 0 and sizes.a + sizes.b == 9


def test_every_page_is_the_querysets_page(network):
    sizes = selectors.network_sizes(network)
    now = timezone.now()
    for tab, sort, quiet in itertools.product(selectors.NETWORKS, selectors.SORTS, (False, True)):
        query = selectors.NetworkQuery(network=tab, sort=sort, quiet=quiet)
        for number in (0, 1, 2, 3, 99):
            expected = paginate(selectors.my_network(network, query, now=now), page=number, size=4)
            found = selectors.network_page(
                network, query, page=number, size=4, sizes=sizes, now=now
            )
            assert (found.number, found.total) == (expected.number, expected.total)
            assert [(r.pk, r.other.handle) for r in found.items] == [
                (r.pk, r.other.handle) for r in expected.items
            ]


def test_worth_pruning_is_the_first_suggestions(network):
    expected = list(selectors.prune_suggestions(network)[:2])
    assert [r.pk for r in selectors.worth_pruning(network, limit=2)] == [r.pk for r in expected]
    assert expected
