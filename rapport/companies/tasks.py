"""Background work for companies: recomputing stored workforce insights. Each run
recomputes from the work histories as they are, so running it twice, or after they
changed again, leaves the right figures."""

from __future__ import annotations

from django_tasks import task

from rapport.companies.models import Company


@task()
def company_insights_refresh(company_id: int) -> bool:
    """One company's insights; False when the company is gone."""
    from rapport.companies.services import insights_refresh

    return insights_refresh(company_id=company_id) is not None


@task()
def company_insights_refresh_all() -> int:
    """Every company's insights (nightly, so the month rolls over); how many."""
    from rapport.companies.services import insights_refresh

    done = 0
    for company_id in Company.objects.order_by("pk").values_list("pk", flat=True).iterator():
        done += insights_refresh(company_id=company_id) is not None
    return done
