"""The company logo (admins only, re-encoded, refused files change nothing, served to
members) and the company page over the API: edit, logo, follow, admin claims."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from rapport.companies.admins import (
    admin_claim,
    admin_claim_decide,
    company_logo_remove,
    company_logo_set,
)
from rapport.companies.models import Company, CompanyFollow
from rapport.companies.services import position_add
from rapport.core.errors import PermissionDenied, ValidationFailed
from rapport.core.tests.test_api import API, as_member, assert_error

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def picture(fmt: str = "PNG", size: tuple[int, int] = (64, 64), name: str = "logo.png"):
    out = io.BytesIO()
    image = Image.new("RGB", size, "teal")
    image.save(out, fmt, **({"exif": b"Exif\x00\x00secret"} if fmt == "JPEG" else {}))
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def harborline(ada):
    position_add(
        member=ada,
        company_name="Harborline Software",
        title="CTO",
        started_on=dt.date(2020, 1, 1),
        is_current=True,
    )
    company = Company.objects.get(slug="harborline-software")
    admin_claim_decide(
        claim=admin_claim(member=ada, company=company), approve=True, now=timezone.now()
    )
    return company


def test_an_admin_sets_a_logo_stored_re_encoded_under_a_random_name(
    ada, harborline, django_capture_on_commit_callbacks
):
    company_logo_set(member=ada, company=harborline, upload=picture("JPEG", name="ours.jpg"))
    harborline.refresh_from_db()
    first = harborline.logo.name
    assert first.startswith("logos/") and first.endswith(".jpg") and "ours" not in first
    with harborline.logo.open("rb") as f:
        assert b"secret" not in f.read()
    storage = harborline.logo.storage
    with django_capture_on_commit_callbacks(execute=True):
        company_logo_set(member=ada, company=harborline, upload=picture())
    harborline.refresh_from_db()
    assert harborline.logo.name != first and not storage.exists(first)  # the old one goes


def test_refused_files_and_other_members_change_nothing(ada, ben, harborline, settings):
    company_logo_set(member=ada, company=harborline, upload=picture())
    harborline.refresh_from_db()
    kept = harborline.logo.name
    with pytest.raises(PermissionDenied):
        company_logo_set(member=ben, company=harborline, upload=picture())
    with pytest.raises(PermissionDenied):
        company_logo_remove(member=ben, company=harborline)
    svg = SimpleUploadedFile("logo.svg", b"<svg onload=alert(1)></svg>")
    gif = io.BytesIO()
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    settings.RAPPORT = {**settings.RAPPORT, "LOGO_MAX_PIXELS": 100}
    for bad, code in (
        (svg, "image.unreadable"),
        (SimpleUploadedFile("l.gif", gif.getvalue()), "image.type"),
        (picture(size=(300, 20)), "image.too_large"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            company_logo_set(member=ada, company=harborline, upload=bad)
        assert caught.value.code == code
    settings.RAPPORT = {**settings.RAPPORT, "LOGO_MAX_BYTES": 10}
    with pytest.raises(ValidationFailed) as caught:
        company_logo_set(member=ada, company=harborline, upload=picture())
    assert caught.value.code == "image.too_big"
    harborline.refresh_from_db()
    assert harborline.logo.name == kept


def test_the_edit_page_uploads_and_the_pages_show_it(client, ada, ben, harborline):
    client.force_login(ada)
    edit = reverse("companies:logo_edit", args=[harborline.slug])
    assert client.post(edit, {"logo": picture()}).status_code == 302
    page = client.get(reverse("companies:detail", args=[harborline.slug])).content.decode()
    logo = reverse("companies:logo", args=[harborline.slug])
    assert 'data-testid="company-logo"' in page and logo in page
    assert logo in client.get(reverse("companies:directory")).content.decode()
    served = client.get(logo)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).size == (64, 64)
    client.force_login(ben)
    assert client.get(logo).status_code == 200  # members see it
    assert client.post(edit, {"logo": picture()}).status_code == 404  # not ben's to change
    client.logout()
    assert client.get(logo).status_code == 200  # public, as a public company post is
    client.force_login(ada)
    client.post(edit, {"remove": "1"})
    assert client.get(logo).status_code == 404


def test_the_page_over_the_api(ada, ben, harborline):
    api, other = as_member(ada), as_member(ben)
    edited = api.patch("/companies/harborline-software", {"industry": "Maritime software"})
    assert edited.status_code == 200 and edited.json()["industry"] == "Maritime software"
    assert edited.json()["logo"] is None
    assert_error(
        other.patch("/companies/harborline-software", {"industry": "x"}), 403, "company.not_admin"
    )
    assert_error(
        api.patch("/companies/harborline-software", {"website": "ftp://x"}), 400, "company.website"
    )
    assert_error(
        api.patch("/companies/harborline-software", {"colour": "red"}), 422, "request.invalid"
    )
    harborline.refresh_from_db()
    assert harborline.industry == "Maritime software" and harborline.website == ""

    upload = api.client.post(
        API + "/companies/harborline-software/logo",
        {"logo": picture()},
        headers=api._headers(),
    )
    assert upload.status_code == 200 and upload.json()["logo"].startswith(
        "/companies/harborline-software/logo/?v="
    )
    replaced = api.client.post(
        API + "/companies/harborline-software/logo", {"logo": picture()}, headers=api._headers()
    )
    assert replaced.json()["logo"] != upload.json()["logo"]  # a new logo, a new address
    refused = api.client.post(
        API + "/companies/harborline-software/logo",
        {"logo": SimpleUploadedFile("x.png", b"not a picture")},
        headers=api._headers(),
    )
    assert_error(refused, 400, "image.unreadable")
    assert api.delete("/companies/harborline-software/logo").status_code == 204
    assert as_member(ada).get("/companies/harborline-software").json()["logo"] is None

    assert other.client.put(
        API + "/companies/harborline-software/follow", headers=other._headers()
    ).json() == {"following": True}
    assert CompanyFollow.objects.filter(member=ben, company=harborline).exists()
    assert other.delete("/companies/harborline-software/follow").json() == {"following": False}
    assert_error(other.delete("/companies/nowhere/follow"), 404, "company.not_found")
    refused = other.post("/companies/harborline-software/admin-claims")
    assert_error(refused, 403, "company.claim_not_staff")  # ben does not work there
    position_add(
        member=ben,
        company_name="Harborline Software",
        title="Engineer",
        started_on=dt.date(2024, 1, 1),
        is_current=True,
    )
    claimed = other.post("/companies/harborline-software/admin-claims")
    assert claimed.status_code == 201 and claimed.json() == {"state": "claimed"}
    assert_error(other.post("/companies/harborline-software/admin-claims"), 409, "company.claimed")
