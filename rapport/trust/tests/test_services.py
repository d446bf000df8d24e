"""Trust computed from the real database: messages, history, reports — and kept correct."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, PITCH, connect
from rapport.core.errors import NotFound
from rapport.members.services import education_add, profile_update
from rapport.network.selectors import are_connected
from rapport.notifications.models import Notification
from rapport.trust import selectors, services
from rapport.trust.models import TrustScore

pytestmark = pytest.mark.django_db


def view(member, other):
    services.trust_recompute(member=member)
    return TrustScore.objects.get(member=member, other=other)


def texts(row, part):
    return [r["text"] for r in row.reasons if r["part"] == part]


def test_a_conversation_both_sides_wrote_raises_rapport_and_joins_the_a_network(ada, ben):
    connect(ada, ben, days_ago=100)
    before = view(ada, ben)
    assert not before.a_network and before.rapport == 0
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
    messaging.message_send(sender=ben, recipient=ada, text="Thanks Ada, the slides help a lot.")
    after = view(ada, ben)
    assert after.rapport > before.rapport and after.a_network and after.reciprocated
    assert after.credibility == before.credibility and after.risk == before.risk
    assert any("both written" in t for t in texts(after, "rapport"))
    assert any("within a week" in t for t in texts(after, "rapport"))
    assert after.last_contact_at is not None


def test_overlapping_tenure_and_school_years_raise_credibility(ada, ben):
    connect(ada, ben, days_ago=100)
    plain = view(ada, ben)
    for member, start, end in (
        (ada, dt.date(2018, 1, 1), dt.date(2021, 6, 1)),
        (ben, dt.date(2020, 3, 1), None),
    ):
        position_add(
            member=member,
            company_name="Engines Ltd",
            title="Analyst",
            started_on=start,
            ended_on=end,
            is_current=end is None,
        )
    education_add(member=ada, school_name="University of Ibadan", start_year=2010, end_year=2014)
    education_add(member=ben, school_name="University of Ibadan", start_year=2012, end_year=2016)
    shared = view(ada, ben)
    assert shared.credibility > plain.credibility and shared.rapport == plain.rapport
    assert "Worked together: Engines Ltd (2020–2021)" in texts(shared, "credibility")
    assert "Studied together: University of Ibadan" in texts(shared, "credibility")


def test_the_same_employer_at_different_times_is_not_shared_history(ada, ben):
    connect(ada, ben)
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2010, 1, 1),
        ended_on=dt.date(2012, 1, 1),
    )
    position_add(
        member=ben,
        company_name="Engines Ltd",
        title="Analyst",
        started_on=dt.date(2015, 1, 1),
        is_current=True,
    )
    assert not any("Worked together" in t for t in texts(view(ada, ben), "credibility"))


def test_a_complete_profile_earns_credibility(ada, ben):
    connect(ada, ben)
    sparse = view(ada, ben)
    profile_update(
        member=ben,
        headline="Designer",
        location="Lagos",
        about="I draw forms.",
        skills=["Figma", "Research", "Writing"],
    )
    position_add(
        member=ben,
        company_name="Forms Co",
        title="Designer",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    full = view(ada, ben)
    # +10 complete, +5 the headline ("Designer") agrees with the current title.
    assert full.credibility == sparse.credibility + 15
    assert "A complete profile" in texts(full, "credibility")
    assert "Their headline matches their current position" in texts(full, "credibility")
    profile_update(member=ben, headline="Astronaut")
    assert view(ada, ben).credibility == sparse.credibility + 10


def test_pitches_and_automated_messages_they_sent_me_are_risk_and_suggest_pruning(ada, ben):
    connect(ada, ben)  # an operator's connection: both sides are guarded
    messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    messaging.message_send(
        sender=ben, recipient=ada, text="Hi {first_name}, thanks for connecting!", send_anyway=True
    )
    mine = view(ada, ben)
    assert mine.risk >= 40 and mine.prune
    assert any("sales pitch" in t for t in texts(mine, "risk"))
    assert any("automated" in t for t in texts(mine, "risk"))
    assert [row.other_id for row in selectors.prune_suggestions(ada)] == [ben.pk]
    # Ben's view of Ada carries none of it: risk is what *they* sent *you*.
    assert view(ben, ada).risk == 0


def test_moving_a_filtered_message_to_the_inbox_takes_its_risk_away(ada, ben):
    connect(ada, ben)
    pitch = messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    assert view(ada, ben).risk > 0
    messaging.message_release(member=ada, message_id=pitch.pk)
    assert view(ada, ben).risk == 0


def test_reports_by_others_and_a_restriction_are_risk(ada, ben, chidi):
    from rapport.invitations.tests.factories import tighten

    connect(ada, ben)
    tighten(restrict_negatives=2)
    victims = [make_member(f"victim{i}", f"Victim {i}") for i in range(2)]
    for victim in victims:
        connect(ben, victim)
        sent = messaging.message_send(sender=ben, recipient=victim, text=PITCH, send_anyway=True)
        messaging.message_report(member=victim, message_id=sent.pk)
    risky = view(ada, ben)
    assert any("reported them" in t for t in texts(risky, "risk"))
    assert any("restricted" in t for t in texts(risky, "risk"))


def test_a_removed_connection_leaves_no_score_and_a_deleted_member_takes_theirs(ada, ben, chidi):
    connect(ada, ben)
    connect(ada, chidi)
    services.trust_recompute(member=ada)
    services.trust_recompute(member=ben)
    assert TrustScore.objects.filter(member=ada).count() == 2
    from rapport.network.services import connection_remove

    connection_remove(member=ada, other=ben)
    assert not TrustScore.objects.filter(member__in=[ada, ben], other__in=[ada, ben]).exists()
    services.trust_recompute(member=ada)  # idempotent after the change, too
    assert list(TrustScore.objects.filter(member=ada).values_list("other", flat=True)) == [chidi.pk]
    chidi.delete()
    assert not TrustScore.objects.filter(member=ada).exists()


def test_pruning_is_silent_and_only_for_a_connection(ada, ben, chidi):
    connect(ada, ben)
    services.trust_recompute(member=ada)
    notes_before = Notification.objects.filter(recipient=ben).count()
    services.connection_prune(member=ada, other=ben)
    assert not are_connected(ada.pk, ben.pk)
    assert Notification.objects.filter(recipient=ben).count() == notes_before
    with pytest.raises(NotFound) as refused:
        services.connection_prune(member=ada, other=chidi)
    assert refused.value.code == "trust.not_connected"


def test_recomputing_is_idempotent(ada, ben):
    connect(ada, ben)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE)
    now = timezone.now()
    services.trust_recompute(member=ada, now=now)
    first = list(TrustScore.objects.filter(member=ada).values())
    services.trust_recompute(member=ada, now=now)
    assert list(TrustScore.objects.filter(member=ada).values()) == first


def test_a_year_without_contact_is_found_by_the_quiet_filter(ada, ben, chidi):
    connect(ada, ben, days_ago=900)
    connect(ada, chidi, days_ago=900)
    old = timezone.now() - dt.timedelta(days=500)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE, now=old)
    messaging.message_send(sender=ada, recipient=chidi, text=GENUINE)
    services.trust_recompute(member=ada)
    quiet = selectors.my_network(ada, selectors.NetworkQuery(quiet=True))
    assert [row.other_id for row in quiet] == [ben.pk]


def test_a_pitch_is_contact_but_builds_no_rapport(ada, ben):
    connect(ada, ben)
    messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True)
    row = view(ada, ben)
    assert row.rapport == 0 and row.last_contact_at is None
    assert "You have never exchanged a message" in texts(row, "rapport")
    assert row.prune
