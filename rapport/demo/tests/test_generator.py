"""The plan, in memory: reproducible, within the database's rules, clustered and heavy-tailed."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from rapport.accounts.models import HANDLE_PATTERN, ConnectionsVisibility, EmailVisibility
from rapport.accounts.services import RESERVED_HANDLES
from rapport.demo.generator import community_plan, community_stats
from rapport.demo.people import ascii_fold, handle_base
from rapport.demo.plan import ADA, BEN, Community, month_index
from rapport.members.models import OpenTo
from rapport.network.models import ConnectionSource

TODAY = dt.date(2025, 6, 17)


def _fingerprint(community: Community) -> tuple[object, ...]:
    return (
        [
            (
                m.handle,
                m.email,
                m.display_name,
                m.location,
                m.headline,
                m.skills,
                m.open_to,
                m.positions,
                m.education,
                m.connections_visibility,
            )
            for m in community.members
        ],
        community.connections,
        community.companies,
        community.schools,
    )


@pytest.fixture(scope="module")
def community() -> Community:
    return community_plan(size=300, seed=11, today=TODAY)


def test_the_same_seed_and_size_plan_the_same_community(community: Community) -> None:
    again = community_plan(size=300, seed=11, today=TODAY)
    assert _fingerprint(again) == _fingerprint(community)


def test_another_seed_plans_another_community(community: Community) -> None:
    other = community_plan(size=300, seed=12, today=TODAY)
    assert [m.handle for m in other.members] != [m.handle for m in community.members]
    assert {(c.low, c.high) for c in other.connections} != {
        (c.low, c.high) for c in community.connections
    }


def test_handles_fit_the_pattern_are_unique_and_not_reserved(community: Community) -> None:
    handles = [m.handle for m in community.members]
    assert all(re.match(HANDLE_PATTERN, h) for h in handles), handles
    assert len(set(handles)) == len(handles)
    assert not set(handles) & RESERVED_HANDLES


def test_emails_are_unique_lowercase_and_under_example_domains(community: Community) -> None:
    emails = [m.email for m in community.members]
    assert len(set(emails)) == len(emails)
    assert all(e == e.lower() for e in emails)
    assert all(re.search(r"@(example\.(com|org|net)|rapport\.example)$", e) for e in emails)


def test_names_fold_to_ascii_handles() -> None:
    assert ascii_fold("Łukasz Wiśniewski") == "lukasz wisniewski"
    assert handle_base("Søren", "Yılmaz", style=0) == "soren-yilmaz"
    assert handle_base("Daan", "van den Berg", style=1) == "daanvandenberg"
    assert handle_base("Ji-ho", "Kim", style=0) == "ji-ho-kim"


def test_positions_keep_the_database_rules_and_read_like_careers(
    community: Community,
) -> None:
    this_month = month_index(TODAY)
    for m in community.members:
        assert 2 <= len(m.positions) <= 5, m.handle
        for p in m.positions:
            assert p.started_on.day == 1
            assert p.started <= this_month
            assert p.is_current == (p.ended_on is None)
            if p.ended is not None:
                assert p.started <= p.ended <= this_month
                assert p.ended_on is not None and p.ended_on.day == 1
        # One job after another, and only the latest can be current.
        for earlier, later in zip(m.positions, m.positions[1:], strict=False):
            assert earlier.ended is not None and earlier.ended < later.started
        assert [p.level for p in m.positions] == sorted(p.level for p in m.positions)
    current = sum(m.positions[-1].is_current for m in community.members)
    assert 0.8 * len(community.members) <= current < len(community.members)


def test_education_years_are_sane(community: Community) -> None:
    entries = [e for m in community.members for e in m.education]
    assert entries
    assert all(1940 <= e.start_year <= e.end_year <= TODAY.year for e in entries)
    assert {e.school for e in entries} <= {s.slug for s in community.schools}


def test_companies_are_shared_by_many_members(community: Community) -> None:
    staff = Counter(p.company for m in community.members for p in m.positions)
    assert set(staff) <= {c.slug for c in community.companies}
    assert max(staff.values()) >= 20


def test_some_members_choose_privacy_other_than_the_default(community: Community) -> None:
    seen = Counter(m.connections_visibility for m in community.members)
    assert set(seen) == set(ConnectionsVisibility.values)
    emails = Counter(m.email_visibility for m in community.members)
    assert emails[EmailVisibility.CONNECTIONS] > 0
    assert emails[EmailVisibility.ONLY_ME] > emails[EmailVisibility.CONNECTIONS]


def test_profiles_have_headlines_skills_and_known_open_to_choices(community: Community) -> None:
    assert all(m.headline and len(m.headline) <= 160 for m in community.members)
    assert all(4 <= len(m.skills) <= 15 for m in community.members)
    assert all(set(m.open_to) <= set(OpenTo.values) for m in community.members)
    between = [m for m in community.members if m.between_jobs]
    assert between and all(OpenTo.NEW_ROLE in m.open_to for m in between)


def test_connections_are_ordered_pairs_once_each(community: Community) -> None:
    pairs = [(c.low, c.high) for c in community.connections]
    assert all(low < high for low, high in pairs)
    assert len(set(pairs)) == len(pairs)
    assert {c.source for c in community.connections} == {
        ConnectionSource.OPERATOR,
        ConnectionSource.IMPORT,
    }


def test_degrees_are_heavy_tailed(community: Community) -> None:
    stats = community_stats(community)
    assert stats.max_degree >= 5 * stats.median_degree
    assert 8 <= stats.median_degree <= 60


def test_most_connections_share_an_employer_school_or_city(community: Community) -> None:
    assert community_stats(community).clustered_share >= 0.7


def test_demo_log_ins_are_connected_and_ada_is_well_connected(community: Community) -> None:
    ada, ben = community.members[0], community.members[1]
    assert (ada.email, ben.email) == (ADA.email, BEN.email)
    assert any((c.low, c.high) == (0, 1) for c in community.connections)
    degrees = community.degrees()
    assert degrees[0] > sorted(degrees)[len(degrees) * 9 // 10]


def test_a_community_of_two_thousand_has_a_few_super_connectors() -> None:
    stats = community_stats(community_plan(size=2000, seed=2025, today=TODAY))
    top = [degree for _, degree in stats.top_connectors]
    assert 800 <= top[0] <= 1500
    assert top[1] >= 600
    assert 20 <= stats.median_degree <= 150
