"""The trust page: A/B tabs, the quiet filter, reasons on demand, one-click pruning."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, PITCH, connect
from rapport.network.selectors import are_connected
from rapport.trust import services

pytestmark = pytest.mark.django_db


def test_the_page_shows_scores_reasons_and_the_a_b_split(client, ada, ben, chidi):
    connect(ada, ben, days_ago=100)
    connect(ada, chidi, days_ago=100)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
    messaging.message_send(sender=ben, recipient=ada, text="Thank you, Ada.")
    services.trust_recompute(member=ada)
    client.force_login(ada)
    page = client.get(reverse("trust:network")).content.decode()
    assert "Ben Okafor" in page and "Chidi Anagonye" in page
    assert "You have both written" in page
    a_only = client.get(reverse("trust:network") + "?network=a").content.decode()
    assert "Ben Okafor" in a_only and "Chidi Anagonye" not in a_only
    assert client.get(reverse("trust:network") + "?network=x").status_code == 404


def test_pruning_from_the_page(client, ada, ben):
    connect(ada, ben)
    messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    services.trust_recompute(member=ada)
    client.force_login(ada)
    page = client.get(reverse("trust:network")).content.decode()
    assert 'data-testid="prune-row"' in page and "sales pitch" in page
    assert client.get(reverse("trust:prune", args=["ben"])).status_code == 405
    client.post(reverse("trust:prune", args=["ben"]))
    assert not are_connected(ada.pk, ben.pk)


def test_the_page_costs_fixed_queries(client, ada):
    def fill(start, n):
        for i in range(start, start + n):
            other = make_member(f"conn{i}", f"Connection {i}")
            connect(ada, other)
            if i % 2:
                messaging.message_send(sender=other, recipient=ada, text=PITCH, send_anyway=True)
        services.trust_recompute(member=ada)

    client.force_login(ada)
    fill(0, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("trust:network")).status_code == 200
    fill(10, 12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("trust:network")).status_code == 200
    assert len(few) == len(many)


def test_the_page_needs_a_log_in(client):
    response = client.get(reverse("trust:network"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_reason_about_last_contact_is_true_when_the_page_is_read(client, ada, ben):
    import datetime as dt

    from django.utils import timezone

    connect(ada, ben, days_ago=100)
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    messaging.message_send(sender=ben, recipient=ada, text=GENUINE, now=two_days_ago)
    # Computed just after the message; the nightly refresh has not run since.
    services.trust_recompute(member=ada, now=two_days_ago)
    client.force_login(ada)
    page = client.get(reverse("trust:network")).content.decode()
    assert "Last contact 2 days ago" in page
    assert "Last contact today" not in page and "0 days" not in page


def test_the_page_shows_twenty_at_a_time_with_the_filters_kept_in_the_pager(client, ada):
    for i in range(23):
        connect(ada, make_member(f"conn{i}", f"Connection {i:02d}"))
    services.trust_recompute(member=ada)
    client.force_login(ada)
    first = client.get(reverse("trust:network") + "?sort=name").content.decode()
    assert first.count('data-testid="trust-row"') == 20
    assert "Page 1 of 2" in first
    assert 'href="?network=all&amp;sort=name&page=2"' in first
    second = client.get(reverse("trust:network") + "?sort=name&page=2").content.decode()
    assert second.count('data-testid="trust-row"') == 3
    assert "Connection 22" in second and "Connection 00" not in second
