"""The invitation plan, in memory: reproducible, within the rules, judged by the coach."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from rapport.demo.acquaintances import DAY, Acquaintances
from rapport.demo.generator import community_plan
from rapport.demo.invitation_plan import invitation_plan
from rapport.demo.plan import Community, InvitationPlan
from rapport.invitations.coach import analyze_note
from rapport.invitations.models import HowWeKnow, State

TODAY = dt.date(2025, 6, 17)
SIZE = 150


@pytest.fixture(scope="module")
def community() -> Community:
    return community_plan(size=SIZE, seed=11, today=TODAY)


@pytest.fixture(scope="module")
def plan(community: Community) -> InvitationPlan:
    return invitation_plan(community)


@pytest.fixture(scope="module")
def people(community: Community) -> Acquaintances:
    return Acquaintances(community)


def test_the_same_seed_plans_the_same_invitations(plan: InvitationPlan) -> None:
    again = invitation_plan(community_plan(size=SIZE, seed=11, today=TODAY))
    assert again == plan


def test_another_seed_plans_other_invitations(plan: InvitationPlan) -> None:
    other = invitation_plan(community_plan(size=SIZE, seed=12, today=TODAY))
    assert [(i.sender, i.recipient) for i in other.invitations] != [
        (i.sender, i.recipient) for i in plan.invitations
    ]


def test_every_state_is_planned(plan: InvitationPlan) -> None:
    assert set(Counter(i.state for i in plan.invitations)) == set(State.values)


def test_a_pair_has_one_invitation_and_connected_members_only_the_accepted_one(
    plan: InvitationPlan, people: Acquaintances
) -> None:
    pairs = [i.pair for i in plan.invitations]
    assert len(set(pairs)) == len(pairs)
    for i in plan.invitations:
        assert i.sender != i.recipient
        assert people.connected(i.sender, i.recipient) == (i.state == State.ACCEPTED), i


def test_an_accepted_invitation_was_answered_when_its_connection_was_made(
    plan: InvitationPlan, people: Acquaintances
) -> None:
    accepted = [i for i in plan.invitations if i.state == State.ACCEPTED]
    assert accepted
    for i in accepted:
        assert i.decided_ago == people.connected_for(i.sender, i.recipient)
        assert i.decided_ago is not None and i.created_ago > i.decided_ago


def test_invitations_are_at_most_120_days_old_and_answered_after_they_were_sent(
    plan: InvitationPlan,
) -> None:
    for i in plan.invitations:
        assert 0 < i.created_ago <= 120 * DAY
        assert (i.decided_ago is None) == (i.state == State.PENDING)
        if i.decided_ago is not None:
            assert 0 <= i.decided_ago < i.created_ago
        if i.state == State.EXPIRED:
            assert i.created_ago > 90 * DAY and i.decided_ago is not None
            assert i.created_ago - i.decided_ago >= 90 * DAY
        if i.state == State.PENDING:
            assert i.created_ago < 90 * DAY


def test_notes_come_in_every_quality(plan: InvitationPlan) -> None:
    notes = plan.invitations
    assert any(i.note == "" for i in notes)
    assert any(i.note_is_default and i.note for i in notes)
    assert any(i.note_is_pitch for i in notes)
    personal = [i.note_personalization for i in notes if not i.note_is_default]
    assert any(score >= 70 for score in personal)
    assert any(35 <= score < 70 for score in personal)
    assert any(score < 35 for score in personal)


def test_stored_verdicts_are_the_coachs(plan: InvitationPlan, people: Acquaintances) -> None:
    for i in plan.invitations:
        verdict = analyze_note(i.note, people.note_context(i.sender, i.recipient))
        stored = (i.note_is_default, i.note_is_pitch, i.note_personalization)
        assert stored == (verdict.default_text, verdict.pitch, verdict.personalization), i


def test_how_we_know_is_what_the_two_share(plan: InvitationPlan, people: Acquaintances) -> None:
    seen = Counter(i.how_we_know for i in plan.invitations)
    assert {HowWeKnow.COLLEAGUE, HowWeKnow.MUTUAL, HowWeKnow.NOT_MET} <= set(seen)
    for i in plan.invitations:
        s, r = i.sender, i.recipient
        if i.how_we_know == HowWeKnow.COLLEAGUE:
            assert i.how_detail in people.shared_employers(s, r)
        elif i.how_we_know == HowWeKnow.CLASSMATE:
            assert i.how_detail in people.shared_schools(s, r)
        elif i.how_we_know == HowWeKnow.MUTUAL:
            assert i.mutual in people.mutuals_before(s, r, i.created_ago)
        assert (i.mutual is not None) == (i.how_we_know == HowWeKnow.MUTUAL)
        assert (i.how_we_know == HowWeKnow.NOT_MET) == i.note_is_pitch, i


def test_a_personal_note_names_what_the_pair_really_shares(plan: InvitationPlan) -> None:
    named = [
        i
        for i in plan.invitations
        if i.how_we_know in (HowWeKnow.COLLEAGUE, HowWeKnow.CLASSMATE)
        and i.note_personalization >= 75
    ]
    assert named
    assert all(i.how_detail in i.note for i in named)


def test_threads_start_with_the_recipient_and_only_on_pending_invitations(
    plan: InvitationPlan,
) -> None:
    threads = [i for i in plan.invitations if i.messages]
    assert threads
    for i in threads:
        assert i.state == State.PENDING
        authors = [m.author for m in i.messages]
        assert authors == [i.recipient, i.sender][: len(authors)]
        agos = [m.ago for m in i.messages]
        assert i.created_ago > agos[0] and agos == sorted(agos, reverse=True) and agos[-1] > 0


def test_restricted_spammers_lift_after_their_last_refusal(plan: InvitationPlan) -> None:
    restricted = [s for s in plan.standings if s.restricted_until is not None]
    assert {s.member for s in restricted} == set(plan.roles["spammer"])
    for s in restricted:
        refusals = [
            i.decided_ago
            for i in plan.invitations
            if i.sender == s.member and i.state in (State.DECLINED, State.REPORTED)
        ]
        assert len(refusals) >= 5
        last = min(a for a in refusals if a is not None)
        assert s.restricted_until == last - 30 * DAY < 0
        assert s.restricted_at is not None and s.warned_at is not None
        assert s.warned_at >= s.restricted_at


def test_the_appeal_follows_the_limit_it_appeals(plan: InvitationPlan) -> None:
    (appeal,) = plan.appeals
    stored = next(s for s in plan.standings if s.member == appeal.member)
    since = stored.restricted_at or stored.throttled_since
    assert since is not None and 0 < appeal.ago < since
