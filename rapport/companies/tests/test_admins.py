"""Company admins: claim while working there, operator approves, only admins edit."""

import datetime as dt

import pytest
from django.utils import timezone

from rapport.companies.admins import (
    CLAIM,
    admin_claim,
    admin_claim_decide,
    company_page_update,
)
from rapport.companies.models import AdminClaimState, Company
from rapport.companies.services import position_add
from rapport.core.errors import Conflict, PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db
PAGE = dict(
    description="We build harbours.",
    website="https://harborline.example",
    industry="Software",
    size_band="51-200",
    location="Lisbon",
)


@pytest.fixture
def harborline(ada):
    position_add(
        member=ada,
        company_name="Harborline Software",
        title="CTO",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    return Company.objects.get(slug="harborline-software")


def test_an_approved_admin_edits_the_page(ada, harborline):
    claim = admin_claim(member=ada, company=harborline)
    with pytest.raises(PermissionDenied):
        company_page_update(member=ada, company=harborline, **PAGE)
    admin_claim_decide(claim=claim, approve=True, now=timezone.now())
    company_page_update(member=ada, company=harborline, **PAGE)
    harborline.refresh_from_db()
    assert (harborline.size_band, harborline.website) == ("51-200", "https://harborline.example")


def test_someone_who_does_not_work_there_cannot_claim(ben, harborline):
    with pytest.raises(PermissionDenied) as refused:
        admin_claim(member=ben, company=harborline)
    assert refused.value.code == "company.claim_not_staff"


def test_a_refused_claim_edits_nothing_and_cannot_be_claimed_again(ada, harborline):
    claim = admin_claim(member=ada, company=harborline)
    admin_claim_decide(claim=claim, approve=False, now=timezone.now())
    with pytest.raises(PermissionDenied):
        company_page_update(member=ada, company=harborline, **PAGE)
    with pytest.raises(Conflict):
        admin_claim(member=ada, company=harborline)


def test_a_bad_size_band_or_website_changes_nothing(ada, harborline):
    admin_claim_decide(
        claim=admin_claim(member=ada, company=harborline), approve=True, now=timezone.now()
    )
    for bad in ({"size_band": "huge"}, {"website": "javascript:alert(1)"}):
        with pytest.raises(ValidationFailed):
            company_page_update(member=ada, company=harborline, **{**PAGE, **bad})
    harborline.refresh_from_db()
    assert harborline.description == ""


def test_the_claim_lifecycle_is_declared():
    assert CLAIM.can(AdminClaimState.CLAIMED, AdminClaimState.APPROVED)
    assert CLAIM.can(AdminClaimState.APPROVED, AdminClaimState.REFUSED)
    assert not CLAIM.can(AdminClaimState.REFUSED, AdminClaimState.APPROVED)
