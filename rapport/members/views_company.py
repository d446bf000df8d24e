"""Company pages: who works there, and who of them is in your network.

They live with members (not companies) because they show members as members are
shown everywhere: with degree badges and the connection that links you.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rapport.accounts.models import User
from rapport.companies import admins
from rapport.companies import selectors as companies
from rapport.companies import services as company_services
from rapport.companies.models import SIZE_BANDS, Company
from rapport.core.errors import RapportError
from rapport.core.pagination import page_number, paginate
from rapport.members import network_views
from rapport.network import selectors as network


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
    # Both the staff's degree badges and "people in your network here" need the viewer's
    # private connections: read once.
    private = network.private_connections(viewer.pk)
    view = network_views.for_members(viewer, [p.member for p in staff.items], private=private)
    in_network, in_network_total = network_views.in_network_at(viewer, found.pk, private=private)
    return render(
        request,
        "companies/company.html",
        {
            "company": found,
            "staff": staff,
            "degrees": view.degrees,
            "in_network": in_network,
            "in_network_total": in_network_total,
            "insights": companies.insights_for(company=found),
            "following": companies.is_following(member=viewer, company=found),
            "is_admin": admins.is_company_admin(member=viewer, company=found),
        },
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    found = paginate(
        companies.directory(query),
        page=page_number(request.GET.get("page")),
        size=settings.RAPPORT["SEARCH_PAGE_SIZE"],
    )
    extra = urlencode({"q": query}) if query else ""
    return render(
        request, "companies/directory.html", {"companies": found, "q": query, "query": extra}
    )


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    found = companies.company_by_slug(slug)
    if found is None:
        raise Http404("No such company.")
    company_services.company_follow_set(
        member=request.user,  # type: ignore[arg-type]
        company=found,
        following=request.POST.get("follow") == "on",
    )
    return redirect("companies:detail", found.slug)


def _company(slug: str) -> Company:
    found = companies.company_by_slug(slug)
    if found is None:
        raise Http404("No such company.")
    return found


@login_required
@require_POST
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    found = _company(slug)
    try:
        admins.admin_claim(member=request.user, company=found)  # type: ignore[arg-type]
        messages.success(request, "Claimed: an operator will look at it.")
    except RapportError as error:
        messages.error(request, str(error))
    return redirect("companies:detail", found.slug)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = _company(slug)
    viewer: User = request.user  # type: ignore[assignment]
    if not admins.is_company_admin(member=viewer, company=found):
        raise Http404("No such company page to edit.")
    if request.method == "POST":
        fields = {
            key: request.POST.get(key, "")
            for key in ("description", "website", "industry", "size_band", "location")
        }
        try:
            admins.company_page_update(member=viewer, company=found, **fields)
        except RapportError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The company page is saved.")
            return redirect("companies:detail", found.slug)
    return render(
        request,
        "companies/edit.html",
        {
            "company": found,
            "size_bands": SIZE_BANDS,
            "logo_max_mb": settings.RAPPORT["LOGO_MAX_BYTES"] // 1_048_576,
            "logo_max_pixels": settings.RAPPORT["LOGO_MAX_PIXELS"],
        },
    )


@login_required
@require_POST
def logo_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload or remove the logo (admins only: others get 404, as for the edit page)."""
    found = _company(slug)
    viewer: User = request.user  # type: ignore[assignment]
    if not admins.is_company_admin(member=viewer, company=found):
        raise Http404("No such company page to edit.")
    upload = request.FILES.get("logo")
    try:
        if request.POST.get("remove"):
            admins.company_logo_remove(member=viewer, company=found)
            messages.success(request, "The logo is removed.")
        elif upload is None:
            messages.error(request, "Choose a picture to upload.")
        else:
            admins.company_logo_set(member=viewer, company=found, upload=upload)
            messages.success(request, "The logo is saved.")
    except RapportError as error:
        messages.error(request, str(error))
    return redirect("companies:edit", found.slug)


def logo(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The company's logo, for anyone (a public post of the company's shows it signed out
    too). Its address carries the stored name (`?v=`), so a new logo is a new address and
    the old one may be cached for long."""
    found = _company(slug)
    if not found.logo:
        raise Http404("This company has no logo.")
    try:
        response = FileResponse(found.logo.open("rb"))
    except FileNotFoundError as error:  # replaced a moment ago by another admin
        raise Http404("This company has no logo.") from error
    response["Cache-Control"] = "public, max-age=86400"
    return response
