"""Search entries follow every write that changes what search finds a member by."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Company, Position
from rapport.companies.services import position_add, position_remove, position_update
from rapport.members.models import Profile, SearchEntry, Skill
from rapport.members.search_entries import entries_refresh
from rapport.members.selectors import SearchFilters, member_search, search_members
from rapport.members.services import profile_update

pytestmark = pytest.mark.django_db


def found(q: str) -> list[str]:
    return sorted(m.handle for m in member_search(SearchFilters(q=q)))


def text_of(member) -> str:
    return SearchEntry.objects.get(member=member).text


@pytest.fixture
def zoe(db):
    member = make_member("zoe", "Zoë Ångström", headline="Data Engineer", location="Malmö")
    position_add(
        member=member,
        company_name="Nordic Rail",
        title="Lead Engineer",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    profile_update(member=member, skills=["Rust"])
    return member


def test_a_new_member_is_found_by_name_and_handle(db):
    make_member("newbie", "Newton Bie")
    assert found("newton") == ["newbie"] and found("NEWBIE") == ["newbie"]


def test_case_accents_and_quotes_do_not_matter(zoe):
    make_member("oneil", "Ciarán O’Neil")
    assert found("zoe") == found("ZOË") == found("angstrom") == ["zoe"]
    assert found("malmo") == ["zoe"]
    assert found("o'neil") == found("ciaran") == ["oneil"]


def test_a_term_never_matches_across_two_fields(db):
    make_member("ab", "Xy Ab", headline="Cd")
    assert found("ab") == ["ab"] and found("abcd") == [] and found("ab cd") == ["ab"]


def test_each_profile_change_is_followed(zoe):
    profile_update(member=zoe, display_name="Zoë Berg", headline="Architect", location="Oslo")
    assert found("berg") == found("architect") == found("oslo") == ["zoe"]
    assert found("angstrom") == found("malmo") == found("engineer data") == []
    profile_update(member=zoe, skills=["Kotlin"])
    assert found("kotlin") == ["zoe"] and found("rust") == []


def test_a_handle_change_is_followed(zoe):
    zoe.handle = "zberg"
    zoe.save(update_fields=["handle"])
    assert found("zberg") == ["zberg"]


def test_only_current_jobs_are_found_and_a_job_change_is_followed(zoe):
    position = Position.objects.get(member=zoe)
    assert found("nordic") == ["zoe"]
    position_update(
        member=zoe,
        position_id=position.pk,
        company_name="Nordic Rail",
        title="Lead Engineer",
        started_on=dt.date(2020, 1, 1),
        ended_on=dt.date(2024, 1, 1),
        is_current=False,
    )
    assert found("nordic") == [] and "nordic" not in SearchEntry.objects.get(member=zoe).roles
    position_remove(member=zoe, position_id=position.pk)
    assert found("nordic") == []


def test_a_removed_current_job_is_no_longer_found(zoe):
    position_remove(member=zoe, position_id=Position.objects.get(member=zoe).pk)
    assert found("nordic") == [] and found("lead") == []


def test_renaming_a_company_renames_it_for_its_staff(zoe):
    company = Company.objects.get(positions__member=zoe)
    company.name = "Baltic Freight"
    company.save()
    assert found("baltic") == ["zoe"] and found("nordic") == []


def test_renaming_a_skill_renames_it_for_its_holders(zoe):
    skill = Skill.objects.get(name="Rust")
    skill.name = "Rustlang"
    skill.save()
    assert found("rustlang") == ["zoe"]


def test_skills_added_from_the_skill_side_are_followed(zoe):
    other = make_member("ola", "Ola Nordmann")
    Skill.objects.get(name="Rust").profiles.add(Profile.objects.get(member=other))
    assert found("rust") == ["ola", "zoe"]


def test_a_deleted_profile_leaves_name_and_handle(zoe):
    Profile.objects.filter(member=zoe).delete()
    assert found("architect") == found("malmo") == [] and found("zoe") == ["zoe"]


def test_deleting_a_member_deletes_their_entry_and_breaks_no_constraint(zoe):
    zoe.delete()
    connection.check_constraints()  # PostgreSQL checks the deferred foreign keys here
    assert not SearchEntry.objects.exists()


def test_saving_unrelated_fields_does_not_rewrite_the_entry(zoe, django_assert_num_queries):
    zoe.last_login = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with django_assert_num_queries(1):
        zoe.save(update_fields=["last_login"])


def test_a_refresh_is_a_lock_three_reads_and_one_write(zoe, django_assert_num_queries):
    SearchEntry.objects.all().delete()
    with django_assert_num_queries(5):
        entries_refresh([zoe.pk])
    assert "nordic rail" in text_of(zoe)


def test_the_rebuild_command_repairs_every_entry(zoe):
    make_member("ola", "Ola Nordmann")
    SearchEntry.objects.update(text="", roles="")
    assert found("zoe") == []
    out = StringIO()
    call_command("search-rebuild", stdout=out)
    assert out.getvalue().strip() == "rewrote the search entries of 2 members"
    assert found("zoe") == ["zoe"] and found("ola") == ["ola"]


def test_a_position_moved_to_another_member_leaves_the_first(zoe):
    ola = make_member("ola", "Ola Nordmann")
    position = Position.objects.get(member=zoe)
    position.member = ola
    position.save()
    assert found("nordic") == ["ola"] and "nordic" not in SearchEntry.objects.get(member=zoe).roles


def test_a_deleted_or_cleared_skill_leaves_its_holders(zoe):
    ola = make_member("ola", "Ola Nordmann", skills=["Rust", "Go"])
    Skill.objects.get(name="Rust").delete()
    assert found("rust") == []
    Skill.objects.get(name="Go").profiles.clear()
    assert found("go") == [] and found("ola") == ["ola"]
    assert SearchEntry.objects.get(member=ola).text == "ola nordmann\nola"


def test_a_query_that_folds_to_single_letters_is_no_search(db):
    make_member("somchai", "Somchai")
    assert not SearchFilters(q="ก่").active  # one letter and its tone mark
    assert found("ก่") == ["somchai"]  # member_search alone filters on nothing


def test_an_exact_name_ranks_first_whatever_its_accents(zoe):
    viewer = make_member("viewer")
    make_member("zoeb", "Zoe Bakker", headline="Zoë Ångström's colleague")
    results = search_members(
        viewer=viewer, filters=SearchFilters(q="zoe angstrom"), page=1, size=10
    )
    assert [m.handle for m in results.page.items] == ["zoe", "zoeb"]


def test_a_current_role_ranks_above_a_headline(zoe):
    viewer = make_member("viewer")
    make_member("hed", "Hed Person", headline="Engineer at heart")
    results = search_members(viewer=viewer, filters=SearchFilters(q="engineer"), page=1, size=10)
    assert [m.handle for m in results.page.items] == ["zoe", "hed"]


@pytest.mark.postgres_only
def test_two_writers_on_one_member_leave_an_entry_with_both_changes(transactional_db):
    """A take-down of a headline while the member adds a job: whichever rewrites the
    entry last must read what the other committed (the member's row orders them)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    member = make_member("sam", "Sam Reyes", headline="Spammy Headline")
    written, release, errors = threading.Event(), threading.Event(), []

    def take_down() -> None:
        try:
            with transaction.atomic():
                profile = Profile.objects.get(member=member)
                profile.headline = "Plain"
                profile.save(update_fields=["headline"])  # rewrites the entry, holds the row
                written.set()
                release.wait(10)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    first = threading.Thread(target=take_down)
    first.start()
    assert written.wait(10)

    def add_job() -> None:
        try:
            position_add(
                member=member,
                company_name="Sky Air",
                title="Pilot",
                started_on=dt.date(2024, 1, 1),
                is_current=True,
            )
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    second = threading.Thread(target=add_job)
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second writer read the entry's sources without waiting"
    release.set()
    first.join(10)
    second.join(10)
    assert not errors, errors
    text = SearchEntry.objects.get(member=member).text
    assert "plain" in text and "pilot" in text and "spammy" not in text
