"""The pages: the feed at home, writing, reacting, commenting, and bad input."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from rapport.accounts.tests.factories import make_member
from rapport.posts import services
from rapport.posts.models import Comment, Post, PostView, Reaction, State
from rapport.posts.tests.factories import connect


@pytest.fixture
def as_ada(client, ada):
    client.force_login(ada)
    return client


def test_home_is_the_feed_with_a_composer(as_ada, ada, ben):
    connect(ada, ben)
    services.post_publish(author=ben, body="Hiring a data engineer in Lisbon")
    page = as_ada.get("/")
    html = page.content.decode()
    assert 'data-testid="composer"' in html and "Hiring a data engineer" in html
    assert 'data-testid="connection-count"' in html  # the summary stays beside it


def test_the_home_page_records_what_it_showed(as_ada, ada, ben):
    connect(ada, ben)
    post = services.post_publish(author=ben, body="seen")
    as_ada.get("/")
    assert PostView.objects.filter(post=post, viewer_key=f"m{ada.pk}", source="feed").count() == 1


@pytest.mark.parametrize("posts", [3, 25])
def test_the_home_page_costs_a_fixed_number_of_queries(as_ada, ada, posts, settings):
    people = [make_member(f"p{i}") for i in range(5)]
    for i in range(posts):
        connect(ada, people[i % 5]) if i < 5 else None
        post = services.post_publish(author=people[i % 5], body=f"post {i}")
        services.reaction_set(member=people[(i + 1) % 5], post_id=post.pk)
    # Views are queued, not written, by the page: count the page alone (the database
    # queue adds its one INSERT; the dummy backend keeps the job in memory).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    as_ada.get("/")  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert as_ada.get("/").status_code == 200
    # Pinned: the session and member (2), the feed (11), the summary beside it (6),
    # the header (7).
    assert len(queries) == PINNED_HOME_QUERIES, "\n".join(q["sql"][:100] for q in queries)


# Job changes in the feed added one (the announced positions); the summary's profile
# checklist read with the profile took three away; the blocks both ways, one more.
PINNED_HOME_QUERIES = 21


def test_publishing_from_the_composer(as_ada):
    response = as_ada.post("/posts/new/", {"body": "First post", "audience": "members"})
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/posts/{post.pk}/"


@pytest.mark.parametrize(
    "data", [{"body": "", "audience": "members"}, {"body": "x", "audience": "everyone"}, {}]
)
def test_bad_input_to_the_composer_changes_nothing(as_ada, data):
    response = as_ada.post("/posts/new/", data)
    assert response.status_code == 302 and not Post.objects.exists()


def test_reacting_with_htmx_returns_the_bar(as_ada, ben):
    post = services.post_publish(author=ben, body="react to me")
    response = as_ada.post(
        f"/posts/{post.pk}/react/", {"kind": "insightful"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'data-testid="reactions"' in response.content.decode()
    assert Reaction.objects.get().kind == "insightful"
    bad = as_ada.post(f"/posts/{post.pk}/react/", {"kind": "angry"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 400 and Reaction.objects.get().kind == "insightful"
    as_ada.post(f"/posts/{post.pk}/react/", {"remove": "1"}, HTTP_HX_REQUEST="true")
    assert not Reaction.objects.exists()


def test_commenting_and_replying_on_the_post_page(as_ada, ben):
    post = services.post_publish(author=ben, body="questions welcome")
    as_ada.post(f"/posts/{post.pk}/comments/", {"body": "What stack?"})
    top = Comment.objects.get()
    as_ada.post(f"/posts/{post.pk}/comments/", {"body": "And team size?", "parent": top.pk})
    html = as_ada.get(f"/posts/{post.pk}/").content.decode()
    assert html.count('data-testid="comment"') == 2 and "And team size?" in html
    too_long = as_ada.post(f"/posts/{post.pk}/comments/", {"body": "x" * 1251})
    assert too_long.status_code == 302 and Comment.objects.count() == 2


def test_an_article_with_a_cover_from_draft_to_published(as_ada, ada, media_root):
    picture = io.BytesIO()
    Image.new("RGB", (60, 30), "navy").save(picture, "JPEG")
    picture.seek(0)
    picture.name = "cover.jpg"
    response = as_ada.post(
        "/posts/articles/new/",
        {"title": "What I learnt", "body": "## Lessons\n\n1. one", "audience": "public",
         "cover": picture, "save": "1"},
    )  # fmt: skip
    draft = Post.objects.get()
    assert response["Location"] == f"/posts/articles/{draft.pk}/edit/"
    assert draft.state == State.DRAFT and draft.cover
    as_ada.post(
        f"/posts/articles/{draft.pk}/edit/",
        {"title": "What I learnt", "body": "## Lessons\n\n1. one", "audience": "public",
         "publish": "1"},
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED
    html = as_ada.get(f"/posts/{draft.pk}/").content.decode()
    assert "<h2>Lessons</h2>" in html and f"/posts/{draft.pk}/cover/" in html
    served = as_ada.get(f"/posts/{draft.pk}/cover/")
    assert served.status_code == 200 and b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    assert not draft.cover.name.endswith("/cover.jpg")  # a random, unguessable name


def test_an_unreadable_cover_is_a_form_error(as_ada):
    bad = io.BytesIO(b"GIF89a not really")
    bad.name = "cover.png"
    response = as_ada.post(
        "/posts/articles/new/", {"title": "T", "body": "b", "audience": "members", "cover": bad}
    )
    assert response.status_code == 200 and "picture" in response.content.decode()
    assert not Post.objects.exists()


def test_the_mention_autocomplete_offers_connections_first(as_ada, ada, ben):
    connect(ada, ben)
    make_member("benedict", "Benedict Stranger")
    rows = as_ada.get("/posts/mentions/?q=ben").json()["members"]
    assert [(r["handle"], r["connection"]) for r in rows] == [("ben", True), ("benedict", False)]
    only = as_ada.get("/posts/mentions/?q=ben&audience=connections").json()["members"]
    assert [r["handle"] for r in only] == ["ben"]


def test_the_mentioned_member_sees_a_button_to_take_their_name_off(client, ada, ben):
    connect(ada, ben)
    post = services.post_publish(author=ada, body="thanks @ben")
    client.force_login(ben)
    html = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'data-testid="my-mention"' in html


def test_a_feed_cursor_that_is_not_a_number_starts_from_the_top(as_ada):
    assert as_ada.get("/posts/feed/?cursor=not-a-number").status_code == 200
    assert as_ada.get("/posts/feed/?cursor=1e400").status_code == 200


def test_moderators_see_reported_posts_and_take_them_down(client, ada, ben):
    post = services.post_publish(author=ada, body="Buy my course")
    services.post_report(reporter=ben, post_id=post.pk, reason="scam")
    ben.is_operator = True
    ben.save()
    client.force_login(ben)
    html = client.get("/posts/moderation/").content.decode()
    assert "Buy my course" in html and "Scam or fraud (1)" in html
    client.post(f"/posts/moderation/post/{post.pk}/take-down/")
    post.refresh_from_db()
    assert post.state == State.DELETED


def test_a_member_is_not_a_moderator(as_ada):
    assert as_ada.get("/posts/moderation/").status_code == 403


def test_searching_posts_pages_the_results(as_ada, ada, ben, settings):
    connect(ada, ben)
    for i in range(25):
        services.post_publish(author=ben, body=f"survey design tip {i}")
    first = as_ada.get("/posts/search/?q=survey+design").content.decode()
    assert "25 posts you can see" in first and first.count('data-testid="post-card"') == 20
    assert 'href="?q=survey+design&page=2"' in first
    second = as_ada.get("/posts/search/?q=survey+design&page=2").content.decode()
    assert second.count('data-testid="post-card"') == 5


@pytest.mark.parametrize("back", ["abc", "-1", "99999999999999999999999", "²"])
def test_a_comment_action_with_a_nonsense_return_post_is_not_a_server_error(as_ada, ben, back):
    post = services.post_publish(author=ben, body="hi")
    comment = services.comment_add(member=ben, post_id=post.pk, body="mine")
    response = as_ada.post(f"/posts/comments/{comment.pk}/delete/", {"post": back})
    assert response.status_code in {302, 403, 404}


def test_a_full_length_post_with_line_breaks_is_accepted_from_the_form(as_ada):
    body = ("x" * 99 + "\r\n") * 30  # 3,000 characters once CR LF is one break
    body = body[: 3000 + 30 - 1]
    as_ada.post("/posts/new/", {"body": body, "audience": "members"})
    assert Post.objects.count() == 1
