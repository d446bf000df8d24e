"""Company admins: a member who works at a company claims its page, an operator
approves in the Django admin, and only approved admins edit it."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.conf import settings
from django.db import transaction

from rapport.accounts.models import User
from rapport.companies.models import SIZE_BANDS, AdminClaimState, Company, CompanyAdminClaim
from rapport.core.errors import Conflict, PermissionDenied, ValidationFailed
from rapport.core.images import image_discard, image_store
from rapport.core.states import StateMachine
from rapport.core.text import clean_line, clean_paragraphs

CLAIM = StateMachine.declare(
    "company_claim",
    initial=AdminClaimState.CLAIMED,
    transitions={
        AdminClaimState.CLAIMED: {AdminClaimState.APPROVED, AdminClaimState.REFUSED},
        AdminClaimState.APPROVED: {AdminClaimState.REFUSED},  # an operator takes it back
    },
)


def is_company_admin(*, member: User, company: Company) -> bool:
    """Approved, and still working there: admin rights end with the job (claiming needs
    a current position, and keeping them does too)."""
    return CompanyAdminClaim.objects.filter(
        member=member,
        company=company,
        state=AdminClaimState.APPROVED,
        member__positions__company=company,
        member__positions__is_current=True,
    ).exists()


def admin_claim(*, member: User, company: Company) -> CompanyAdminClaim:
    """Claim the page of a company the member works at now."""
    if not member.positions.filter(company=company, is_current=True).exists():
        raise PermissionDenied(
            "Only someone who works there now can claim a company's page.",
            code="company.claim_not_staff",
        )
    claim, created = CompanyAdminClaim.objects.get_or_create(member=member, company=company)
    if not created:
        raise Conflict("You have already claimed this page.", code="company.claimed")
    return claim


def admin_claim_decide(*, claim: CompanyAdminClaim, approve: bool, now: dt.datetime) -> None:
    """The operator's decision (the Django admin's actions call this)."""
    with transaction.atomic():
        CLAIM.transition(claim, AdminClaimState.APPROVED if approve else AdminClaimState.REFUSED)
        claim.decided_at = now
        claim.save(update_fields=["state", "decided_at"])


def company_page_update(
    *,
    member: User,
    company: Company,
    description: str,
    website: str,
    industry: str,
    size_band: str,
    location: str,
) -> Company:
    """An approved admin edits the page; anyone else is refused."""
    _admin_only(member, company)
    if size_band and size_band not in dict(SIZE_BANDS):
        raise ValidationFailed("Choose a size band from the list.", code="company.size_band")
    website = website.strip()[:200]
    if website and not website.startswith(("https://", "http://")):
        raise ValidationFailed("A website starts with https://.", code="company.website")
    company.description = clean_paragraphs(description)[:4000]
    company.website = website
    company.industry = clean_line(industry)[:80]
    company.size_band = size_band
    company.location = clean_line(location)[:120]
    company.save(update_fields=["description", "website", "industry", "size_band", "location"])
    return company


LOGO_FORMATS = ("PNG", "JPEG", "WEBP")


def _admin_only(member: User, company: Company) -> None:
    if not is_company_admin(member=member, company=company):
        raise PermissionDenied("Only the company's admins edit its page.", code="company.not_admin")


@transaction.atomic
def company_logo_set(*, member: User, company: Company, upload: IO[bytes]) -> Company:
    """An approved admin uploads the logo: a PNG, JPEG or WebP picture, re-encoded from its
    pixels (nothing else of the file is kept). A refused file changes nothing."""
    _admin_only(member, company)
    image_store(
        company.logo,
        upload,
        max_bytes=settings.RAPPORT["LOGO_MAX_BYTES"],
        max_side=settings.RAPPORT["LOGO_MAX_PIXELS"],
        formats=LOGO_FORMATS,
        what="The logo",
        field="logo",
    )
    company.save(update_fields=["logo"])
    return company


@transaction.atomic
def company_logo_remove(*, member: User, company: Company) -> Company:
    _admin_only(member, company)
    if company.logo:
        image_discard(company, "logo")
        company.save(update_fields=["logo"])
    return company
