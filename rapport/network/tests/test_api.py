"""Removing a connection over the API."""

from __future__ import annotations

from rapport.core.tests.test_api import ApiClient, as_member, assert_error
from rapport.network.selectors import are_connected
from rapport.network.services import connection_create


def test_remove_a_connection(ada, ben):
    connection_create(member=ada, other=ben, source="operator")
    assert as_member(ada).delete("/me/connections/ben").status_code == 204
    assert not are_connected(ada.pk, ben.pk)


def test_remove_a_connection_from_either_side(ada, ben):
    connection_create(member=ada, other=ben, source="operator")
    assert as_member(ben).delete("/me/connections/ada").status_code == 204
    assert not are_connected(ada.pk, ben.pk)


def test_remove_leaves_other_connections_alone(ada, ben, chidi):
    connection_create(member=ben, other=chidi, source="operator")
    assert_error(as_member(ada).delete("/me/connections/chidi"), 404, "connection.not_found")
    assert are_connected(ben.pk, chidi.pk)


def test_remove_an_unknown_member_is_404(ada):
    assert_error(as_member(ada).delete("/me/connections/nobody"), 404, "member.not_found")


def test_remove_oneself_is_404(ada):
    assert_error(as_member(ada).delete("/me/connections/ada"), 404, "connection.not_found")


def test_remove_needs_auth(ada, ben):
    connection_create(member=ada, other=ben, source="operator")
    assert_error(ApiClient().delete("/me/connections/ben"), 401, "auth.required")
    assert are_connected(ada.pk, ben.pk)
