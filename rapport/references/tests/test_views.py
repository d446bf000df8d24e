"""The reference-check pages: the whole permission flow as members click through it."""

import datetime as dt

import pytest

from rapport.accounts.tests.factories import make_member
from rapport.companies.services import position_add
from rapport.references.models import ReferenceLookup

pytestmark = pytest.mark.django_db


def job(member, company, start, end=None):
    position_add(
        member=member,
        company_name=company,
        title="Engineer",
        started_on=start,
        ended_on=end,
        is_current=end is None,
    )


@pytest.fixture
def candidate(db):
    cand = make_member("cand", "Casey Candidate")
    job(cand, "Harborline Software", dt.date(2019, 3, 1), dt.date(2021, 1, 1))
    job(cand, "Current Corp", dt.date(2021, 2, 1))
    job(
        make_member("dora", "Dora Former"),
        "Harborline Software",
        dt.date(2018, 1, 1),
        dt.date(2022, 1, 1),
    )
    job(make_member("boss", "Bo Current"), "Current Corp", dt.date(2020, 1, 1))
    return cand


def test_ask_allow_and_see_the_current_employer(client, ada, candidate):
    client.force_login(ada)
    page = client.get("/references/cand/").content.decode()
    assert "Dora Former" in page and "Bo Current" not in page
    assert "both at Harborline Software, Mar 2019 – Jan 2021, 23 months" in " ".join(page.split())
    assert client.post("/references/cand/ask/").status_code == 302
    assert 'data-testid="permission-asked"' in client.get("/references/cand/").content.decode()
    client.force_login(candidate)
    mine = client.get("/references/").content.decode()
    assert "Ada Lovelace" in mine
    client.post(f"/references/requests/{ada.pk}/", {"answer": "allow"})
    client.force_login(ada)
    assert "Bo Current" in client.get("/references/cand/").content.decode()
    # Three page loads within minutes: one visit.
    assert ReferenceLookup.objects.get(candidate=candidate, requester=ada).times == 1


def test_a_refusal_is_shown_to_the_requester(client, ada, candidate):
    client.force_login(ada)
    client.post("/references/cand/ask/")
    client.force_login(candidate)
    client.post(f"/references/requests/{ada.pk}/", {"answer": "refuse"})
    client.force_login(ada)
    page = client.get("/references/cand/").content.decode()
    assert 'data-testid="permission-refused"' in page and "Bo Current" not in page


def test_answering_a_request_nobody_made_is_not_found(client, ada, candidate):
    client.force_login(candidate)
    assert client.post(f"/references/requests/{ada.pk}/", {"answer": "allow"}).status_code == 404


def test_a_candidate_who_turned_checks_off_is_not_found(client, ada, candidate):
    client.force_login(candidate)
    client.post("/references/settings/", {})
    client.force_login(ada)
    assert client.get("/references/cand/").status_code == 404
    assert not ReferenceLookup.objects.exists()
