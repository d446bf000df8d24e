"""Reads for reference checks: a candidate's former colleagues, as one requester may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import DateField, F, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least

from rapport.accounts.models import User
from rapport.companies.models import Company, Position
from rapport.core.pagination import Page, paginate
from rapport.references.models import CurrentEmployerPermission, ReferenceLookup


@dataclass
class Colleague:
    member: User
    company: Company
    start: dt.date  # first month both were there
    end: dt.date  # last month both were there
    months: int
    degree: int | None
    via: User | None  # the requester's connection who links them, for the 2nd degree


@dataclass
class References:
    page: Page[Colleague]  # longest overlap first
    current_companies: list[Company]
    current_shown: bool  # whether the candidate's current employer is included

    @property
    def colleagues(self) -> list[Colleague]:
        return self.page.items


PAGE_SIZE = 50


def _month(day: Any) -> Any:
    """`insights.month_index` in SQL: months since year 0, so a difference counts months."""
    return ExtractYear(day) * 12 + ExtractMonth(day) - 1


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def former_colleagues(
    *, requester: User, candidate: User, now: dt.datetime, page: int = 1, size: int = PAGE_SIZE
) -> References:
    """Members whose positions at a company overlapped the candidate's there by at least
    RAPPORT["REFERENCE_MIN_OVERLAP_MONTHS"], longest overlap per colleague first, one
    page of them.

    Nobody at the candidate's current employer is listed (neither an overlap there nor
    a colleague who works there now) unless the candidate allowed this requester and
    the permission still runs. Members who keep their history out of insights, are
    deactivated, or block or are blocked by the requester are never listed.

    The overlaps are worked out by the database (one query per position of the
    candidate's, whole numbers back), and only the page's members are read, with their
    degrees and connectors: a company of 20,000 former staff lists thousands."""
    from rapport.network.selectors import blocked_ids, degrees_for
    from rapport.references.services import permission_holds

    today = now.date()
    least = settings.RAPPORT["REFERENCE_MIN_OVERLAP_MONTHS"]
    own = list(Position.objects.filter(member=candidate).select_related("company"))
    current_ids = {p.company_id for p in own if p.is_current}
    allowed = bool(current_ids) and permission_holds(
        requester=requester, candidate=candidate, now=now
    )
    excluded_companies = set() if allowed else current_ids
    blocked = blocked_ids(requester.pk) | {requester.pk, candidate.pk}
    others = Position.objects.filter(member__is_active=True, member__insights_opt_out=None).exclude(
        member_id__in=blocked
    )
    if excluded_companies:
        now_there = Position.objects.filter(company_id__in=excluded_companies, is_current=True)
        others = others.exclude(member_id__in=now_there.values("member_id"))
    best: dict[int, tuple[int, int, int, int]] = {}  # member → months, start, end, company
    for mine in own:
        if mine.company_id in excluded_companies:
            continue
        mine_end = min(mine.ended_on or today, today)
        start = Greatest(F("started_on"), Value(mine.started_on, output_field=DateField()))
        end = Least(
            Coalesce(F("ended_on"), Value(today, output_field=DateField())),
            Value(mine_end, output_field=DateField()),
        )
        for member_id, months, first, last in (
            others.filter(company_id=mine.company_id)
            .annotate(first=_month(start), last=_month(end))
            .annotate(overlap=F("last") - F("first") + 1)
            .filter(overlap__gte=least)
            .order_by()  # ranked below; the model's own ordering would only sort twice
            .values_list("member_id", "overlap", "first", "last")
        ):
            if months > best.get(member_id, (0,))[0]:
                best[member_id] = (months, first, last, mine.company_id)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    shown = paginate(ranked, page=page, size=size)
    ids = [member_id for member_id, _ in shown.items]
    people = User.objects.in_bulk(ids)
    companies = {p.company_id: p.company for p in own}  # every overlap is at one of them
    degrees = degrees_for(requester.pk, ids)
    vias = _vias(requester, [m for m in ids if degrees.get(m) == 2])
    colleagues = [
        Colleague(
            member=people[member_id],
            company=companies[company],
            start=_month_start(first),
            end=_month_start(last),
            months=months,
            degree=degrees.get(member_id),
            via=vias.get(member_id),
        )
        for member_id, (months, first, last, company) in shown.items
    ]
    return References(
        Page(colleagues, shown.number, shown.size, shown.total),
        [companies[p.company_id] for p in own if p.is_current],
        current_shown=allowed,
    )


def _vias(requester: User, second: list[int]) -> dict[int, User]:
    """The best connector to each 2nd-degree colleague: the lowest-id connection of the
    requester whose list the requester may see (decision 0011), as company pages show."""
    if not second:
        return {}
    from rapport.network import graph
    from rapport.network.selectors import _private_connections

    index = graph.index()
    vias = index.vias(requester.pk, second, exclude=_private_connections(index, requester.pk))
    people = User.objects.in_bulk([v for v in vias if v is not None])
    return {m: people[v] for m, v in zip(second, vias, strict=True) if v in people}


def permission_of(*, requester: User, candidate: User) -> CurrentEmployerPermission | None:
    return CurrentEmployerPermission.objects.filter(
        candidate=candidate, requester=requester
    ).first()


def requests_for(*, candidate: User) -> list[CurrentEmployerPermission]:
    return list(
        CurrentEmployerPermission.objects.filter(candidate=candidate)
        .select_related("requester")
        .order_by("-asked_at")
    )


def lookups_of(*, candidate: User) -> list[ReferenceLookup]:
    return list(ReferenceLookup.objects.filter(candidate=candidate).select_related("requester"))
