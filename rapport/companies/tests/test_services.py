import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from rapport.companies.models import Company, Position
from rapport.companies.services import (
    company_get_or_create,
    position_add,
    position_remove,
    position_update,
)
from rapport.core.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db
JAN_2020 = dt.date(2020, 1, 1)


def test_members_share_one_company_record_by_name(ada, ben):
    position_add(
        member=ada,
        company_name="Acme, Inc.",
        title="Engineer",
        started_on=JAN_2020,
        is_current=True,
    )
    position_add(
        member=ben, company_name="acme inc", title="Designer", started_on=JAN_2020, is_current=True
    )
    assert Company.objects.count() == 1


def test_dates_are_stored_as_months(ada):
    position = position_add(
        member=ada,
        company_name="Acme",
        title="Engineer",
        started_on=dt.date(2020, 3, 17),
        ended_on=dt.date(2021, 2, 9),
    )
    assert (position.started_on, position.ended_on) == (dt.date(2020, 3, 1), dt.date(2021, 2, 1))
    assert position.months == 12


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"ended_on": dt.date(2019, 1, 1)}, "position.end_before_start"),
        ({"is_current": True, "ended_on": dt.date(2021, 1, 1)}, "position.current_with_end"),
        ({}, "position.end_required"),
        ({"started_on": dt.date(2999, 1, 1), "is_current": True}, "position.start_future"),
        ({"title": "   ", "is_current": True}, "position.title_required"),
        ({"company_name": "!!!", "is_current": True}, "company.name_required"),
    ],
)
def test_bad_positions_are_refused_and_change_nothing(ada, kwargs, code):
    fields = {"company_name": "Acme", "title": "Engineer", "started_on": JAN_2020, **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        position_add(member=ada, **fields)
    assert exc.value.code == code
    assert not Position.objects.exists() and not Company.objects.exists()


def test_database_refuses_current_position_with_end(ada):
    company = company_get_or_create(name="Acme")
    with pytest.raises(IntegrityError), transaction.atomic():
        Position.objects.create(
            member=ada,
            company=company,
            title="X",
            started_on=JAN_2020,
            ended_on=JAN_2020,
            is_current=True,
        )


def test_only_the_owner_changes_or_removes_a_position(ada, ben):
    position = position_add(
        member=ada, company_name="Acme", title="Engineer", started_on=JAN_2020, is_current=True
    )
    with pytest.raises(NotFound):
        position_update(
            member=ben,
            position_id=position.pk,
            company_name="Evil",
            title="Owned",
            started_on=JAN_2020,
            is_current=True,
        )
    with pytest.raises(NotFound):
        position_remove(member=ben, position_id=position.pk)
    position.refresh_from_db()
    assert position.title == "Engineer"
    position_update(
        member=ada,
        position_id=position.pk,
        company_name="Beta",
        title="Lead",
        started_on=JAN_2020,
        ended_on=dt.date(2022, 5, 1),
    )
    position.refresh_from_db()
    assert (position.company.name, position.title, position.is_current) == ("Beta", "Lead", False)
