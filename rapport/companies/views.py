from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rapport.companies import selectors
from rapport.core.pagination import page_number, paginate


@login_required
def company(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.company_by_slug(slug)
    if found is None:
        raise Http404("No such company.")
    staff = paginate(
        selectors.current_staff(company=found),
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    return render(request, "companies/company.html", {"company": found, "staff": staff})
