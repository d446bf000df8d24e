"""Writes to companies and work histories."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from rapport.accounts.models import User
from rapport.companies.models import (
    Company,
    CompanyFollow,
    CompanyInsights,
    InsightsOptOut,
    Position,
)
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
        # The company it leaves changes too (the save itself marks the new one stale).
        insights_refresh_later(position.company_id)
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


def insights_refresh(*, company_id: int, today: dt.date | None = None) -> CompanyInsights | None:
    """Recompute and store one company's insights from the work histories as they are now:
    idempotent, and it leaves out members who hid their history or whose account is gone
    or deactivated. None when the company no longer exists."""
    from rapport.companies import insights

    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return None
    counted = Position.objects.filter(member__is_active=True, member__insights_opt_out=None)
    own = counted.filter(company_id=company_id)
    fields = ("member_id", "company_id", "started_on", "ended_on")

    def rows(queryset: QuerySet[Position]) -> list[insights.Row]:
        return [
            insights.Row(m, c, insights.month_index(s), insights.month_index(e) if e else None)
            for m, c, s, e in queryset.values_list(*fields).iterator(chunk_size=5000)
        ]

    elsewhere = counted.filter(member_id__in=own.values("member_id")).exclude(company_id=company_id)
    figures = insights.compute(
        company_id=company_id,
        rows=rows(own),
        elsewhere=rows(elsewhere),
        today=today or timezone.localdate(),
    )
    stored, _ = CompanyInsights.objects.update_or_create(
        company=company, defaults={"figures": figures, "computed_at": timezone.now()}
    )
    return stored


def insights_refresh_all() -> int:
    """Every company's insights (daily, so the month rolls over and nobody's figures wait
    for a change at their company); how many were computed."""
    done = 0
    for company_id in Company.objects.order_by("pk").values_list("pk", flat=True).iterator():
        done += insights_refresh(company_id=company_id) is not None
    return done


def insights_refresh_later(*company_ids: int) -> None:
    """Queue a recompute of these companies' insights once the change is committed."""
    from rapport.companies.tasks import company_insights_refresh

    for company_id in sorted(set(company_ids)):
        transaction.on_commit(partial(company_insights_refresh.enqueue, company_id))


def insights_hide_set(*, member: User, hidden: bool) -> None:
    """Keep (or stop keeping) the member's work history out of every company's insights;
    every company they worked at is recomputed."""
    with transaction.atomic():
        if hidden:
            InsightsOptOut.objects.get_or_create(member=member)
        else:
            InsightsOptOut.objects.filter(member=member).delete()
        insights_refresh_later(
            *Position.objects.filter(member=member).values_list("company_id", flat=True)
        )


def company_follow_set(*, member: User, company: Company, following: bool) -> bool:
    """Follow or stop following a company; idempotent. Whether the member now follows it."""
    if following:
        CompanyFollow.objects.get_or_create(member=member, company=company)
    else:
        CompanyFollow.objects.filter(member=member, company=company).delete()
    return following
