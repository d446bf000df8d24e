import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.members.selectors import SearchFilters, member_search
from rapport.members.services import education_add, profile_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def community(db):
    ada = make_member(
        "ada",
        "Ada Lovelace",
        headline="Analyst",
        location="London",
        skills=["Mathematics"],
        open_to=["mentoring"],
    )
    position_add(
        member=ada,
        company_name="Engines Ltd",
        title="Lead Analyst",
        started_on=dt.date(2019, 1, 1),
        is_current=True,
    )
    ben = make_member("ben", "Ben Okafor", headline="Designer", location="Lagos", skills=["Figma"])
    position_add(
        member=ben,
        company_name="Engines Ltd",
        title="Designer",
        started_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2018, 1, 1),
    )
    education_add(member=ben, school_name="University of Lagos", start_year=2008, end_year=2012)
    chidi = make_member("chidi", "Chidi Anagonye", headline="Lecturer", location="Sydney")
    return {"ada": ada, "ben": ben, "chidi": chidi}


def handles(filters: SearchFilters) -> list[str]:
    return [m.handle for m in member_search(filters)]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(q="lovelace"), ["ada"]),
        (SearchFilters(q="LONDON analyst"), ["ada"]),
        (SearchFilters(q="engines"), ["ada"]),  # Ben left Engines: free text matches current jobs
        (SearchFilters(q="figma"), ["ben"]),
        (SearchFilters(title="lead"), ["ada"]),
        (SearchFilters(company="engines-ltd"), ["ada"]),
        (SearchFilters(location="syd"), ["chidi"]),
        (SearchFilters(skill="mathematics"), ["ada"]),
        (SearchFilters(school="lagos"), ["ben"]),
        (SearchFilters(open_to="mentoring"), ["ada"]),
        (SearchFilters(q="nobody-like-this"), []),
    ],
)
def test_search_matches_each_field(community, filters, expected):
    assert handles(filters) == expected


def test_a_query_of_one_letter_words_is_no_search_at_all():
    assert not SearchFilters(q="a b").active
    assert SearchFilters(q="ab").active and SearchFilters(skill="go").active


def test_search_excludes_inactive_members(community):
    community["ada"].is_active = False
    community["ada"].save()
    assert handles(SearchFilters(q="lovelace")) == []


def test_search_cards_load_in_fixed_queries(community, django_assert_num_queries):
    for i in range(5):
        member = make_member(f"extra{i}", f"Extra Analyst {i}")
        profile_update(member=member, headline="Analyst")
        position_add(
            member=member,
            company_name=f"Firm {i}",
            title="Analyst",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    with django_assert_num_queries(2):
        members = list(member_search(SearchFilters(q="analyst")))
        titles = [p.title for m in members for p in getattr(m, "current_positions")]  # noqa: B009
        headlines = [m.profile.headline for m in members]
    assert len(members) == 6 and len(titles) == 6 and len(headlines) == 6
