"""The statistics page, `GET /api/v1/posts/{id}/stats` and `rapport stats post ID`: the
author sees the same figures everywhere; nobody else sees any."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from rapport.core.tests.test_api import as_member, assert_error
from rapport.network.services import connection_create
from rapport.posts.management.commands.stats import Command
from rapport.posts.models import Audience
from rapport.posts.services import article_save, post_publish, reaction_set, repost_create
from rapport.posts.tests.test_stats_figures import PUBLISHED, seen_by, view, viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(limit, ada, ben, chidi, settings):
    limit("posts.stats_min_group", 2)
    post = post_publish(author=ada, body="What we learnt shipping Rapport.", now=PUBLISHED)
    for handle in ("acme1", "acme2"):
        seen_by(post, viewer(handle, company="Acme", place="Lagos"))
    seen_by(post, ben)
    seen_by(post, ben)
    view(post, "b" + "7" * 40, source="external")
    reaction_set(member=ben, post_id=post.pk, kind="insightful")
    repost_create(member=chidi, original_id=post.pk)
    return post


def _page_figures(html: str) -> dict[str, int]:
    found = re.findall(r'data-testid="stats-(unique|impressions|reactions|reposts)">(\d+)<', html)
    return {name: int(n) for name, n in found}


def _chart_data(html: str) -> dict:
    match = re.search(r'<script id="stats-data" type="application/json">(.*?)</script>', html)
    assert match is not None
    return json.loads(match.group(1))


def test_the_author_sees_the_figures_charts_and_their_tables(client, post, ada):
    client.force_login(ada)
    response = client.get(reverse("posts:stats", args=[post.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert _page_figures(html) == {"unique": 4, "impressions": 5, "reactions": 1, "reposts": 1}
    assert 'id="stats-days-chart"' in html and "posts/post-stats.js" in html
    # Each chart has a real table with a caption next to it, for screen readers.
    assert re.search(r'<table class="table" data-testid="stats-days-table">\s*<caption>', html)
    assert re.search(
        r'<table class="table" data-testid="stats-breakdown-company">\s*<caption>', html
    )
    assert html.count('class="stats-breakdown-chart"') == 4
    assert '<th scope="row">Acme</th><td>2</td><td>50.0%</td>' in html
    assert 'href="/in/chidi/"' in html  # who reposted, linked


def test_the_api_answers_the_pages_figures(client, post, ada):
    client.force_login(ada)
    html = client.get(reverse("posts:stats", args=[post.pk])).content.decode()
    response = as_member(ada).get(f"/posts/{post.pk}/stats")
    assert response.status_code == 200
    body = response.json()
    page = _page_figures(html)
    assert (body["unique_viewers"], body["impressions"]) == (page["unique"], page["impressions"])
    assert (body["reactions_total"], body["reposts"]) == (page["reactions"], page["reposts"])
    charts = _chart_data(html)
    assert charts["days"] == body["days"] and charts["breakdowns"] == body["breakdowns"]
    assert body["reactions"]["insightful"] == 1
    assert [r["handle"] for r in body["reposters"]] == ["chidi"]
    companies = next(b for b in body["breakdowns"] if b["dimension"] == "company")
    assert companies["groups"][0] == {"label": "Acme", "kind": "value", "count": 2, "share": 50.0}


@pytest.mark.parametrize("who", ["ben", "chidi", "missing"])
def test_nobody_else_gets_statistics_and_a_stranger_cannot_tell_them_from_no_post(
    client, post, ben, chidi, who
):
    connection_create(member=ben, other=post.author, source="operator", notify=False)
    member = ben if who != "chidi" else chidi
    post_id = post.pk if who != "missing" else post.pk + 999
    body = assert_error(as_member(member).get(f"/posts/{post_id}/stats"), 404, "post.not_found")
    client.force_login(member)
    assert client.get(reverse("posts:stats", args=[post_id])).status_code == 404
    missing = as_member(member).get(f"/posts/{post.pk + 999}/stats").json()
    assert body == missing


def test_a_connections_only_posts_statistics_stay_with_its_author(client, ada, ben):
    connection_create(member=ada, other=ben, source="operator", notify=False)
    post = post_publish(author=ada, body="For my connections.", audience=Audience.CONNECTIONS)
    seen_by(post, ben)
    assert_error(as_member(ben).get(f"/posts/{post.pk}/stats"), 404, "post.not_found")
    client.force_login(ben)
    response = client.get(reverse("posts:stats", args=[post.pk]))
    assert response.status_code == 404 and b"stats-figures" not in response.content
    assert client.logout() is None
    assert client.get(reverse("posts:stats", args=[post.pk])).status_code == 302  # to log in
    assert as_member(ada).get(f"/posts/{post.pk}/stats").json()["unique_viewers"] == 1


def test_a_draft_has_no_statistics_page_and_its_author_is_told_why(client, ada):
    draft = article_save(author=ada, title="On trust", body="Draft.")
    client.force_login(ada)
    response = client.get(reverse("posts:stats", args=[draft.pk]))
    assert response.status_code == 404
    assert b"statistics start when you publish it" in response.content
    assert_error(as_member(ada).get(f"/posts/{draft.pk}/stats"), 404, "post.draft")


# The session, the member and the site's header (badges) and the selector's six
# (who blocked whom is one query, both ways).
QUERIES_PAGE = 11


def test_the_page_takes_the_same_queries_for_a_few_views_or_many(
    client, post, ada, django_assert_num_queries
):
    client.force_login(ada)
    url = reverse("posts:stats", args=[post.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_PAGE):
        client.get(url)
    for n in range(30):
        view(post, f"b{n:040d}", source="search")
    with django_assert_num_queries(QUERIES_PAGE):
        assert client.get(url).status_code == 200


def test_the_command_prints_what_the_api_answers(post, ada, capsys):
    call_command("stats", "post", str(post.pk), "--json")
    printed = json.loads(capsys.readouterr().out)
    answered = as_member(ada).get(f"/posts/{post.pk}/stats").json()
    assert {k: v for k, v in printed.items() if k != "as_of"} == {
        k: v for k, v in answered.items() if k != "as_of"
    }


def test_the_command_summarises_any_post_for_the_operator(post, capsys):
    call_command("stats", "post", str(post.pk))
    out = capsys.readouterr().out
    assert f"Post {post.pk} by @ada" in out
    assert "unique viewers 4, impressions 5" in out
    assert "Companies: Acme 2 (50.0%); Other 2 (50.0%)" in out


def test_the_command_refuses_an_unknown_id_with_an_error_and_a_non_zero_exit(post, capsys):
    with pytest.raises(CommandError, match="No post with id"):
        call_command("stats", "post", str(post.pk + 999))
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["rapport", "stats", "post", str(post.pk + 999)])
    assert exited.value.code == 1
    assert "No post with id" in capsys.readouterr().err


def test_the_command_says_it_shows_any_post(capsys):
    with pytest.raises(SystemExit):
        Command().run_from_argv(["rapport", "stats", "--help"])
    assert "any post" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["abc", "0", "99999999999999999999999"])
def test_the_command_refuses_what_cannot_be_an_id(bad, capsys):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["rapport", "stats", "post", bad])
    assert exited.value.code == 2
    assert "is not an id" in capsys.readouterr().err
