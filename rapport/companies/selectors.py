from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from rapport.accounts.models import User
from rapport.companies.models import Company, CompanyFollow, CompanyInsights, Position
from rapport.core import limits


def positions_of(*, member: User) -> QuerySet[Position]:
    return Position.objects.filter(member=member).select_related("company")


def company_by_slug(slug: str) -> Company | None:
    """The company with `headcount`, the members who work there now — counted by a
    subquery on the current-staff index, not by grouping the company row with a join."""
    now_there = (
        Position.objects.filter(company=OuterRef("pk"), is_current=True)
        .order_by()
        .values("company")
        .annotate(n=Count("member", distinct=True))
        .values("n")
    )
    return (
        Company.objects.annotate(headcount=Coalesce(Subquery(now_there), 0))
        .filter(slug=slug)
        .first()
    )


def current_staff(*, company: Company) -> QuerySet[Position]:
    return (
        Position.objects.filter(company=company, is_current=True)
        .select_related("member", "member__profile")
        .order_by("-started_on")
    )


def companies_matching(prefix: str, *, limit: int = 10) -> QuerySet[Company]:
    return Company.objects.filter(name__istartswith=prefix.strip())[:limit]


def _shown(count: int, least: int) -> int | None:
    # Zero is hidden too: "fewer than 5" must cover 0, or it would say someone moved.
    return count if count >= least else None


def _top(pairs: list[list[int]], least: int, limit: int = 10) -> dict[str, object]:
    shown = [(company_id, n) for company_id, n in pairs if n >= least][:limit]
    names = dict(Company.objects.filter(pk__in=[c for c, _ in shown]).values_list("pk", "name"))
    rest = sum(n for _, n in pairs) - sum(n for _, n in shown)
    return {
        "top": [
            {"company": names.get(c, "A company no longer listed"), "count": n} for c, n in shown
        ],
        "elsewhere": _shown(rest, least),
    }


def insights_for(*, company: Company) -> dict[str, Any] | None:
    """A company's stored insights as members may see them: every count below the
    configured threshold (the limit `companies.insights_min_group`) replaced by None, and a median
    only for a group at least that large. None before the first computation."""
    from rapport.companies.insights import DEFINITIONS

    stored = CompanyInsights.objects.filter(company=company).first()
    if stored is None:
        return None
    raw = stored.figures
    least = limits.value("companies.insights_min_group")

    def series(key: str) -> list[dict[str, object]]:
        return [{"month": m, "count": _shown(n, least)} for m, n in raw[key]]

    return {
        "as_of": raw["as_of"],
        "computed_at": stored.computed_at,
        "min_group": least,
        "headcount_now": _shown(raw["headcount_now"], least),
        "headcount": series("headcount"),
        "joiners": series("joiners"),
        "leavers": series("leavers"),
        "current_count": _shown(raw["current_count"], least),
        "former_count": _shown(raw["former_count"], least),
        "median_tenure_current": raw["median_tenure_current"]
        if raw["current_count"] >= least
        else None,
        "median_tenure_former": raw["median_tenure_former"]
        if raw["former_count"] >= least
        else None,
        "tenure_distribution": [
            {"band": band, "count": _shown(n, least)} for band, n in raw["tenure_distribution"]
        ],
        "went_to": _top(raw["went_to"], least),
        "came_from": _top(raw["came_from"], least),
        "definitions": {key: text.format(min=least) for key, text in DEFINITIONS.items()},
    }


def is_following(*, member: User, company: Company) -> bool:
    return CompanyFollow.objects.filter(member=member, company=company).exists()


def directory(query: str) -> QuerySet[Company]:
    """Companies for the directory: those whose name contains the query (all when it is
    empty), with how many members work there now, by name."""
    found = Company.objects.annotate(
        headcount=Count("positions__member", filter=Q(positions__is_current=True), distinct=True)
    )
    text = query.strip()[:120]
    return found.filter(name__icontains=text) if text else found
