from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from rapport.accounts.models import User
from rapport.companies.models import Company, Position


def positions_of(*, member: User) -> QuerySet[Position]:
    return Position.objects.filter(member=member).select_related("company")


def company_by_slug(slug: str) -> Company | None:
    return (
        Company.objects.annotate(
            headcount=Count(
                "positions__member", filter=Q(positions__is_current=True), distinct=True
            )
        )
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
