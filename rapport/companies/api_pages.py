"""A company's page over the API: following it, claiming admin rights, and what approved
admins edit — the description and facts, and the logo."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.companies import admins, selectors, services
from rapport.companies.api_schemas import CompanyOut
from rapport.companies.models import Company
from rapport.core.api_schemas import PathSlug, StrictInput, errors
from rapport.core.errors import NotFound

router = Router(tags=["companies"])


class CompanyPatch(StrictInput):
    description: str | None = Field(None, max_length=4000)
    website: str | None = Field(None, max_length=200)
    industry: str | None = Field(None, max_length=80)
    size_band: str | None = Field(None, max_length=20)
    location: str | None = Field(None, max_length=120)


class FollowOut(Schema):
    following: bool


class ClaimOut(Schema):
    state: str = Field(description="claimed, approved or refused (an operator decides).")


def company_of(slug: str) -> Company:
    found = selectors.company_by_slug(slug.lower())
    if found is None:
        raise NotFound("No company with that name here.", code="company.not_found")
    return found


def company_out(company: Company) -> dict[str, Any]:
    return {
        "name": company.name,
        "slug": company.slug,
        "industry": company.industry,
        "location": company.location,
        "website": company.website,
        "description": company.description,
        "size_band": company.size_band,
        "logo": (
            f"{reverse('companies:logo', args=[company.slug])}?v={company.logo_version}"
            if company.logo
            else None
        ),
        "headcount": getattr(company, "headcount", 0),
    }


@router.get("/companies/{slug}", response={200: CompanyOut, **errors(404)})
def company_detail(request: HttpRequest, slug: PathSlug) -> dict[str, Any]:
    """A company and how many members work there now."""
    return company_out(company_of(slug))


@router.patch("/companies/{slug}", response={200: CompanyOut, **errors(400, 403, 404)})
def company_edit(request: HttpRequest, slug: PathSlug, payload: CompanyPatch) -> dict[str, Any]:
    """An approved admin edits the page (fields left out stay as they are); anyone else
    gets 403 and nothing changes."""
    company = company_of(slug)
    given = payload.model_dump(exclude_none=True)
    fields = {
        name: given.get(name, getattr(company, name))
        for name in ("description", "website", "industry", "size_band", "location")
    }
    admins.company_page_update(member=member_of(request), company=company, **fields)
    return company_out(company_of(slug))


@router.post("/companies/{slug}/logo", response={200: CompanyOut, **errors(400, 403, 404)})
def logo_set(request: HttpRequest, slug: PathSlug, logo: File[UploadedFile]) -> dict[str, Any]:
    """An approved admin uploads the logo (multipart, field `logo`: PNG, JPEG or WebP); it
    is re-encoded from its pixels. A refused file is a 400 and changes nothing."""
    company = company_of(slug)
    admins.company_logo_set(member=member_of(request), company=company, upload=logo)
    return company_out(company_of(slug))


@router.delete("/companies/{slug}/logo", response={204: None, **errors(403, 404)})
def logo_remove(request: HttpRequest, slug: PathSlug) -> Status[None]:
    admins.company_logo_remove(member=member_of(request), company=company_of(slug))
    return Status(204, None)


@router.put("/companies/{slug}/follow", response={200: FollowOut, **errors(404)})
def follow(request: HttpRequest, slug: PathSlug) -> dict[str, bool]:
    """Follow the company: its job changes reach you (idempotent)."""
    services.company_follow_set(member=member_of(request), company=company_of(slug), following=True)
    return {"following": True}


@router.delete("/companies/{slug}/follow", response={200: FollowOut, **errors(404)})
def unfollow(request: HttpRequest, slug: PathSlug) -> dict[str, bool]:
    services.company_follow_set(
        member=member_of(request), company=company_of(slug), following=False
    )
    return {"following": False}


@router.post("/companies/{slug}/admin-claims", response={201: ClaimOut, **errors(403, 404, 409)})
def claim(request: HttpRequest, slug: PathSlug) -> Status[dict[str, str]]:
    """Claim admin rights for a company you work at now; an operator approves."""
    found = admins.admin_claim(member=member_of(request), company=company_of(slug))
    return Status(201, {"state": found.state})
