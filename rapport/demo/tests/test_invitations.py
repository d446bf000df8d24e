"""`rapport demo` loads invitations the site itself reads back the same way."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from rapport.accounts.models import User
from rapport.demo.plan import ADA, BEN
from rapport.invitations.coach import analyze_note
from rapport.invitations.limits import WEEK
from rapport.invitations.models import (
    Appeal,
    AppealState,
    Invitation,
    InvitationMessage,
    State,
)
from rapport.invitations.selectors import bands_for, inbox, note_context, standing_for
from rapport.invitations.states import NEGATIVE
from rapport.limits.models import QuotaSlot, Standing
from rapport.network.models import Connection, ConnectionSource
from rapport.network.selectors import are_connected

SIZE = 100
SEED = 3

pytestmark = pytest.mark.django_db


@pytest.fixture
def summary() -> str:
    out = StringIO()
    # Invitations are loaded with the community; messages and trust are not needed here.
    call_command("demo", members=SIZE, seed=SEED, stdout=out, without_activity=True)
    return out.getvalue()


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def test_every_state_is_loaded_and_the_summary_counts_them(summary: str) -> None:
    counts = dict(Invitation.objects.values_list("state").annotate(n=Count("pk")))
    assert set(counts) == set(State.values)
    line = re.search(r"([\d,]+) invitations \((.*?)\); ([\d,]+) senders \((.*?)\)", summary)
    assert line is not None
    assert int(line.group(1).replace(",", "")) == Invitation.objects.count()
    assert f"{counts[State.PENDING]} pending" in line.group(2)
    assert re.fullmatch(r"\d+ good, \d+ fair, \d+ poor", line.group(4))


def test_every_standing_band_is_present(summary: str) -> None:
    senders = sorted(set(Invitation.objects.values_list("sender_id", flat=True)))
    bands = bands_for(senders)
    assert set(bands.values()) == {"good", "fair", "poor"}
    # Most senders are in good standing; the demo's parts are the exceptions.
    assert list(bands.values()).count("good") > len(senders) / 2
    for member in User.objects.filter(pk__in=senders):
        assert standing_for(member).band == bands[member.pk], member.handle


def test_restricted_senders_lift_30_days_after_their_last_refusal(summary: str) -> None:
    now = timezone.now()
    restricted = Standing.objects.filter(restricted_until__gt=now).select_related("member")
    assert restricted.count() >= 1
    for stored in restricted:
        report = standing_for(stored.member)
        assert report.restricted and report.band == "poor"
        assert report.negatives >= report.policy.restrict_negatives
        assert report.last_negative_at is not None
        assert stored.restricted_until == report.last_negative_at + dt.timedelta(
            days=report.policy.restriction_days
        )
        assert stored.restricted_at is not None and stored.restricted_at <= now


def test_a_collector_is_throttled(summary: str) -> None:
    throttled = [
        s.member
        for s in Standing.objects.select_related("member")
        if standing_for(s.member).throttled
    ]
    assert throttled
    for member in throttled:
        report = standing_for(member)
        assert report.decided >= 20 and report.rate is not None and report.rate < 0.3
        assert Standing.objects.get(member=member).throttled_since is not None


def test_an_appeal_waits_from_a_limited_sender(summary: str) -> None:
    appeal = Appeal.objects.get(state=AppealState.PENDING)
    report = standing_for(appeal.member)
    assert report.restricted or report.throttled


def test_stored_coach_verdicts_match_the_coach(summary: str) -> None:
    sample = Invitation.objects.select_related("sender", "recipient").order_by("pk")[::3]
    assert len(sample) > 50
    for invitation in sample:
        verdict = analyze_note(
            invitation.note, note_context(sender=invitation.sender, recipient=invitation.recipient)
        )
        assert (
            invitation.note_is_default,
            invitation.note_is_pitch,
            invitation.note_personalization,
        ) == (verdict.default_text, verdict.pitch, verdict.personalization), invitation.note


def test_only_the_accepted_invitation_joins_connected_members(summary: str) -> None:
    connected = {
        _pair(low, high): (source, created)
        for low, high, source, created in Connection.objects.values_list(
            "member_low_id", "member_high_id", "source", "created_at"
        )
    }
    accepted = set()
    for sender, recipient, state, created, decided in Invitation.objects.values_list(
        "sender_id", "recipient_id", "state", "created_at", "decided_at"
    ):
        pair = _pair(sender, recipient)
        if state == State.ACCEPTED:
            source, made = connected[pair]
            assert source == ConnectionSource.INVITATION
            assert made == decided and created < made
            accepted.add(pair)
        else:
            assert pair not in connected
    by_invitation = {p for p, (source, _) in connected.items() if source == "invitation"}
    assert by_invitation == accepted and accepted


def test_rows_keep_the_rules_of_time(summary: str) -> None:
    now = timezone.now()
    assert not Invitation.objects.filter(decided_at__lte=F("created_at")).exists()
    assert not Invitation.objects.filter(created_at__lt=now - dt.timedelta(days=120)).exists()
    assert not Invitation.objects.filter(
        state=State.EXPIRED, created_at__gt=now - dt.timedelta(days=90)
    ).exists()
    assert not Invitation.objects.filter(
        state=State.PENDING, created_at__lt=now - dt.timedelta(days=90)
    ).exists()
    # One invitation per pair, so history never forbids a planned one.
    pairs = Invitation.objects.values_list("sender_id", "recipient_id")
    assert len({_pair(a, b) for a, b in pairs}) == len(pairs)


def test_threads_are_asked_by_the_recipient_and_answered_by_the_sender(summary: str) -> None:
    threaded = Invitation.objects.filter(messages__isnull=False).distinct()
    assert threaded.exists()
    for invitation in threaded:
        authors = list(invitation.messages.values_list("author_id", flat=True))
        assert invitation.state == State.PENDING
        assert authors == [invitation.recipient_id, invitation.sender_id][: len(authors)]
    assert not InvitationMessage.objects.filter(
        created_at__lte=F("invitation__created_at")
    ).exists()


def test_the_demo_log_ins_find_a_mixed_inbox_sorted_best_first(summary: str) -> None:
    for login in (ADA, BEN):
        member = User.objects.get(email=login.email)
        cards = inbox(member)
        assert len(cards) >= 4, login.email
        assert any(c.coach.default_text for c in cards)
        assert any(c.coach.pitch for c in cards)
        assert any(c.coach.personalization >= 70 for c in cards)
        assert any(c.messages for c in cards)
        assert [c.invitation.pk for c in cards] != [
            c.invitation.pk for c in inbox(member, sort="newest")
        ]
        assert {c.band for c in cards} >= {"good", "poor"}
        assert not any(are_connected(member.pk, c.invitation.sender_id) for c in cards)


def test_the_demo_log_ins_have_a_standing_page_to_show(summary: str) -> None:
    ada = standing_for(User.objects.get(email=ADA.email))
    ben = standing_for(User.objects.get(email=BEN.email))
    assert ada.band == "good" and ada.pending and ada.warnings
    assert ben.band == "fair" and ben.decided >= 5 and ben.pending
    assert ada.weekly.left < ada.weekly_cap or ben.weekly.left < ben.weekly_cap


def test_recent_sends_took_quota_slots(summary: str) -> None:
    week = timezone.now() - dt.timedelta(days=7)
    recent = (
        Invitation.objects.filter(created_at__gt=week).values("sender_id").annotate(n=Count("pk"))
    )
    slots = dict(
        QuotaSlot.objects.filter(kind=WEEK, used_at__gt=week)
        .values_list("member_id")
        .annotate(n=Count("pk"))
    )
    assert recent
    assert {r["sender_id"]: r["n"] for r in recent} == slots


def test_negative_answers_come_from_distinct_recipients_for_restricted_senders(
    summary: str,
) -> None:
    restricted = Standing.objects.filter(restricted_until__isnull=False)
    for stored in restricted:
        refusals = Invitation.objects.filter(sender=stored.member_id, state__in=NEGATIVE)
        assert refusals.values("recipient").distinct().count() == refusals.count()
    assert not Invitation.objects.filter(~Q(state=State.PENDING), decided_at__isnull=True).exists()
