"""A connections-only post never reaches anyone else: not by the feed, a page, the API,
a member's activity, a comment's trail or a repost (the way an attacker would look)."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.accounts.models import User
from rapport.posts import selectors, services
from rapport.posts.models import Audience, Post
from rapport.posts.selectors.search import search_posts
from rapport.posts.tests.factories import block, connect
from rapport.trust.models import TrustScore


@pytest.fixture
def secret(ada, ben, chidi):
    """Ada is connected to Ben only; she posts to her connections."""
    connect(ada, ben)
    post = services.post_publish(
        author=ada, body="for my connections only", audience=Audience.CONNECTIONS
    )
    services.comment_add(member=ada, post_id=post.pk, body="my own comment")
    return post


def _client(member: User | None) -> Client:
    client = Client()
    if member is not None:
        client.force_login(member)
    return client


def _feed_ids(member: User) -> set[int]:
    return {c.post.pk for c in selectors.feed_page(member).cards}


def test_a_connection_sees_it_everywhere(secret, ben):
    assert secret.pk in _feed_ids(ben)
    assert _client(ben).get(f"/posts/{secret.pk}/").status_code == 200
    assert _client(ben).get(f"/api/v1/posts/{secret.pk}").status_code == 200


@pytest.mark.parametrize("who", ["chidi", "anonymous"])
def test_nobody_else_sees_it_anywhere(secret, chidi, who):
    member = chidi if who == "chidi" else None
    client = _client(member)
    assert client.get(f"/posts/{secret.pk}/").status_code == 404
    if member is not None:
        assert secret.pk not in _feed_ids(member)
        page = client.get("/").content.decode()
        assert "for my connections only" not in page
        for url in ("/posts/by/ada/", "/posts/by/ada/?show=comments"):
            body = client.get(url).content.decode()
            assert "for my connections only" not in body and "my own comment" not in body
        for url in (f"/api/v1/posts/{secret.pk}", f"/api/v1/posts/{secret.pk}/comments"):
            response = client.get(url)
            assert response.status_code == 404 and response.json()["error"] == "post.not_found"
        listed = client.get("/api/v1/members/ada/posts").json()
        assert listed["total"] == 0
        feed = client.get("/api/v1/feed").json()
        assert secret.pk not in {item["id"] for item in feed["items"]}


@pytest.mark.parametrize(
    "url, data",
    [
        ("/posts/{}/react/", {"kind": "like"}),
        ("/posts/{}/comments/", {"body": "hi"}),
        ("/posts/{}/repost/", {"body": ""}),
        ("/posts/{}/report/", {"reason": "spam"}),
        ("/posts/{}/share/", {}),
    ],
)
def test_acting_on_it_answers_as_if_it_did_not_exist(secret, chidi, url, data):
    client = _client(chidi)
    hidden = client.post(url.format(secret.pk), data)
    missing = client.post(url.format(secret.pk + 1000), data)
    assert hidden.status_code == missing.status_code == 404
    assert not secret.reactions.exists() and secret.comments.count() == 1


def test_the_api_answers_the_same_for_hidden_and_missing(secret, chidi):
    client = _client(chidi)
    for path in ("/api/v1/posts/{}/reactions", "/api/v1/posts/{}/comments"):
        hidden = client.post(
            path.format(secret.pk), {"kind": "like", "body": "x"}, content_type="application/json"
        )
        missing = client.post(
            path.format(secret.pk + 1000),
            {"kind": "like", "body": "x"},
            content_type="application/json",
        )
        assert hidden.status_code == missing.status_code
        assert hidden.json()["error"] == missing.json()["error"]


def test_an_a_network_comment_does_not_carry_it_to_someone_outside(secret, ben, chidi):
    """Ben comments on Ada's connections-only post; Chidi trusts Ben (A network) but is
    not Ada's connection: "Ben commented on this" must not show it to him."""
    connect(ben, chidi)
    TrustScore.objects.create(
        member=chidi, other=ben, score=90, rapport=90, credibility=90, risk=0, a_network=True
    )
    services.comment_add(member=ben, post_id=secret.pk, body="great")
    assert secret.pk not in _feed_ids(chidi)


def test_a_repost_of_a_post_that_became_hidden_shows_nothing_of_it(ada, ben, chidi):
    connect(ben, chidi)
    original = services.post_publish(author=ada, body="open for now")
    services.repost_create(member=ben, original_id=original.pk)
    block(ada, chidi)
    cards = selectors.feed_page(chidi).cards
    assert [c.original for c in cards] == [None] and cards[0].original_hidden
    page = _client(chidi).get("/").content.decode()
    assert "open for now" not in page


