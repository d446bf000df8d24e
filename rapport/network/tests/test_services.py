import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.accounts.tests.factories import make_member
from rapport.core.errors import Conflict, NotFound, ValidationFailed
from rapport.network import selectors
from rapport.network.models import Connection
from rapport.network.services import connection_create, connection_remove
from rapport.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_connecting_stores_the_pair_once_and_tells_the_other_side(ada, ben):
    connection_create(member=ben, other=ada, source="operator")
    row = Connection.objects.get()
    assert (row.member_low_id, row.member_high_id) == tuple(sorted((ada.pk, ben.pk)))
    note = Notification.objects.get()
    assert note.recipient == ada and note.actor == ben and note.kind == "network.connection_made"


def test_connecting_twice_in_either_order_is_refused(ada, ben):
    connection_create(member=ada, other=ben, source="operator")
    with pytest.raises(Conflict) as exc:
        connection_create(member=ben, other=ada, source="import")
    assert exc.value.code == "connection.exists"
    assert Connection.objects.count() == 1


def test_connecting_with_oneself_is_refused(ada):
    with pytest.raises(ValidationFailed):
        connection_create(member=ada, other=ada, source="operator")
    assert not Connection.objects.exists()


def test_unknown_source_is_refused(ada, ben):
    with pytest.raises(ValidationFailed):
        connection_create(member=ada, other=ben, source="magic")
    assert not Connection.objects.exists()


def test_database_refuses_self_and_reversed_pairs(ada, ben):
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(member_low=ada, member_high=ada, source="operator")
    low, high = sorted((ada, ben), key=lambda m: m.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Connection.objects.create(member_low=high, member_high=low, source="operator")


def test_removing_is_silent_and_refuses_strangers(ada, ben, chidi):
    connection_create(member=ada, other=ben, source="operator", notify=False)
    connection_remove(member=ben, other=ada)
    assert not selectors.are_connected(ada.pk, ben.pk)
    assert not Notification.objects.exists()
    with pytest.raises(NotFound):
        connection_remove(member=ada, other=chidi)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 4), st.integers(0, 4)), max_size=30))
def test_random_connects_and_removes_match_a_set_of_pairs(django_db_blocker, ops):
    # One connection per pair and never with oneself, whatever the order of operations.
    with transaction.atomic():
        members = [make_member(f"p{i}") for i in range(5)]
        model: set[frozenset[int]] = set()
        for add, i, j in ops:
            a, b = members[i], members[j]
            pair = frozenset((a.pk, b.pk))
            if add:
                try:
                    connection_create(member=a, other=b, source="operator", notify=False)
                    assert i != j and pair not in model
                    model.add(pair)
                except (Conflict, ValidationFailed):
                    assert i == j or pair in model
            else:
                try:
                    connection_remove(member=a, other=b)
                    model.discard(pair)
                except NotFound:
                    assert pair not in model
        stored = {frozenset(p) for p in Connection.objects.values_list("member_low", "member_high")}
        assert stored == model
        for m in members:
            expected = {next(iter(p - {m.pk})) for p in model if m.pk in p}
            assert selectors.connected_ids(m.pk) == expected
        transaction.set_rollback(True)
