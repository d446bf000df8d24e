import pytest

from rapport.accounts.models import User
from rapport.members.services import privacy_update
from rapport.network import selectors
from rapport.network.services import connection_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("visibility", "owner_sees", "connection_sees", "stranger_sees"),
    [
        ("everyone", True, True, True),
        ("connections", True, True, False),
        ("only_me", True, False, False),
    ],
)
def test_connection_list_visibility(
    ada, ben, chidi, visibility, owner_sees, connection_sees, stranger_sees
):
    connection_create(member=ada, other=ben, source="operator")
    privacy_update(member=ada, connections_visibility=visibility)
    assert selectors.can_see_connections(viewer=ada, owner=ada) is owner_sees
    assert selectors.can_see_connections(viewer=ben, owner=ada) is connection_sees
    assert selectors.can_see_connections(viewer=chidi, owner=ada) is stranger_sees


@pytest.mark.parametrize(
    ("visibility", "connection_sees"),
    [
        ("connections", True),
        ("only_me", False),
    ],
)
def test_email_visibility(ada, ben, chidi, visibility, connection_sees):
    connection_create(member=ada, other=ben, source="operator")
    privacy_update(member=ada, email_visibility=visibility)
    assert selectors.can_see_email(viewer=ada, owner=ada)
    assert selectors.can_see_email(viewer=ben, owner=ada) is connection_sees
    assert not selectors.can_see_email(viewer=chidi, owner=ada)


def test_connections_of_lists_both_sides_by_name(ada, ben, chidi):
    connection_create(member=ada, other=ben, source="operator")
    connection_create(member=chidi, other=ada, source="operator")
    assert list(selectors.connections_of(ada.pk)) == [ben, chidi]
    assert selectors.connection_count(ada.pk) == 2
    assert selectors.connected_ids(ben.pk) == {ada.pk}


# -- from the graph index ---------------------------------------------------------------


def _connect(*pairs):
    for a, b in pairs:
        connection_create(member=a, other=b, source="operator", notify=False)


def _cast(*handles):
    from rapport.accounts.tests.factories import make_member

    return [make_member(h) for h in handles]


def test_degrees_for_a_page_of_members(ada, ben, chidi):
    dan, eve = _cast("dan", "eve")
    _connect((ada, ben), (ben, chidi), (chidi, dan))
    privacy_update(member=chidi, connections_visibility="everyone")
    assert selectors.degrees_for(ada.pk, [dan.pk, ben.pk, ada.pk, eve.pk, chidi.pk, ben.pk]) == {
        dan.pk: 3,
        ben.pk: 1,
        ada.pk: 0,
        eve.pk: None,
        chidi.pk: 2,
    }
    assert selectors.degrees_for(ada.pk, []) == {}


def test_mutual_connections_leave_out_those_who_hide_their_list(ada, ben, chidi):
    dan, eve = _cast("dan", "eve")
    _connect((ada, ben), (ben, chidi), (ada, dan), (dan, chidi), (ada, eve), (eve, chidi))
    privacy_update(member=dan, connections_visibility="only_me")
    count, people = selectors.mutual_connections(ada, chidi)
    assert count == 2
    assert people == [ben, eve]
    count, people = selectors.mutual_connections(ada, chidi, limit=1)
    assert (count, people) == (2, [ben])


def test_mutual_connections_for_a_page_cost_a_fixed_number_of_queries(
    ada, ben, chidi, django_assert_num_queries
):
    dan, eve = _cast("dan", "eve")
    _connect((ada, ben), (ben, chidi), (ben, dan), (ada, eve))
    with django_assert_num_queries(3):  # the index's look at the log, hidden, names
        found = selectors.mutual_connections_for(ada, [chidi, dan, eve])
    assert found == {chidi.pk: (1, [ben]), dan.pk: (1, [ben]), eve.pk: (0, [])}


def test_a_deactivated_member_is_not_a_mutual_connection(ada, ben, chidi):
    _connect((ada, ben), (ben, chidi))
    ben.is_active = False
    ben.save(update_fields=["is_active"])
    assert selectors.mutual_connections(ada, chidi) == (0, [])


def test_second_degree_size_counts_members_exactly_two_hops_away(ada, ben, chidi):
    dan, eve = _cast("dan", "eve")
    _connect((ada, ben), (ben, chidi), (ben, dan), (dan, eve), (ada, dan))
    assert selectors.second_degree_size(ada.pk) == 2  # chidi, eve
    assert selectors.second_degree_size(eve.pk) == 2  # ben, ada


