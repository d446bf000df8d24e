"""Sentences about time in trust and introductions: true, and worded for their range.

Issue 11: "You have not talked with Ada in 0 days" minutes after they talked. The clock
is passed in (`now=`), as everywhere in Rapport, so each range is tested at a fixed time.
"""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as messaging
from rapport.conversations.tests.factories import GENUINE, connect
from rapport.trust import selectors, services
from rapport.trust.models import TrustScore
from rapport.trust.scoring import PairFacts, ago, contact_text, span, trust_of

NOW = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)

RANGES = [
    (5 * MINUTE, "today", "less than a day"),
    (14 * dt.timedelta(hours=1), "today", "less than a day"),  # 01:00 the same day
    (16 * dt.timedelta(hours=1), "yesterday", "a day"),  # 23:00 the day before
    (DAY + 5 * MINUTE, "yesterday", "a day"),
    (2 * DAY, "2 days ago", "2 days"),
    (45 * DAY, "45 days ago", "45 days"),
    (60 * DAY, "2 months ago", "2 months"),
    (200 * DAY, "6 months ago", "6 months"),
    (365 * DAY, "12 months ago", "12 months"),
    (366 * DAY, "over a year ago", "over a year"),
    (3000 * DAY, "over a year ago", "over a year"),
    (-5 * MINUTE, "today", "less than a day"),  # a clock a little behind: never "-1 days"
]


@pytest.mark.parametrize(("before", "said_ago", "said_span"), RANGES)
def test_time_since_is_worded_for_its_range(before, said_ago, said_span):
    assert ago(NOW - before, NOW) == said_ago
    assert span(NOW - before, NOW) == said_span


@pytest.mark.parametrize(
    ("before", "reason"),
    [
        (5 * MINUTE, "Last contact today"),
        (DAY + MINUTE, "Last contact yesterday"),
        (12 * DAY, "Last contact 12 days ago"),
        (200 * DAY, "Last contact 6 months ago"),
        (800 * DAY, "No contact in over a year"),
        (None, "You have never exchanged a message"),
    ],
)
def test_the_trust_reason_about_last_contact_is_worded_for_its_range(before, reason):
    last = None if before is None else NOW - before
    facts = PairFacts(connected_at=NOW - 900 * DAY, last_contact_at=last)
    texts = [r.text for r in trust_of(facts, now=NOW).reasons]
    assert reason in texts
    assert contact_text(last, NOW) == reason
    assert not any("0 days" in t or "1 days" in t for t in texts)


@pytest.fixture
def zoe(db):
    return make_member("zoe", "Zoe Adeyemi")


def weak_first_hop(zoe: User, ada: User, ben: User, *, talked: dt.timedelta | None) -> None:
    """Zoe knows Ada (who knows Ben) and has only written to her herself, so from Zoe's
    side the tie is weak however recently she wrote; Ada and Ben have really talked."""
    connect(zoe, ada)
    connect(ada, ben)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE, now=NOW - DAY)
    messaging.message_send(sender=ben, recipient=ada, text="Thanks, useful.", now=NOW - DAY)
    if talked is not None:
        messaging.message_send(sender=zoe, recipient=ada, text=GENUINE, now=NOW - talked)
    for member in (zoe, ada):
        services.trust_recompute(member=member, now=NOW)


@pytest.mark.parametrize(
    ("talked", "warning"),
    [
        (5 * MINUTE, "You talked with Ada today, but your trust in them is low."),
        (DAY + MINUTE, "You talked with Ada yesterday, but your trust in them is low."),
        (12 * DAY, "You talked with Ada 12 days ago, but your trust in them is low."),
        (200 * DAY, "You have not talked with Ada in 6 months."),
        (800 * DAY, "You have not talked with Ada in over a year."),
        (None, "You have never exchanged a message with Ada."),
    ],
)
def test_a_weak_first_hop_is_explained_truly_for_each_range(zoe, ada, ben, talked, warning):
    weak_first_hop(zoe, ada, ben, talked=talked)
    (proposal,) = selectors.path_proposals(zoe, ben, now=NOW)
    assert proposal.weak
    assert proposal.warnings == [warning]


def test_a_first_hop_whose_trust_is_not_worked_out_yet_is_not_said_to_be_silent(zoe, ada, ben):
    weak_first_hop(zoe, ada, ben, talked=5 * MINUTE)
    TrustScore.objects.filter(member=zoe).delete()  # the job has not run yet
    (proposal,) = selectors.path_proposals(zoe, ben, now=NOW)
    assert proposal.warnings == ["Rapport has not yet worked out your trust in Ada."]


def test_stored_reasons_are_worded_when_read_not_when_computed(zoe, ada):
    connect(zoe, ada)
    messaging.message_send(sender=zoe, recipient=ada, text=GENUINE, now=NOW - 5 * MINUTE)
    services.trust_recompute(member=zoe, now=NOW)
    row = selectors.trust_of_connection(zoe, ada)
    assert "Last contact today" in [r["text"] for r in row.reasons_at(NOW)]
    # The nightly refresh has not run: the same row, read two days later, is still true.
    later = [r["text"] for r in row.reasons_at(NOW + 2 * DAY)]
    assert "Last contact 2 days ago" in later and "Last contact today" not in later
    # Only the sentence about time is worded again: points and every other reason stay.
    changed = [
        (old, new)
        for old, new in zip(row.reasons, row.reasons_at(NOW + 2 * DAY), strict=True)
        if old != new
    ]
    assert [(old["text"], new["text"]) for old, new in changed] == [
        ("Last contact today", "Last contact 2 days ago")
    ]
    assert all(old["points"] == new["points"] for old, new in changed)


def test_a_weak_hop_further_along_is_said_to_be_weak_not_silent(zoe, ada, ben):
    from rapport.conversations.tests.factories import PITCH

    connect(zoe, ada)
    connect(ada, ben)
    messaging.message_send(sender=zoe, recipient=ada, text=GENUINE, now=NOW - DAY)
    messaging.message_send(sender=ada, recipient=zoe, text="Thanks, useful.", now=NOW - DAY)
    # Ada and Ben were in touch today, yet Ben pitched her: a weak tie, not a silent one.
    messaging.message_send(sender=ben, recipient=ada, text=PITCH, send_anyway=True, now=NOW)
    messaging.message_send(sender=ada, recipient=ben, text=GENUINE, now=NOW)
    for member in (zoe, ada):
        services.trust_recompute(member=member, now=NOW)
    (proposal,) = selectors.path_proposals(zoe, ben, now=NOW)
    assert proposal.weak
    assert proposal.warnings == ["Ada Lovelace has only a weak tie with Ben."]
