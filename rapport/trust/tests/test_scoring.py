"""The arithmetic of trust: each fact moves the part it belongs to, and only that part."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.trust.scoring import PairFacts, trust_of

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
BASE = PairFacts(connected_at=NOW - dt.timedelta(days=400))


def parts(facts: PairFacts) -> tuple[int, int, int]:
    trust = trust_of(facts, now=NOW)
    return trust.rapport, trust.credibility, trust.risk


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ({"sent_by_me": 2, "sent_by_them": 2}, 0),
        ({"sent_by_me": 1}, 0),
        ({"quick_replies": 1}, 0),
        ({"turns": 4}, 0),
        ({"last_contact_at": NOW - dt.timedelta(days=10)}, 0),
        ({"by_invitation": True}, 0),
        ({"worked_together": ["Acme (2019–2021)"]}, 1),
        ({"studied_together": ["Ibadan"]}, 1),
        ({"profile_parts": 5}, 1),
        ({"consistent": True}, 1),
        ({"pitches_to_me": 1}, 2),
        ({"automated_to_me": 1}, 2),
        ({"bulk_to_me": 1}, 2),
        ({"reported_by_me": 1}, 2),
        ({"reported_by_others": 2}, 2),
        ({"restricted": True}, 2),
    ],
)
def test_each_fact_moves_only_its_own_part(change, part):
    before = parts(BASE)
    after = parts(dataclasses.replace(BASE, **change))
    assert after[part] > before[part]
    assert [a for i, a in enumerate(after) if i != part] == [
        b for i, b in enumerate(before) if i != part
    ]


def test_recent_contact_counts_more_than_old_and_a_year_of_silence_counts_nothing():
    recent = parts(dataclasses.replace(BASE, last_contact_at=NOW - dt.timedelta(days=30)))[0]
    older = parts(dataclasses.replace(BASE, last_contact_at=NOW - dt.timedelta(days=200)))[0]
    silent = trust_of(
        dataclasses.replace(BASE, last_contact_at=NOW - dt.timedelta(days=800)), now=NOW
    )
    assert recent > older > silent.rapport == 0
    assert "No contact in over a year" in [r.text for r in silent.reasons]


def test_a_reciprocated_conversation_puts_a_connection_in_the_a_network():
    talked = trust_of(dataclasses.replace(BASE, sent_by_me=1, sent_by_them=1), now=NOW)
    one_sided = trust_of(dataclasses.replace(BASE, sent_by_me=5), now=NOW)
    assert talked.a_network and talked.reciprocated
    assert not one_sided.a_network


def test_a_pitching_stranger_is_a_pruning_candidate_and_a_colleague_is_not():
    pitcher = trust_of(dataclasses.replace(BASE, sent_by_them=1, pitches_to_me=1), now=NOW)
    assert pitcher.prune and pitcher.score == 0
    assert any(r.part == "risk" and "sales pitch" in r.text for r in pitcher.reasons)
    colleague = trust_of(
        dataclasses.replace(
            BASE,
            sent_by_me=3,
            sent_by_them=3,
            quick_replies=2,
            last_contact_at=NOW,
            worked_together=["Acme (2019–2021)"],
            pitches_to_me=1,
        ),
        now=NOW,
    )
    assert not colleague.prune and colleague.score > 0


@given(
    sent_by_me=st.integers(0, 50),
    sent_by_them=st.integers(0, 50),
    turns=st.integers(0, 50),
    profile_parts=st.integers(0, 5),
    pitches=st.integers(0, 10),
    automated=st.integers(0, 10),
    reported=st.integers(0, 10),
    restricted=st.booleans(),
    days=st.one_of(st.none(), st.integers(0, 3000)),
)
def test_scores_stay_in_range_and_the_reasons_add_up(
    sent_by_me, sent_by_them, turns, profile_parts, pitches, automated, reported, restricted, days
):
    facts = dataclasses.replace(
        BASE,
        sent_by_me=sent_by_me,
        sent_by_them=sent_by_them,
        turns=turns,
        quick_replies=turns // 2,
        profile_parts=profile_parts,
        pitches_to_me=pitches,
        automated_to_me=automated,
        reported_by_others=reported,
        restricted=restricted,
        last_contact_at=None if days is None else NOW - dt.timedelta(days=days),
    )
    trust = trust_of(facts, now=NOW)
    assert 0 <= trust.score <= 100
    assert 0 <= trust.rapport <= 60 and 0 <= trust.credibility <= 40 and 0 <= trust.risk <= 100
    for part, value in (("rapport", trust.rapport), ("credibility", trust.credibility)):
        assert value == min(value, sum(r.points for r in trust.reasons if r.part == part))
    assert trust.score == max(0, min(100, trust.rapport + trust.credibility - trust.risk))
