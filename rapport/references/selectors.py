"""Reads for reference checks: a candidate's former colleagues, as one requester may see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from rapport.accounts.models import User
from rapport.companies.insights import month_index
from rapport.companies.models import Company, Position
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
    colleagues: list[Colleague]
    current_companies: list[Company]
    current_shown: bool  # whether the candidate's current employer is included


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def former_colleagues(*, requester: User, candidate: User, now: dt.datetime) -> References:
    """Members whose positions at a company overlapped the candidate's there by at least
    RAPPORT["REFERENCE_MIN_OVERLAP_MONTHS"], longest overlap per colleague first.

    Nobody at the candidate's current employer is listed (neither an overlap there nor
    a colleague who works there now) unless the candidate allowed this requester and
    the permission still runs. Members who keep their history out of insights, are
    deactivated, or block or are blocked by the requester are never listed."""
    from rapport.network.selectors import blocked_ids, degrees_for
    from rapport.references.services import permission_holds

    this_month = month_index(now.date())
    least = settings.RAPPORT["REFERENCE_MIN_OVERLAP_MONTHS"]
    own = list(Position.objects.filter(member=candidate).select_related("company"))
    current_ids = {p.company_id for p in own if p.is_current}
    allowed = bool(current_ids) and permission_holds(
        requester=requester, candidate=candidate, now=now
    )
    excluded_companies = set() if allowed else current_ids
    searched = {p.company_id for p in own} - excluded_companies
    blocked = blocked_ids(requester.pk) | {requester.pk, candidate.pk}
    others = (
        Position.objects.filter(
            company_id__in=searched, member__is_active=True, member__insights_opt_out=None
        )
        .exclude(member_id__in=blocked)
        .select_related("member", "company")
    )
    if excluded_companies:
        now_there = Position.objects.filter(company_id__in=excluded_companies, is_current=True)
        others = others.exclude(member_id__in=now_there.values("member_id"))
    best: dict[int, tuple[int, int, int, Position]] = {}
    for theirs in others:
        for mine in own:
            if mine.company_id != theirs.company_id:
                continue
            start = max(month_index(mine.started_on), month_index(theirs.started_on))
            ends = [p.ended_on for p in (mine, theirs) if p.ended_on is not None]
            end = min([month_index(e) for e in ends] + [this_month])
            months = end - start + 1
            if months >= least and months > best.get(theirs.member_id, (0, 0, 0, theirs))[0]:
                best[theirs.member_id] = (months, start, end, theirs)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
    degrees = degrees_for(requester.pk, [member_id for member_id, _ in ranked])
    vias = _vias(requester, [m for m, _ in ranked if degrees.get(m) == 2])
    colleagues = [
        Colleague(
            member=position.member,
            company=position.company,
            start=_month_start(start),
            end=_month_start(end),
            months=months,
            degree=degrees.get(member_id),
            via=vias.get(member_id),
        )
        for member_id, (months, start, end, position) in ranked
    ]
    companies = [p.company for p in own if p.is_current]
    return References(colleagues, companies, current_shown=allowed)


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
