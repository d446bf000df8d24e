import pytest

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
