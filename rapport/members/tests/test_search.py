"""Search as members and scripts meet it: clamped pages, never oneself, ranked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rapport.accounts.tests.factories import make_member
from rapport.core.tests.test_api import as_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineers(db) -> None:
    for i in range(5):
        make_member(f"eng{i}", f"Engineer {i}")


@pytest.mark.parametrize("asked", ["999", "9223372036854775807", "9" * 5000])
def test_a_page_past_the_end_shows_the_last_page(client, ada, engineers, settings, asked):
    settings.RAPPORT = {**settings.RAPPORT, "SEARCH_PAGE_SIZE": 2}
    client.force_login(ada)
    response = client.get(reverse("members:search"), {"q": "engineer", "page": asked})
    page = response.context["page"]
    assert (page.number, page.pages, [m.handle for m in page.items]) == (3, 3, ["eng4"])
    assert "Nobody matches" not in response.content.decode()


@pytest.mark.parametrize("asked", ["0", "-1", "abc", "²"])
def test_a_page_number_that_is_no_number_shows_the_first_page(client, ada, engineers, asked):
    client.force_login(ada)
    response = client.get(reverse("members:search"), {"q": "engineer", "page": asked})
    assert response.context["page"].number == 1 and len(response.context["page"].items) == 5


def test_the_search_page_never_lists_the_searcher(client, ada, ben):
    client.force_login(ada)
    response = client.get(reverse("members:search"), {"q": "a"})  # one letter: no search
    assert response.context["page"] is None
    page = client.get(reverse("members:search"), {"q": "lovelace"}).context["page"]
    assert (page.total, page.items) == (0, [])


def test_the_api_search_never_returns_the_searcher_and_clamps(ada, engineers):
    api = as_member(ada)
    assert api.get("/search", q="lovelace").json()["total"] == 0
    body = api.get("/search", q="engineer", size=2, page=99).json()
    assert (body["page"], body["pages"], [c["handle"] for c in body["items"]]) == (3, 3, ["eng4"])
