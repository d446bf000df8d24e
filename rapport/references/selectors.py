"""Reads for reference checks: a candidate's former colleagues, as one requester may see them."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from rapport.accounts.models import User
from rapport.accounts.selectors import inactive_members
from rapport.companies.insights import month_index
from rapport.companies.models import Company, InsightsOptOut, Position
from rapport.core import limits
from rapport.core.pagination import Page
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


PAGE_SIZE = 25  # as long as a search page; degrees and connectors are read per page


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def former_colleagues(
    *, requester: User, candidate: User, now: dt.datetime, page: int = 1, size: int = PAGE_SIZE
) -> References:
    """Members whose positions at a company overlapped the candidate's there by at least
    `references.min_overlap_months` (a limit), longest overlap per colleague first, one
    page of them.

    Nobody at the candidate's current employer is listed (neither an overlap there nor
    a colleague who works there now) unless the candidate allowed this requester and
    the permission still runs. Members who keep their history out of insights, are
    deactivated, or block or are blocked by the requester are never listed.

    One query reads the dates of everyone at the candidate's companies (dates only);
    the overlaps are whole months worked out here, and only the page's members are read,
    with their degrees and connectors: a company of 20,000 former staff lists thousands."""
    from rapport.network.selectors import blocked_ids, degrees_for, private_connections
    from rapport.references.services import permission_holds

    today = now.date()
    least = limits.value("references.min_overlap_months")
    own = list(Position.objects.filter(member=candidate).select_related("company"))
    current_ids = {p.company_id for p in own if p.is_current}
    allowed = bool(current_ids) and permission_holds(
        requester=requester, candidate=candidate, now=now
    )
    excluded_companies = set() if allowed else current_ids
    blocked = blocked_ids(requester.pk) | {requester.pk, candidate.pk}
    # Deactivated and opted-out members are small sets left out by subquery, not joins
    # to every account (a company's thousands of rows are read here).
    others = (
        Position.objects.exclude(member_id__in=inactive_members())
        .exclude(member_id__in=InsightsOptOut.objects.values("member_id"))
        .exclude(member_id__in=blocked)
    )
    if excluded_companies:
        now_there = Position.objects.filter(company_id__in=excluded_companies, is_current=True)
        others = others.exclude(member_id__in=now_there.values("member_id"))
    searched = {p.company_id for p in own} - excluded_companies
    mine_by_company: dict[int, list[tuple[int, int]]] = defaultdict(list)
    this_month = month_index(today)
    for mine in own:
        if mine.company_id in searched:
            ends = month_index(mine.ended_on) if mine.ended_on else this_month
            mine_by_company[mine.company_id].append(
                (month_index(mine.started_on), min(ends, this_month))
            )
    # Dates only, no per-row functions in SQL (SQLite runs date functions in Python, a
    # call a row), and only rows that could overlap by `least` months: they started no
    # later than `least` months before the candidate left and did not leave earlier
    # than `least` months after the candidate came. The months are counted here.
    could = Q(pk__in=[])
    for company_id, spans in mine_by_company.items():
        for mine_start, mine_end in spans:
            could |= Q(
                company_id=company_id, started_on__lte=_month_start(mine_end - least + 1)
            ) & (Q(ended_on__isnull=True) | Q(ended_on__gte=_month_start(mine_start + least - 1)))
    rows = (
        others.filter(could)
        .order_by()
        .values_list("member_id", "company_id", "started_on", "ended_on")
    )
    # Ties are settled the same way each time: the longest overlap, then the lowest
    # company id, then the earliest start.
    best: dict[int, tuple[int, int, int, int]] = {}  # member → months, start, end, company
    for member_id, company_id, started_on, ended_on in rows:
        theirs_start = started_on.year * 12 + started_on.month - 1
        theirs_end = this_month
        if ended_on is not None:
            theirs_end = min(ended_on.year * 12 + ended_on.month - 1, this_month)
        for mine_start, mine_end in mine_by_company[company_id]:
            first = mine_start if mine_start > theirs_start else theirs_start
            last = mine_end if mine_end < theirs_end else theirs_end
            months = last - first + 1
            if months < least:
                continue
            held = best.get(member_id)
            if held is None or (months, -company_id, -first) > (held[0], -held[3], -held[1]):
                best[member_id] = (months, first, last, company_id)
    # The page, without sorting thousands when the first pages are what people read.
    total = len(best)
    last_page = max(1, -(-total // size))
    number = min(max(1, page), last_page)
    order = [(-found[0], member_id) for member_id, found in best.items()]
    upto = [(member_id, best[member_id]) for _, member_id in heapq.nsmallest(number * size, order)]
    shown = Page(upto[(number - 1) * size :], number, size, total)
    ids = [member_id for member_id, _ in shown.items]
    people = User.objects.in_bulk(ids)
    companies = {p.company_id: p.company for p in own}  # every overlap is at one of them
    private = private_connections(requester.pk)
    degrees = degrees_for(requester.pk, ids, private=private)
    vias = _vias(requester, [m for m in ids if degrees.get(m) == 2], private)
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


def _vias(requester: User, second: list[int], private: set[int]) -> dict[int, User]:
    """The best connector to each 2nd-degree colleague: the lowest-id connection of the
    requester whose list the requester may see (decision 0011), as company pages show."""
    if not second:
        return {}
    from rapport.network import graph

    vias = graph.index().vias(requester.pk, second, exclude=private)
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
