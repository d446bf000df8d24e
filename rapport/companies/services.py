"""Writes to companies and work histories."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from rapport.accounts.models import User
from rapport.companies.models import Company, Position
from rapport.core.errors import NotFound, ValidationFailed
from rapport.core.records import named_record
from rapport.core.text import clean_line, clean_paragraphs


class PositionInvalid(ValidationFailed):
    code = "position.invalid"


def company_slug(name: str) -> str:
    return slugify(clean_line(name))[:140]


def company_get_or_create(*, name: str) -> Company:
    """The shared Company record for a name, matched by slug so "Acme, Inc" finds "Acme Inc"."""
    return named_record(
        Company,
        name=name,
        name_max=120,
        slug_max=140,
        error=PositionInvalid(
            "Enter the company's name.", code="company.name_required", field="company"
        ),
    )


def _month(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value else None


def _validated(
    *, title: str, started_on: dt.date, ended_on: dt.date | None, is_current: bool
) -> tuple[str, dt.date, dt.date | None]:
    title = clean_line(title)[:120]
    if not title:
        raise PositionInvalid("Enter your title.", code="position.title_required", field="title")
    start = _month(started_on)
    end = _month(ended_on)
    assert start is not None
    this_month = timezone.localdate().replace(day=1)
    if start > this_month:
        raise PositionInvalid(
            "A start month cannot be in the future.",
            code="position.start_future",
            field="started_on",
        )
    if start.year < 1940:
        raise PositionInvalid(
            "Enter a start month after 1940.", code="position.start_too_early", field="started_on"
        )
    if is_current and end is not None:
        raise PositionInvalid(
            "A current position has no end month; clear it or untick 'I work here now'.",
            code="position.current_with_end",
            field="ended_on",
        )
    if not is_current and end is None:
        raise PositionInvalid(
            "Enter the end month, or tick 'I work here now'.",
            code="position.end_required",
            field="ended_on",
        )
    if end is not None and end < start:
        raise PositionInvalid(
            "The end month is before the start month.",
            code="position.end_before_start",
            field="ended_on",
        )
    if end is not None and end > this_month:
        raise PositionInvalid(
            "An end month cannot be in the future.", code="position.end_future", field="ended_on"
        )
    return title, start, end


def position_add(
    *,
    member: User,
    company_name: str,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    is_current: bool = False,
    description: str = "",
) -> Position:
    title, start, end = _validated(
        title=title, started_on=started_on, ended_on=ended_on, is_current=is_current
    )
    with transaction.atomic():
        company = company_get_or_create(name=company_name)
        return Position.objects.create(
            member=member,
            company=company,
            title=title,
            started_on=start,
            ended_on=end,
            is_current=is_current,
            description=clean_paragraphs(description)[:2000],
        )


def _own_position(member: User, position_id: int) -> Position:
    # Someone else's position is reported as missing, so ids reveal nothing.
    position = Position.objects.filter(pk=position_id, member=member).first()
    if position is None:
        raise NotFound("No such position in your work history.", code="position.not_found")
    return position


def position_update(
    *,
    member: User,
    position_id: int,
    company_name: str,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    is_current: bool = False,
    description: str = "",
) -> Position:
    position = _own_position(member, position_id)
    title, start, end = _validated(
        title=title, started_on=started_on, ended_on=ended_on, is_current=is_current
    )
    with transaction.atomic():
        position.company = company_get_or_create(name=company_name)
        position.title = title
        position.started_on = start
        position.ended_on = end
        position.is_current = is_current
        position.description = clean_paragraphs(description)[:2000]
        position.save()
    return position


def position_remove(*, member: User, position_id: int) -> None:
    _own_position(member, position_id).delete()
