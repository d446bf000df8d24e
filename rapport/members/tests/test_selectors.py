import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.members.selectors import SearchFilters, member_search, search_members
from rapport.members.services import education_add, privacy_update, profile_update
from rapport.network.services import connection_create

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
    return sorted(m.handle for m in member_search(filters))


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
    # the matches to rank, the graph index's change-log read (inside a test's transaction
    # it cannot use its cached state), the page of members, their current positions
    with django_assert_num_queries(4):
        results = search_members(
            viewer=community["chidi"], filters=SearchFilters(q="analyst"), page=1, size=20
        )
        members = results.page.items
        titles = [p.title for m in members for p in getattr(m, "current_positions")]  # noqa: B009
        headlines = [m.profile.headline for m in members]
    assert len(members) == 6 and len(titles) == 6 and len(headlines) == 6


def ranked(viewer, **filters) -> list[str]:
    results = search_members(viewer=viewer, filters=SearchFilters(**filters), page=1, size=50)
    return [m.handle for m in results.page.items]


def test_search_never_lists_the_searcher(community):
    assert ranked(community["ben"], q="engines") == ["ada"]
    assert ranked(community["ada"], q="engines") == []
    assert ranked(community["ada"], q="lovelace") == []


def test_search_ranks_the_exact_name_then_title_or_company_then_the_rest(db, ada):
    make_member("grace", "Grace Hopper", headline="Admiral")
    lead = make_member("lead", "Zed Lead", headline="Mentor to Grace Hopper fans")
    position_add(
        member=lead,
        company_name="Hopper Labs",
        title="Engineer",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    make_member("fan", "Anna Fan", headline="Reads everything about Grace Hopper")
    # Alphabetically "Anna Fan" < "Grace Hopper" < "Zed Lead"; relevance says otherwise.
    assert ranked(ada, q="grace hopper") == ["grace", "lead", "fan"]


def test_search_puts_closer_members_first_among_equally_relevant(db, ada, ben, chidi):
    dee = make_member("dee", "Dee Analyst", headline="Analyst")
    eve = make_member("eve", "Eve Analyst", headline="Analyst")
    fay = make_member("fay", "Fay Analyst", headline="Analyst")
    for a, b in [(ada, ben), (ben, fay), (ada, eve)]:
        connection_create(member=a, other=b, source="operator", notify=False)
    # Ben shows his list, so Fay is 2nd degree to Ada; Dee is out of network.
    privacy_update(member=ben, connections_visibility="everyone")
    assert [m.display_name for m in (dee, eve, fay)] == sorted(
        ["Dee Analyst", "Eve Analyst", "Fay Analyst"]
    )
    assert ranked(ada, q="analyst") == ["eve", "fay", "dee"]


def test_search_pages_clamp_to_the_last_page(community):
    for i in range(5):
        make_member(f"eng{i}", f"Engineer {i}")
    results = search_members(
        viewer=community["ada"], filters=SearchFilters(q="engineer"), page=999, size=2
    )
    assert (results.page.number, results.page.pages, results.page.total) == (3, 3, 5)
    assert [m.handle for m in results.page.items] == ["eng4"]


def test_the_home_summary_lists_what_the_profile_still_misses(django_assert_num_queries) -> None:
    from rapport.members.models import Profile
    from rapport.members.selectors import home_summary

    eve = make_member("eve", "Eve Moreau")
    everything = ["a headline", "your location", "your skills", "a position", "your education"]
    assert home_summary(eve).missing == everything
    profile_update(member=eve, headline="Nurse", skills=["Triage"])
    position_add(
        member=eve, company_name="Clinic", title="Nurse", started_on=dt.date(2020, 1, 1),
        is_current=True,
    )  # fmt: skip
    position_add(
        member=eve, company_name="Ward", title="Aide", started_on=dt.date(2018, 1, 1),
        ended_on=dt.date(2019, 12, 1),
    )  # fmt: skip
    with django_assert_num_queries(3):  # the profile with its checklist, then the network
        summary = home_summary(eve)
    assert summary.missing == ["your location", "your education"]
    assert summary.position_count == 2
    profile_update(member=eve, location="Lyon")
    education_add(member=eve, school_name="IFSI", start_year=2014, end_year=2017)
    assert home_summary(eve).missing == []
    Profile.objects.filter(member=eve).delete()  # a read never needs the row
    blank = home_summary(eve)
    assert blank.profile._state.adding and blank.position_count == 2  # unsaved
    assert blank.missing == ["a headline", "your location", "your skills"]


def test_cards_of_gives_what_with_cards_gives(community):
    from rapport.accounts.models import User
    from rapport.members.selectors import cards_of, with_cards

    ada = community["ada"]
    # A second current position (each card lists them in the work history's order), a
    # member without a profile row and one with no current position.
    position_add(
        member=ada,
        company_name="Analytical Society",
        title="Fellow",
        started_on=dt.date(2021, 1, 1),
        is_current=True,
    )
    bare = make_member("bare", "Bare Member")
    bare.profile.delete()
    ids = [community["chidi"].pk, ada.pk, community["ben"].pk, bare.pk]

    def shown(member):
        return (
            member.pk,
            getattr(getattr(member, "profile", None), "headline", None),
            [(p.title, p.company.name) for p in member.current_positions],
        )

    expected = with_cards(User.objects.filter(pk__in=ids)).in_bulk()
    found = cards_of(ids)
    assert sorted(found) == sorted(expected) == sorted(ids)
    assert [shown(found[pk]) for pk in ids] == [shown(expected[pk]) for pk in ids]
    positions = getattr(found[ada.pk], "current_positions")  # noqa: B009
    assert [p.title for p in positions] == ["Fellow", "Lead Analyst"]