def test_suggestions_rank_by_mutual_connections_and_skip_the_excluded_and_inactive(ada, ben, chidi):
    dan, eve, fay = _cast("dan", "eve", "fay")
    _connect((ada, ben), (ada, chidi), (ben, dan), (chidi, dan), (ben, eve), (chidi, fay))
    assert selectors.suggested_ids(ada.pk, 5) == [(dan.pk, 2), (eve.pk, 1), (fay.pk, 1)]
    assert selectors.suggested_ids(ada.pk, 5, exclude={dan.pk}) == [(eve.pk, 1), (fay.pk, 1)]
    eve.is_active = False
    eve.save(update_fields=["is_active"])
    assert selectors.suggested_ids(ada.pk, 2) == [(dan.pk, 2), (fay.pk, 1)]


def test_paths_go_around_members_who_hide_their_list(ada, ben, chidi):
    dan, eve = _cast("dan", "eve")
    _connect((ada, ben), (ben, eve), (ada, chidi), (chidi, dan), (dan, eve))
    privacy_update(member=dan, connections_visibility="everyone")
    assert selectors.paths_between(ada.pk, eve.pk, 3) == [
        [ada.pk, ben.pk, eve.pk],
        [ada.pk, chidi.pk, dan.pk, eve.pk],
    ]
    privacy_update(member=ben, connections_visibility="only_me")
    assert selectors.paths_between(ada.pk, eve.pk, 3) == [[ada.pk, chidi.pk, dan.pk, eve.pk]]


def test_network_at_company_lists_first_and_second_degree_staff_with_the_link(
    ada, ben, chidi, monkeypatch
):
    import datetime as dt

    from rapport.companies.services import position_add

    dan, eve, fay, gus = _cast("dan", "eve", "fay", "gus")
    _connect((ada, ben), (ada, chidi), (ben, dan), (chidi, dan), (chidi, eve), (eve, fay))
    for member in (ben, dan, eve, fay, gus, ada):
        position_add(
            member=member,
            company_name="Engines Ltd",
            title="Engineer",
            started_on=dt.date(2020, 1, 1),
            is_current=True,
        )
    position_add(
        member=chidi,
        company_name="Engines Ltd",
        title="Intern",
        started_on=dt.date(2015, 1, 1),
        ended_on=dt.date(2016, 1, 1),
    )
    company = ben.positions.get().company
    privacy_update(member=ben, connections_visibility="only_me")
    # dan links through ben or chidi: ben hides his list, so chidi is named.
    expected = [(ben.pk, 1, None), (dan.pk, 2, chidi.pk), (eve.pk, 2, chidi.pk)]
    assert selectors.network_at_company(ada.pk, company.pk) == expected
    # The same when the viewer's two hops are too many to send and the staff are read.
    from rapport.network import reach

    monkeypatch.setattr(reach, "NEAR_ENOUGH", 1)
    assert selectors.network_at_company(ada.pk, company.pk) == expected
    # Nobody is in the network of a member without connections.
    assert selectors.network_at_company(gus.pk, company.pk) == []
    # A page that shows two rows asks who links only the 2nd-degree one among them.
    assert selectors.network_at_company(ada.pk, company.pk, vias_for=2) == [
        (ben.pk, 1, None),
        (dan.pk, 2, chidi.pk),
        (eve.pk, 2, None),
    ]
    # A deactivated member is nobody's "person in your network here".
    User.objects.filter(pk=dan.pk).update(is_active=False)
    assert selectors.network_at_company(ada.pk, company.pk) == [
        (ben.pk, 1, None),
        (eve.pk, 2, chidi.pk),
    ]


def test_pair_between_reads_a_block_either_way_and_when_they_connected(ada, ben, chidi):
    from rapport.network.models import Block
    from rapport.network.selectors import pair_between
    from rapport.network.services import connection_create

    assert pair_between(ada.pk, ben.pk) == selectors_pair(False, None)
    made = connection_create(member=ada, other=ben, source="operator", notify=False)
    assert pair_between(ben.pk, ada.pk) == selectors_pair(False, made.created_at)
    Block.objects.create(member=chidi, blocked=ada)
    assert pair_between(ada.pk, chidi.pk).blocked  # blocked by the other side
    assert pair_between(chidi.pk, ada.pk).blocked
    assert pair_between(ada.pk, ada.pk) == selectors_pair(False, None)


def selectors_pair(blocked, connected_at):
    from rapport.network.selectors import Pair

    return Pair(blocked=blocked, connected_at=connected_at)
