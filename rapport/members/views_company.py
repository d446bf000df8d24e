"""Company pages: who works there, and who of them is in your network.

They live with members (not companies) because they show members as members are
shown everywhere: with degree badges and the connection that links you.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.accounts.models import User
from rapport.companies import selectors as companies
from rapport.core.pagination import page_number, paginate
from rapport.members import network_views


@login_required
def company(request: HttpRequest, slug: str) -> HttpResponse:
    found = companies.company_by_slug(slug)
    if found is None:
        raise Http404("No such company.")
    viewer: User = request.user  # type: ignore[assignment]
    staff = paginate(
        companies.current_staff(company=found),
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    view = network_views.for_members(viewer, [p.member for p in staff.items])
    return render(
        request,
        "companies/company.html",
        {
            "company": found,
            "staff": staff,
            "degrees": view.degrees,
            "in_network": network_views.in_network_at(viewer, found.pk),
            "insights": companies.insights_for(company=found),
        },
    )
