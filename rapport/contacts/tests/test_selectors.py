"""Matching and its privacy: an address reveals a member only where that member allows it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.accounts.models import EmailFindable, User
from rapport.accounts.tests.factories import make_member
from rapport.contacts import selectors
from rapport.contacts.models import ContactImport
from rapport.contacts.services import import_cancel, import_start
from rapport.contacts.tests.factories import imported, linkedin
from rapport.conversations.tests.factories import connect
from rapport.network.services import block_create

pytestmark = pytest.mark.django_db


def statuses(owner: User) -> dict[str, str]:
    return {row.contact.name: row.status for row in selectors.contact_rows(owner)}


def findable(member: User, value: str) -> None:
    User.objects.filter(pk=member.pk).update(email_findable=value)


@pytest.fixture
def book(ada, ben, chidi):
    """Ada's address book holds Ben (connected), Chidi (2nd degree via Ben), Dana (a stranger)
    and an address nobody uses."""
    dana = make_member("dana", "Dana Stranger")
    connect(ada, ben)
    connect(ben, chidi)
    imported(
        ada,
        linkedin(
            [
                ("Ben", "Okafor", "BEN@example.com", "Studio"),
                ("Chidi", "Anagonye", "chidi@example.com", "Uni"),
                ("Dana", "Stranger", "dana@example.com", ""),
                ("Nobody", "Here", "nobody@example.com", ""),
            ]
        ),
    )
    return dana


def test_default_setting_finds_connections_and_their_connections_only(ada, book) -> None:
    assert statuses(ada) == {
        "Ben Okafor": "connected",
        "Chidi Anagonye": "member",
        "Dana Stranger": "none",
        "Nobody Here": "none",
    }


def test_everyone_setting_lets_a_stranger_be_found(ada, book) -> None:
    findable(book, EmailFindable.EVERYONE)
    assert statuses(ada)["Dana Stranger"] == "member"


def test_nobody_setting_hides_even_a_connection(ada, ben, book) -> None:
    findable(ben, EmailFindable.NOBODY)
    assert statuses(ada)["Ben Okafor"] == "none"


def test_a_hidden_connection_list_does_not_carry_the_second_degree(ada, ben, book) -> None:
    User.objects.filter(pk=ben.pk).update(connections_visibility="only_me")
    assert statuses(ada)["Chidi Anagonye"] == "none"


def test_blocked_and_deactivated_members_are_never_revealed(ada, ben, chidi, book) -> None:
    findable(book, EmailFindable.EVERYONE)
    block_create(member=book, other=ada)
    User.objects.filter(pk=chidi.pk).update(is_active=False)
    result = statuses(ada)
    assert (result["Dana Stranger"], result["Chidi Anagonye"]) == ("none", "none")


def test_filters_by_status_and_counts(ada, book) -> None:
    rows = selectors.contact_rows(ada, status="member")
    assert [r.contact.name for r in rows] == ["Chidi Anagonye"]
    assert selectors.status_counts(selectors.contact_rows(ada)) == {
        "connected": 1,
        "member": 1,
        "none": 2,
    }


def test_contact_list_is_a_fixed_number_of_queries(ada, book, django_assert_num_queries) -> None:
    imported(
        ada, linkedin([(f"Extra{i}", "Person", f"extra{i}@example.org", "Co") for i in range(30)])
    )
    with django_assert_num_queries(7):
        rows = selectors.contact_rows(ada)
    assert len(rows) == 34


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(list(EmailFindable)), st.sampled_from([0, 1, 2, None]))
def test_a_member_is_revealed_only_when_their_setting_allows_the_degree(setting, degree) -> None:
    """Whatever the setting and the distance, matching never says more than the setting allows."""
    User.objects.all().delete()
    owner = make_member("owner")
    target = make_member("target")
    middle = make_member("middle")
    if degree == 1:
        connect(owner, target)
    elif degree == 2:
        connect(owner, middle)
        connect(middle, target)
    findable(target, setting)
    found = selectors.matches_for(owner, ["target@example.com", "TARGET@example.com "])
    allowed = setting == EmailFindable.EVERYONE or (
        setting == EmailFindable.NETWORK and degree in (1, 2)
    )
    assert ("target@example.com" in found) is allowed
    if allowed:
        assert found["target@example.com"].status == ("connected" if degree == 1 else "member")


def test_the_privacy_form_and_api_change_who_may_find_me(ada, client) -> None:
    from django.urls import reverse

    from rapport.accounts.tests.factories import PASSWORD
    from rapport.core.tests.test_api import as_member

    client.login(email=ada.email, password=PASSWORD)
    client.post(
        reverse("members:privacy"),
        {
            "connections_visibility": "connections",
            "email_visibility": "only_me",
            "email_findable": "nobody",
        },
    )
    ada.refresh_from_db()
    assert ada.email_findable == EmailFindable.NOBODY
    response = as_member(ada).patch("/me/privacy", {"email_findable": "everyone"})
    assert response.json()["email_findable"] == "everyone"
    assert as_member(ada).patch("/me/privacy", {"email_findable": "strangers"}).status_code == 422


def _previewed(ada, ben, chidi) -> int:
    """A file with Ben twice (same e-mail, other case) and Chidi and a stranger."""
    connect(ada, ben)
    connect(ben, chidi)
    rows = [
        ("Ben", "Okafor", "ben@example.com", "Studio"),
        ("Chidi", "Anagonye", "chidi@example.com", "Uni"),
        ("Benjamin", "Okafor", "BEN@example.com", "Studio"),
        ("Nobody", "Here", "nobody@example.com", ""),
    ]
    return import_start(owner=ada, file_name="c.csv", data=linkedin(rows)).pk


def test_the_preview_shows_merged_contacts_with_their_matches(
    ada, ben, chidi, django_assert_num_queries
) -> None:
    found = selectors.import_for(ada, _previewed(ada, ben, chidi))
    with django_assert_num_queries(
        6
    ):  # members, blocks both ways (one query), degrees, connections
        preview = selectors.import_preview(ada, found, rows=2)
    assert preview is not None
    assert preview.total == 3
    assert preview.counts == {"connected": 1, "member": 1, "none": 1}
    assert [(c.name, m.status if m else None) for c, m in preview.rows] == [
        ("Ben Okafor", "connected"),
        ("Chidi Anagonye", "member"),
    ]


def test_a_preview_stored_without_its_merged_contacts_is_merged_when_read(ada, ben, chidi) -> None:
    pk = _previewed(ada, ben, chidi)
    found = selectors.import_for(ada, pk)
    expected = selectors.import_preview(ada, found, rows=10)
    parsed = dict(found.parsed or {})
    del parsed["contacts"]
    ContactImport.objects.filter(pk=pk).update(parsed=parsed)
    assert selectors.import_preview(ada, selectors.import_for(ada, pk), rows=10) == expected


def test_only_a_preview_has_one(ada, ben, chidi) -> None:
    pk = _previewed(ada, ben, chidi)
    import_cancel(owner=ada, import_id=pk)
    assert selectors.import_preview(ada, selectors.import_for(ada, pk), rows=10) is None
