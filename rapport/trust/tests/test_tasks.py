"""Scores follow events through jobs (run immediately in tests), not page-time work."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.companies.services import position_add
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, PITCH, connect
from rapport.trust.models import TrustScore
from rapport.trust.tasks import trust_refresh_about, trust_refresh_pair

pytestmark = pytest.mark.django_db


def score(member, other):
    return TrustScore.objects.filter(member=member, other=other).first()


def test_a_new_connection_and_a_message_update_both_views(
    ada, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        connect(ada, ben)
    assert score(ada, ben) is not None and score(ben, ada) is not None
    assert score(ada, ben).rapport == 0
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
        messaging.message_send(sender=ben, recipient=ada, text="Thank you, that helps.")
    assert score(ada, ben).a_network and score(ben, ada).a_network


def test_a_report_updates_the_reporters_view(ada, ben, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        connect(ada, ben)
        sent = messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    risk_before = score(ada, ben).risk
    with django_capture_on_commit_callbacks(execute=True):
        messaging.message_report(member=ada, message_id=sent.pk)
    assert score(ada, ben).risk > risk_before


def test_a_new_position_updates_shared_history_on_both_sides(
    ada, ben, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        connect(ada, ben)
        position_add(
            member=ada,
            company_name="Engines Ltd",
            title="Analyst",
            started_on=dt.date(2019, 1, 1),
            is_current=True,
        )
    before = score(ben, ada).credibility
    with django_capture_on_commit_callbacks(execute=True):
        position_add(
            member=ben,
            company_name="Engines Ltd",
            title="Designer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    assert score(ben, ada).credibility == before + 20
    assert score(ada, ben).credibility >= 20


def test_the_jobs_are_safe_to_run_twice(ada, ben):
    connect(ada, ben)
    assert trust_refresh_pair.call(ada.pk, ben.pk) == 2
    first = list(TrustScore.objects.order_by("pk").values("member", "other", "score"))
    assert trust_refresh_pair.call(ada.pk, ben.pk) == 2
    assert trust_refresh_about.call(ben.pk) == 1
    assert list(TrustScore.objects.order_by("pk").values("member", "other", "score")) == first
    assert trust_refresh_pair.call(ada.pk, 999_999) == 0  # a member gone meanwhile
