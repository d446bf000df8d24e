"""Recording views from real page requests: one impression per post per request, a daily
keyed digest of a signed-out reader's address (never the address), and the author's own
pages left alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from rapport.companies.services import position_add
from rapport.members.services import profile_update
from rapport.posts.models import Audience, PostView, PostViewer
from rapport.posts.services import post_publish

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"


@pytest.fixture
def public_post(ada):
    return post_publish(author=ada, body="Open to all: notes from PyCon.", audience=Audience.PUBLIC)


def _stored_text() -> str:
    """Every value of every view row, as one string to search."""
    rows = [*PostView.objects.values(), *PostViewer.objects.values()]
    return " ".join(str(v) for row in rows for v in row.values())


def test_a_member_reading_a_post_records_one_impression_per_request(client, public_post, ben):
    client.force_login(ben)
    url = reverse("posts:detail", args=[public_post.pk])
    client.get(url)
    client.get(url)
    assert PostView.objects.filter(post=public_post, viewer_key=f"m{ben.pk}").count() == 2
    assert PostViewer.objects.filter(post=public_post).count() == 1
    assert len(set(PostView.objects.values_list("request_key", flat=True))) == 2


def test_a_signed_out_reader_counts_once_that_day_however_often_they_come(client, public_post):
    url = reverse("posts:detail", args=[public_post.pk])
    for _ in range(10):  # a script that drops every cookie is still one reader
        client.cookies.clear()
        assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert PostView.objects.filter(post=public_post).count() == 10
    viewer = PostViewer.objects.get(post=public_post)
    assert viewer.viewer_key.startswith("b") and len(viewer.viewer_key) == 41
    assert (viewer.company, viewer.title, viewer.place) == ("", "", "")
    assert set(client.get(url, REMOTE_ADDR=ADDRESS).cookies) <= {"csrftoken"}  # no tracker


def test_no_address_is_stored_with_a_view(client, public_post):
    url = reverse("posts:detail", args=[public_post.pk])
    client.get(url, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=f"{ADDRESS}, 10.0.0.1")
    stored = _stored_text()
    assert PostView.objects.count() == 1
    assert ADDRESS not in stored and "10.0.0.1" not in stored


def test_two_addresses_are_two_viewers(client, public_post):
    url = reverse("posts:detail", args=[public_post.pk])
    client.get(url, REMOTE_ADDR=ADDRESS)
    client.get(url, REMOTE_ADDR="198.51.100.9")
    assert PostViewer.objects.filter(post=public_post).count() == 2


def test_a_forwarded_header_is_not_trusted_without_a_proxy(client, public_post):
    """Without BEHIND_PROXY a client cannot mint new viewers by inventing X-Forwarded-For."""
    url = reverse("posts:detail", args=[public_post.pk])
    for n in range(5):
        client.get(url, REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert PostViewer.objects.filter(post=public_post).count() == 1


def test_a_member_records_what_their_profile_said_when_they_looked(client, public_post, ben):
    position_add(
        member=ben,
        company_name="Engines Ltd",
        title="Designer",
        started_on=dt.date(2021, 1, 1),
        is_current=True,
    )
    profile_update(member=ben, location="Lagos")
    client.force_login(ben)
    client.get(reverse("posts:detail", args=[public_post.pk]) + "?from=search")
    row = PostViewer.objects.get(post=public_post)
    assert (row.company, row.title, row.place, row.source) == (
        "Engines Ltd",
        "Designer",
        "Lagos",
        "search",
    )


def test_the_statistics_page_records_no_view_of_its_post(client, public_post, ada):
    client.force_login(ada)
    response = client.get(reverse("posts:stats", args=[public_post.pk]))
    assert response.status_code == 200
    assert not PostView.objects.exists()
