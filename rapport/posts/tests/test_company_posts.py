"""Posts for a company: only its approved admins write them, never connections-only; its
followers find them in their feed and are told (the digest gathers it); nobody across a
block; the company page lists them with a composer for admins only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rapport.companies.admins import admin_claim, admin_claim_decide
from rapport.companies.models import Company
from rapport.companies.services import company_follow_set, position_add
from rapport.core.errors import PermissionDenied, ValidationFailed
from rapport.network.services import block_create
from rapport.notifications.models import Notification
from rapport.posts.models import Post
from rapport.posts.selectors import feed_page
from rapport.posts.services import post_edit, post_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def harborline(ada):
    position_add(
        member=ada,
        company_name="Harborline Software",
        title="Head of communications",
        started_on=dt.date(2022, 1, 1),
        is_current=True,
    )
    company = Company.objects.get(slug="harborline-software")
    admin_claim_decide(
        claim=admin_claim(member=ada, company=company), approve=True, now=timezone.now()
    )
    return company


def test_only_an_approved_admin_posts_for_the_company_and_never_to_connections_only(
    ada, ben, harborline
):
    with pytest.raises(PermissionDenied):
        post_publish(author=ben, body="We are hiring!", company=harborline)
    with pytest.raises(ValidationFailed) as caught:
        post_publish(author=ada, body="Hello", company=harborline, audience="connections")
    assert caught.value.code == "post.company_audience"
    assert not Post.objects.exists()
    post = post_publish(author=ada, body="Hello", company=harborline)
    with pytest.raises(ValidationFailed) as caught:  # not by editing either
        post_edit(author=ada, post_id=post.pk, body="Hello", audience="connections")
    assert caught.value.code == "post.company_audience"
    post.refresh_from_db()
    assert post.audience == "members"


def test_followers_see_it_in_their_feed_and_are_told(
    ada, ben, chidi, harborline, django_capture_on_commit_callbacks
):
    company_follow_set(member=ben, company=harborline, following=True)
    company_follow_set(member=chidi, company=harborline, following=True)
    block_create(member=chidi, other=ada)  # chidi blocked the admin who writes
    with django_capture_on_commit_callbacks(execute=True):
        post = post_publish(
            author=ada, body="Harborline opens a Lisbon office.", company=harborline
        )
    told = Notification.objects.filter(kind="posts.company_posted")
    assert list(told.values_list("recipient__handle", flat=True)) == ["ben"]
    assert [c.post.pk for c in feed_page(ben).cards] == [post.pk]  # ben is not ada's connection
    assert feed_page(chidi).cards == []
    company_follow_set(member=ben, company=harborline, following=False)
    assert feed_page(ben).cards == []


def test_the_company_page_lists_its_posts_and_offers_admins_a_composer(
    client, ada, ben, harborline
):
    client.force_login(ada)
    fragment = reverse("posts:company", args=[harborline.slug])
    page = client.get(fragment).content.decode()
    assert 'data-testid="company-composer"' in page and "has not posted yet" in page
    posted = client.post(
        reverse("posts:publish"),
        {"body": "Our first post.", "audience": "members", "company": harborline.slug},
    )
    assert posted.status_code == 302
    post = Post.objects.get()
    assert post.company == harborline and post.author == ada
    client.force_login(ben)
    page = client.get(fragment).content.decode()
    assert "Our first post." in page and 'data-testid="company-composer"' not in page
    assert 'data-testid="post-company"' in page and "posted by" in page
    # Ben cannot post for it, even by hand: nothing is written.
    client.post(
        reverse("posts:publish"),
        {"body": "Not mine to say.", "audience": "members", "company": harborline.slug},
    )
    assert Post.objects.count() == 1
    company = client.get(reverse("companies:detail", args=[harborline.slug])).content.decode()
    assert fragment in company


def test_posting_for_a_company_over_the_api(ada, ben, harborline):
    from rapport.core.tests.test_api import as_member, assert_error

    made = as_member(ada).post(
        "/posts", {"body": "Hello from Harborline.", "company": harborline.slug}
    )
    assert made.status_code == 201 and made.json()["company"] == harborline.slug
    assert_error(
        as_member(ben).post("/posts", {"body": "Hi", "company": harborline.slug}),
        403,
        "post.not_company_admin",
    )
    assert_error(
        as_member(ada).post("/posts", {"body": "Hi", "company": "nowhere"}),
        404,
        "company.not_found",
    )
    assert_error(
        as_member(ada).post(
            "/posts", {"body": "Hi", "company": harborline.slug, "audience": "connections"}
        ),
        400,
        "post.company_audience",
    )
    assert Post.objects.count() == 1
    assert as_member(ben).get(f"/posts/{made.json()['id']}").json()["company"] == harborline.slug


def test_admin_rights_end_with_the_job_or_the_operator_and_admins_answer_for_posts(
    ada, ben, harborline
):
    from rapport.companies.admins import is_company_admin
    from rapport.companies.models import AdminClaimState, CompanyAdminClaim, Position
    from rapport.posts.services import post_delete

    position_add(
        member=ben,
        company_name="Harborline Software",
        title="Engineer",
        started_on=dt.date(2023, 1, 1),
        is_current=True,
    )
    admin_claim_decide(
        claim=admin_claim(member=ben, company=harborline), approve=True, now=timezone.now()
    )
    first = post_publish(author=ada, body="First.", company=harborline)
    second = post_publish(author=ada, body="Second.", company=harborline)
    # Ada's rights are taken back: she may no longer change what the company says…
    CompanyAdminClaim.objects.filter(member=ada).update(state=AdminClaimState.REFUSED)
    with pytest.raises(PermissionDenied):
        post_edit(author=ada, post_id=first.pk, body="We are going bankrupt.")
    first.refresh_from_db()
    assert first.body == "First."
    # …but may take her words down, and Ben, an admin now, may remove the other.
    post_delete(author=ada, post_id=first.pk)
    post_delete(author=ben, post_id=second.pk)
    assert set(Post.objects.values_list("state", flat=True)) == {"deleted"}
    # Leaving the company ends Ben's rights too.
    Position.objects.filter(member=ben).update(is_current=False, ended_on=dt.date(2026, 11, 1))
    assert not is_company_admin(member=ben, company=harborline)
    with pytest.raises(PermissionDenied):
        post_publish(author=ben, body="Still here?", company=harborline)


def test_the_company_posts_come_a_page_at_a_time_in_fixed_queries(client, ada, ben, harborline):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapport.core.tests.test_api import as_member

    fragment = reverse("posts:company", args=[harborline.slug])
    client.force_login(ben)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(fragment, headers={"HX-Request": "true"}).status_code == 200
        return len(seen)

    post_publish(author=ada, body="One.", company=harborline)
    one = queries()
    for i in range(12):
        post_publish(author=ada, body=f"Post {i}.", company=harborline)
    assert queries() == one  # ten cards cost what one did
    full = client.get(fragment + "?page=2").content.decode()
    assert "Page 2 of 2" in full and "One." in full
    listed = as_member(ben).get(f"/companies/{harborline.slug}/posts", size=5).json()
    assert (listed["total"], listed["pages"], len(listed["items"])) == (13, 3, 5)
    assert listed["items"][0]["body"] == "Post 11."
