"""Background work for companies: recomputing stored workforce insights. Each run
recomputes from the work histories as they are, so running it twice, or after they
changed again, leaves the right figures."""

from __future__ import annotations

from django_tasks import task


@task()
def company_insights_refresh(company_id: int) -> bool:
    """One company's insights; False when the company is gone."""
    from rapport.companies.services import insights_refresh

    return insights_refresh(company_id=company_id) is not None


@task()
def company_insights_refresh_all() -> int:
    """Every company's insights; how many."""
    from rapport.companies.services import insights_refresh_all

    return insights_refresh_all()
