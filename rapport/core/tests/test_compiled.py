"""Reusable reads: the same rows as the queryset, one statement a call, built once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext

from rapport.accounts.models import User
from rapport.accounts.tests.factories import make_member
from rapport.companies.models import Company, Position
from rapport.core.compiled import Reusable, ReusableQueryError
from rapport.invitations.models import Invitation

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


def _joined_since(*, since: dt.datetime, not_id: int, handle: str | None = None) -> QuerySet[Any]:
    later = User.objects.filter(date_joined__gt=OuterRef("date_joined"), date_joined__gte=since)
    qs = User.objects.filter(date_joined__gte=since).exclude(pk=not_id)
    if handle is not None:
        qs = qs.filter(handle=handle)
    return (
        qs.annotate(next_id=Coalesce(Subquery(later.order_by("date_joined").values("pk")[:1]), 0))
        .order_by("date_joined", "pk")
        .values_list("pk", "date_joined", "is_active", "next_id")
    )


@pytest.fixture
def members() -> list[User]:
    found = []
    for i in range(4):
        member = make_member(f"m{i}")
        member.date_joined = T0 + dt.timedelta(days=i, microseconds=0 if i % 2 else 250)
        member.save(update_fields=["date_joined"])
        found.append(member)
    return found


def test_rows_are_the_querysets_rows_for_every_value(members: list[User]) -> None:
    reusable = Reusable(_joined_since)
    for day in range(5):
        for excluded in members:
            since = T0 + dt.timedelta(days=day)
            expected = list(_joined_since(since=since, not_id=excluded.pk))
            assert reusable.rows(since=since, not_id=excluded.pk) == expected
    # Moments come back as the queryset returns them: aware, exact to the microsecond.
    (_, joined, active, _), *_ = reusable.rows(since=T0, not_id=0)
    assert joined == T0 + dt.timedelta(microseconds=250) and joined.tzinfo is not None
    assert active is True


def test_the_query_is_built_once_per_shape_and_sent_as_one_statement(
    members: list[User],
) -> None:
    built: list[dict[str, object]] = []

    def build(**kwargs: Any) -> QuerySet[Any]:
        built.append(kwargs)
        return _joined_since(**kwargs)

    reusable = Reusable(build)
    for member in members:
        with CaptureQueriesContext(connection) as queries:
            reusable.rows(since=T0, not_id=member.pk)
        assert len(queries) == 1
    assert len(built) == 1
    # None and a shape value change the SQL: each such shape is built once more.
    assert reusable.rows(since=T0, not_id=0, shape={"handle": "m2"}) == list(
        _joined_since(since=T0, not_id=0, handle="m2")
    )
    reusable.rows(since=T0, not_id=0, shape={"handle": "m3"})
    reusable.rows(since=T0, not_id=0, shape={"handle": "m3"})
    assert len(built) == 3


def test_none_is_a_shape_not_a_value(members: list[User]) -> None:
    def build(*, member: int | None) -> QuerySet[Any]:
        return User.objects.filter(pk=member).values_list("handle")  # type: ignore[misc]

    reusable = Reusable(build)
    assert reusable.rows(member=None) == []
    assert reusable.rows(member=members[1].pk) == [("m1",)]


def test_a_value_written_into_the_sql_is_refused() -> None:
    reusable = Reusable(lambda *, n: User.objects.annotate(x=RawSQL(str(n), ())).values_list("x"))  # noqa: S611
    with pytest.raises(ReusableQueryError, match="written into the SQL"):
        reusable.rows(n=3)


def test_a_value_converted_to_text_is_refused() -> None:
    reusable = Reusable(lambda *, n: User.objects.filter(handle=n).values_list("pk"))
    with pytest.raises(ReusableQueryError, match="converted to text"):
        reusable.rows(n=3)


def test_only_ids_keys_and_aware_moments_are_values(members: list[User]) -> None:
    reusable = Reusable(lambda *, v: User.objects.filter(pk=v).values_list("pk"))
    for wrong in (True, 1.5, dt.datetime(2026, 1, 1)):  # the last one naive
        with pytest.raises(ReusableQueryError):
            Reusable(lambda *, v: User.objects.filter(pk=v).values_list("pk")).rows(v=wrong)
    # Once built, a call with a value of another kind is refused too.
    reusable.rows(v=members[0].pk)
    with pytest.raises(ReusableQueryError, match="expected int"):
        reusable.rows(v=T0)


def test_a_queryset_of_models_is_refused() -> None:
    with pytest.raises(ReusableQueryError, match="values_list"):
        Reusable(lambda *, v: User.objects.filter(pk=v)).rows(v=1)


def test_ids_fit_a_positive_column() -> None:
    from rapport.notifications.models import MutedThing

    # A marker outside the column's range would make the ORM drop the condition.
    reusable = Reusable(lambda *, t: MutedThing.objects.filter(target_id=t).values_list("pk"))
    assert reusable.rows(t=5) == []


def test_a_list_of_ids_is_one_shape_per_size_class(members: list[User]) -> None:
    built: list[int] = []

    def build(*, ids: list[int]) -> QuerySet[Any]:
        built.append(len(ids))
        return User.objects.filter(pk__in=ids).order_by("pk").values_list("handle")

    reusable = Reusable(build)
    pks = [m.pk for m in members]
    assert reusable.rows(ids=pks[:3]) == [("m0",), ("m1",), ("m2",)]
    assert reusable.rows(ids={pks[3], pks[1]}) == [("m1",), ("m3",)]
    assert reusable.rows(ids=pks[2:3]) == [("m2",)]
    assert reusable.rows(ids=[]) == []
    assert reusable.rows(ids=pks) == [("m0",), ("m1",), ("m2",), ("m3",)]
    # 3 and 4 ids share the size 4; 2 and 1 have their own; none is a shape of its own.
    assert sorted(built) == [0, 1, 2, 4]


def _either_side(*, ids: list[int], other: int) -> QuerySet[Any]:
    """A list used twice, beside a scalar and inside an exclusion."""
    return (
        Invitation.objects.filter(Q(sender_id__in=ids) | Q(recipient_id__in=ids))
        .exclude(sender_id=other)
        .exclude(recipient_id__in=ids, sender_id__in=ids)
        .order_by("pk")
        .values_list("sender_id", "recipient_id")
    )


def test_lists_of_ids_give_the_querysets_rows_at_every_size(members: list[User]) -> None:
    pks = [m.pk for m in members]
    for a in pks:
        for b in pks:
            if a < b:
                Invitation.objects.create(sender_id=a, recipient_id=b, how_we_know="event")
    reusable = Reusable(_either_side)
    for size in (1, 2, 3, 4):
        for other in (0, pks[0]):
            ids = pks[:size] + [10**6 + i for i in range(size * 70)]  # past 256 placeholders
            expected = list(_either_side(ids=ids, other=other))
            assert reusable.rows(ids=ids, other=other) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays are PostgreSQL's")
def test_on_postgresql_a_list_of_ids_is_one_array_value(members: list[User]) -> None:
    reusable = Reusable(_either_side)
    pks = [m.pk for m in members]
    with CaptureQueriesContext(connection) as captured:
        assert reusable.rows(ids=pks + list(range(10**6, 10**6 + 300)), other=0) == []
    (sql,) = [q["sql"] for q in captured.captured_queries]
    # Four uses of the list, each one array value, not 512 placeholders.
    assert sql.count("= ANY(") == 4 and " IN (" not in sql
    with pytest.raises(ReusableQueryError):
        reusable.rows(ids=[pks[0], True], other=0)


def test_an_update_changes_the_rows_the_queryset_would(members: list[User]) -> None:
    reusable = Reusable(
        lambda *, since, at: (User.objects.filter(date_joined__gte=since), {"last_login": at})
    )
    assert reusable.update(since=T0 + dt.timedelta(days=2), at=T0) == 2
    assert reusable.update(since=T0 + dt.timedelta(days=3), at=T0 + dt.timedelta(hours=1)) == 1
    logins = dict(User.objects.filter(handle__startswith="m").values_list("handle", "last_login"))
    assert logins == {"m0": None, "m1": None, "m2": T0, "m3": T0 + dt.timedelta(hours=1)}


def test_a_value_changed_before_it_reaches_the_query_is_refused() -> None:
    # Arithmetic on a value would bake the marker's result in as a constant.
    reusable = Reusable(
        lambda *, member, now: User.objects.filter(
            pk=member, date_joined__gte=now - dt.timedelta(days=1)
        ).values_list("pk")
    )
    with pytest.raises(ReusableQueryError, match="now does not reach"):
        reusable.rows(member=1, now=T0)


def test_a_naive_moment_is_refused_on_every_call(members: list[User]) -> None:
    reusable = Reusable(
        lambda *, since: User.objects.filter(date_joined__gte=since).values_list("pk")
    )
    assert len(reusable.rows(since=T0)) == 4
    with pytest.raises(ReusableQueryError, match="aware"):
        reusable.rows(since=dt.datetime(2026, 1, 1))
    with pytest.raises(ReusableQueryError, match="expected datetime"):
        reusable.rows(since=True)


def test_a_sliced_update_is_refused() -> None:
    reusable = Reusable(lambda *, at: (User.objects.order_by("pk")[:1], {"last_login": at}))
    with pytest.raises(ReusableQueryError, match="unsliced"):
        reusable.update(at=T0)


def test_the_members_lock_needs_a_transaction(
    members: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db.transaction import TransactionManagementError

    from rapport.accounts.services import members_lock

    # As outside any transaction: the lock would end with its own statement.
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)
    with pytest.raises(TransactionManagementError):
        members_lock(members[0], members[1])


def test_a_key_is_a_value(members: list[User]) -> None:
    reusable = Reusable(lambda *, handle: User.objects.filter(handle=handle).values_list("pk"))
    for member in members:
        assert reusable.rows(handle=member.handle) == [(member.pk,)]
    assert reusable.rows(handle="nobody") == []


def test_objects_are_the_querysets_instances_with_their_annotations(members: list[User]) -> None:
    def build(*, since: dt.datetime) -> QuerySet[Any]:
        later = User.objects.filter(date_joined__gt=OuterRef("date_joined")).order_by("pk")
        return (
            User.objects.filter(date_joined__gte=since)
            .annotate(next_id=Subquery(later.values("pk")[:1]))
            .order_by("pk")
        )

    reusable = Reusable(build)
    for day in range(4):
        since = T0 + dt.timedelta(days=day)
        expected = list(build(since=since))
        found = reusable.objects(since=since)
        assert found == expected
        assert [(m.handle, m.date_joined, m.next_id) for m in found] == [
            (m.handle, m.date_joined, m.next_id) for m in expected
        ]
        assert all(not m._state.adding for m in found)
    # An instance read this way saves like any other.
    first = reusable.objects(since=T0)[0]
    first.display_name = "Renamed"
    first.save(update_fields=["display_name"])
    assert User.objects.get(pk=first.pk).display_name == "Renamed"


def test_objects_bring_the_instances_they_select_related(members: list[User]) -> None:
    # A required and a nullable foreign key (an outer join: None where there is none),
    # beside an annotation, as iterating the queryset gives them, with no further query.
    first, second, third, *_ = members
    Invitation.objects.create(sender=first, recipient=second, how_we_know="colleague")
    Invitation.objects.create(sender=third, recipient=second, how_we_know="mutual", mutual=first)
    Invitation.objects.create(sender=first, recipient=third, how_we_know="colleague")

    def build(*, recipient: int) -> QuerySet[Any]:
        return (
            Invitation.objects.filter(recipient_id=recipient)
            .select_related("sender", "mutual")
            .annotate(sender_handle=F("sender__handle"))
            .order_by("pk")
        )

    reusable = Reusable(build)
    for member in (second, third, first):
        expected = list(build(recipient=member.pk))
        with CaptureQueriesContext(connection) as captured:
            found = reusable.objects(recipient=member.pk)
            shown = [
                (
                    i.pk,
                    i.sender.handle,
                    i.sender.date_joined,
                    i.mutual.handle if i.mutual else None,
                    i.sender_handle,
                )
                for i in found
            ]
        assert len(captured.captured_queries) == 1
        assert shown == [
            (
                i.pk,
                i.sender.handle,
                i.sender.date_joined,
                i.mutual and i.mutual.handle,
                i.sender.handle,
            )
            for i in expected
        ]
    assert [i.mutual_id for i in reusable.objects(recipient=second.pk)] == [None, first.pk]


def test_objects_refuse_what_they_cannot_rebuild() -> None:
    with pytest.raises(ReusableQueryError, match="deferred"):
        Reusable(lambda *, v: User.objects.filter(pk=v).only("handle")).objects(v=1)
    with pytest.raises(ReusableQueryError, match="model instances"):
        Reusable(lambda *, v: User.objects.filter(pk=v).values_list("pk")).objects(v=1)


def test_a_key_the_orm_converts_is_refused_or_still_right(members: list[User]) -> None:
    # SQLite's iexact escapes _ % and \ in the value: reusing the SQL with another key
    # would skip that, so it is refused; where the ORM sends the key as it is
    # (PostgreSQL: UPPER(%s)), the rows must be the queryset's.
    def build(*, handle: str) -> QuerySet[Any]:
        return User.objects.filter(handle__iexact=handle).values_list("handle")

    reusable = Reusable(build)
    try:
        for key in ("M1", "m_", "m%", "m1"):
            assert reusable.rows(handle=key) == list(build(handle=key))
    except ReusableQueryError as refused:
        assert connection.vendor == "sqlite", refused


def test_a_day_is_a_value_and_a_moment_is_not_a_day(members: list[User]) -> None:
    company = Company.objects.create(name="Acme", slug="acme")
    for i, member in enumerate(members):
        Position.objects.create(
            member=member,
            company=company,
            title="Analyst",
            started_on=dt.date(2020, 1, 1 + i),
            is_current=True,
        )

    def build(*, day: dt.date) -> QuerySet[Any]:
        return Position.objects.filter(started_on__gte=day).order_by("pk").values_list("title")

    reusable = Reusable(build)
    for i in range(6):
        day = dt.date(2020, 1, 1 + i)
        assert reusable.rows(day=day) == list(build(day=day))
    assert len(reusable.rows(day=dt.date(2020, 1, 3))) == 2
    # A datetime is a date to Python; sent for a day it would compare as another thing.
    with pytest.raises(ReusableQueryError, match="not a datetime"):
        reusable.rows(day=T0)


def test_count_is_the_querysets_count(members: list[User]) -> None:
    def build(*, since: dt.datetime, ids: list[int]) -> QuerySet[Any]:
        return User.objects.filter(date_joined__gte=since).exclude(pk__in=ids).values_list("pk")

    reusable = Reusable(build)
    for day in range(5):
        since = T0 + dt.timedelta(days=day)
        for ids in ([], [members[0].pk], [m.pk for m in members]):
            with CaptureQueriesContext(connection) as captured:
                found = reusable.count(since=since, ids=ids)
            assert found == build(since=since, ids=ids).count()
            assert len(captured.captured_queries) == 1
    # A sliced queryset counts the rows of its slice, as the ORM's count does.
    sliced = Reusable(
        lambda *, since: User.objects.filter(date_joined__gte=since).values_list("pk")[:2]
    )
    assert sliced.count(since=T0) == 2 == User.objects.filter(date_joined__gte=T0)[:2].count()
    # A queryset of instances, its related ones joined, counts its own rows.
    joined = Reusable(
        lambda *, since: User.objects.filter(date_joined__gte=since).select_related("influence")
    )
    for day in range(5):
        since = T0 + dt.timedelta(days=day)
        assert joined.count(since=since) == User.objects.filter(date_joined__gte=since).count()
    # Nothing to look for: no query.
    nobody = Reusable(lambda *, ids: User.objects.filter(pk__in=ids).values_list("pk"))
    with CaptureQueriesContext(connection) as captured:
        assert nobody.count(ids=[]) == 0
    assert captured.captured_queries == []


def test_a_window_is_the_querysets_slice(members: list[User]) -> None:
    def build(*, since: dt.datetime) -> QuerySet[Any]:
        return User.objects.filter(date_joined__gte=since).order_by("-date_joined", "pk")

    reusable = Reusable(build)
    for offset in range(6):
        for limit in (1, 2, 3):
            expected = list(build(since=T0)[offset : offset + limit])
            assert reusable.objects(since=T0, window=(offset, limit)) == expected
            handles = Reusable(lambda *, since: build(since=since).values_list("handle"))
            assert handles.rows(since=T0, window=(offset, limit)) == [(m.handle,) for m in expected]
    for wrong in ((-1, 2), (0, 0), (True, 2), (0, "2")):
        with pytest.raises(ReusableQueryError, match="window"):
            reusable.objects(since=T0, window=wrong)  # type: ignore[arg-type]
    sliced = Reusable(lambda *, since: build(since=since)[:2])
    with pytest.raises(ReusableQueryError, match="unsliced"):
        sliced.objects(since=T0, window=(0, 1))