def test_drafts_and_deleted_posts_are_their_authors_alone(ada, ben):
    connect(ada, ben)
    draft = services.article_save(author=ada, title="Draft title", body="unfinished")
    assert _client(ben).get(f"/posts/{draft.pk}/").status_code == 404
    assert _client(ada).get(f"/posts/{draft.pk}/").status_code == 200
    post = services.post_publish(author=ada, body="soon gone")
    services.post_delete(author=ada, post_id=post.pk)
    assert _client(ada).get(f"/posts/{post.pk}/").status_code == 404


def test_signed_out_readers_see_public_posts_only(ada):
    public = services.post_publish(author=ada, body="for the web", audience=Audience.PUBLIC)
    members = services.post_publish(author=ada, body="for members", audience=Audience.MEMBERS)
    assert _client(None).get(f"/posts/{public.pk}/").status_code == 200
    assert _client(None).get(f"/posts/{members.pk}/").status_code == 404


def test_a_block_hides_posts_both_ways(ada, ben):
    connect(ada, ben)
    post = services.post_publish(author=ada, body="hello")
    block(ben, ada)
    assert _client(ben).get(f"/posts/{post.pk}/").status_code == 404
    assert post.pk not in {p.pk for p in selectors.visible_posts(ben)}


def test_a_deactivated_authors_posts_go_with_them(ada, ben):
    post = services.post_publish(author=ada, body="hello")
    User.objects.filter(pk=ada.pk).update(is_active=False)
    assert _client(ben).get(f"/posts/{post.pk}/").status_code == 404
    assert not Post.objects.filter(selectors.visible_q(ben)).exists()


def test_search_finds_only_what_the_searcher_may_see(secret, ben, chidi):
    public = services.post_publish(author=chidi, body="connections matter")
    assert {p.pk for p in search_posts(ben, "connections")} == {secret.pk, public.pk}
    assert {p.pk for p in search_posts(chidi, "connections")} == {public.pk}
    page = _client(chidi).get("/posts/search/?q=connections+only").content.decode()
    assert "0 posts you can see" in page and "for my connections only" not in page
    api = _client(chidi).get("/api/v1/posts/search?q=only").json()
    assert api["total"] == 0


def test_a_connections_only_articles_cover_is_as_private_as_its_words(ada, ben, chidi, tmp_path):
    import io

    from PIL import Image

    connect(ada, ben)
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    picture.seek(0)
    draft = services.article_save(
        author=ada, title="T", body="b", audience=Audience.CONNECTIONS, cover=picture
    )
    services.article_publish(author=ada, article_id=draft.pk)
    assert _client(ben).get(f"/posts/{draft.pk}/cover/").status_code == 200
    assert _client(chidi).get(f"/posts/{draft.pk}/cover/").status_code == 404
    assert _client(None).get(f"/posts/{draft.pk}/cover/").status_code == 404


def test_no_notification_carries_a_post_to_someone_who_cannot_read_it(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    """Ben (Ada's connection) mentions and answers Chidi (not Ada's) on Ada's
    connections-only post; Chidi hears nothing and Ben learns nothing about Ada's list."""
    connect(ada, ben)
    connect(ben, chidi)
    post = services.post_publish(author=ada, body="inner circle", audience=Audience.CONNECTIONS)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_add(member=ben, post_id=post.pk, body="what do you think @chidi")
    assert not chidi.notifications.exists()
    assert "/in/chidi/" not in comment.body_html  # plain text, not a link


def test_a_reply_after_the_audience_narrowed_does_not_notify_the_outsider(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    connect(ada, ben)
    post = services.post_publish(author=ada, body="open for now")
    top = services.comment_add(member=chidi, post_id=post.pk, body="interesting")
    services.post_edit(
        author=ada, post_id=post.pk, body="open for now", audience=Audience.CONNECTIONS
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(member=ben, post_id=post.pk, body="indeed", parent_id=top.pk)
    assert not chidi.notifications.filter(kind="posts.replied").exists()


def test_a_repost_the_author_cannot_see_does_not_notify_them(
    ada, ben, chidi, django_capture_on_commit_callbacks
):
    connect(ben, chidi)
    post = services.post_publish(author=ada, body="worth sharing")
    with django_capture_on_commit_callbacks(execute=True):
        services.repost_create(
            member=ben, original_id=post.pk, body="my circle", audience=Audience.CONNECTIONS
        )
    assert not ada.notifications.filter(kind="posts.reposted").exists()


def test_a_blocked_members_comments_do_not_show_on_their_activity(ada, ben, chidi):
    post = services.post_publish(author=chidi, body="hello")
    services.comment_add(member=ada, post_id=post.pk, body="ada's comment")
    block(ada, ben)
    body = _client(ben).get("/posts/by/ada/?show=comments").content.decode()
    assert "ada's comment" not in body
