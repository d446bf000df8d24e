"""Posts over the API: the same rules as the pages, in the API's shapes."""

from __future__ import annotations

import pytest
from django.test import Client

from rapport.posts.models import Comment, Mention, Post, Reaction
from rapport.posts.tests.factories import connect


@pytest.fixture
def api(ada):
    client = Client()
    client.force_login(ada)

    def call(method: str, path: str, body: object | None = None):
        kwargs = {"content_type": "application/json"} if body is not None else {}
        return getattr(client, method)(f"/api/v1{path}", body, **kwargs)

    return call


def test_publish_read_edit_delete(api):
    made = api("post", "/posts", {"body": "Hello API", "audience": "members"})
    assert made.status_code == 201
    post_id = made.json()["id"]
    assert api("get", f"/posts/{post_id}").json()["html"].startswith("<p>Hello API")
    edited = api("patch", f"/posts/{post_id}", {"body": "Hello again"})
    assert edited.json()["edited"] is True
    assert api("delete", f"/posts/{post_id}").status_code == 204
    assert api("get", f"/posts/{post_id}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"body": ""},
        {"body": "x" * 3001},
        {"body": "hi", "audience": "friends"},
        {"body": "hi", "extra": 1},
        {"body": 5},
        {"body": "nul \x00 byte"},
    ],
)
def test_bad_input_is_a_422_and_changes_nothing(api, body):
    response = api("post", "/posts", body)
    assert response.status_code == 422 and response.json()["error"] == "request.invalid"
    assert not Post.objects.exists()


def test_react_comment_repost_report(api, ada, ben):
    connect(ada, ben)
    from rapport.posts import services

    post = services.post_publish(author=ben, body="Ben's post")
    assert api("post", f"/posts/{post.pk}/reactions", {"kind": "celebrate"}).json()[
        "reactions"
    ] == {"celebrate": 1}
    comment = api("post", f"/posts/{post.pk}/comments", {"body": "congrats @ben"})
    assert comment.status_code == 201 and Mention.objects.filter(member=ben).exists()
    reply = api(
        "post", f"/posts/{post.pk}/comments", {"body": "and", "parent_id": comment.json()["id"]}
    )
    assert reply.json()["parent_id"] == comment.json()["id"]
    listed = api("get", f"/posts/{post.pk}/comments").json()
    assert [c["body"] for c in listed["items"]] == ["congrats @ben", "and"]
    repost = api("post", f"/posts/{post.pk}/reposts", {"body": "", "audience": "members"})
    assert repost.status_code == 201 and repost.json()["repost_of"] == post.pk
    assert api("post", f"/posts/{post.pk}/reports", {"reason": "spam"}).json() == {"reported": True}
    assert api("post", f"/posts/{post.pk}/reports", {"reason": "spam"}).json() == {
        "reported": False
    }
    assert api("delete", f"/posts/{post.pk}/reactions").status_code == 200
    assert not Reaction.objects.exists() and Comment.objects.count() == 2


def test_the_feed_pages_with_a_cursor(api, ada, ben):
    connect(ada, ben)
    from rapport.posts import services

    for i in range(5):
        services.post_publish(author=ben, body=f"post {i}")
    first = api("get", "/feed?size=3").json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = api("get", f"/feed?size=3&cursor={first['next_cursor']}").json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_an_article_as_a_draft_then_published(api):
    draft = api("post", "/articles", {"title": "Notes", "body": "# One\n\ntext"}).json()
    assert draft["state"] == "draft" and "<h2>One</h2>" in draft["html"]
    published = api("post", f"/articles/{draft['id']}/publish")
    assert published.json()["state"] == "published"
    again = api("post", f"/articles/{draft['id']}/publish")
    assert again.status_code == 409


def test_mention_limits_answer_429_with_a_code(limit, api, settings):
    from rapport.accounts.tests.factories import make_member

    limit("posts.mentions_outside_network_per_day", 1)
    make_member("sam")
    make_member("sue")
    assert api("post", "/posts", {"body": "@sam"}).status_code == 201
    refused = api("post", "/posts", {"body": "@sue"})
    assert refused.status_code == 429 and refused.json()["error"] == "mention.daily_limit"
    assert Post.objects.count() == 1


def test_mentionable_and_removing_a_mention(api, ada, ben):
    connect(ada, ben)
    assert api("get", "/mentionable?q=be").json()[0]["handle"] == "ben"
    from rapport.posts import services

    services.post_publish(author=ben, body="thanks @ada")
    mention = Mention.objects.get()
    assert api("delete", f"/mentions/{mention.pk}").status_code == 204
    mention.refresh_from_db()
    assert mention.removed_at is not None
