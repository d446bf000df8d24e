"""The group's discussions page and its forms."""

from __future__ import annotations

import pytest

from rapport.groups.tests.factories import add_members, make_group
from rapport.posts import services
from rapport.posts.models import Comment, Post

pytestmark = pytest.mark.django_db


def test_a_member_posts_a_question_from_the_page(client, ada, ben):
    group = make_group(ada, visibility="closed")
    add_members(group, ben)
    client.force_login(ben)
    response = client.post(
        f"/groups/{group.slug}/post/", {"body": "Who uses story maps?", "question": "on"}
    )
    assert response.status_code == 302
    post = Post.objects.get(group=group)
    assert post.is_question
    page = client.get(f"/groups/{group.slug}/?show=unanswered").content.decode()
    assert "Who uses story maps?" in page and 'data-testid="question-pill"' in page


@pytest.mark.parametrize("data", [{"body": ""}, {"body": "x" * 3001}])
def test_a_bad_post_changes_nothing(client, ada, data):
    group = make_group(ada)
    client.force_login(ada)
    client.post(f"/groups/{group.slug}/post/", data)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    "query",
    ["?sort=bogus", "?show=%00", "?page=abc", "?page=99999999999999999999", "?sort=active&page=2"],
)
def test_odd_queries_still_show_the_page(client, ada, query):
    group = make_group(ada)
    client.force_login(ada)
    assert client.get(f"/groups/{group.slug}/{query}").status_code == 200


def test_managers_pin_and_remove_from_the_page(client, ada, ben):
    group = make_group(ada)
    add_members(group, ben)
    post = services.group_post_publish(author=ben, group=group, body="Pin me")
    client.force_login(ben)
    response = client.post(
        f"/groups/{group.slug}/posts/{post.pk}/pin/", {"pinned": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    client.force_login(ada)
    assert (
        client.post(
            f"/groups/{group.slug}/posts/{post.pk}/pin/", {"pinned": "yes"}, HTTP_HX_REQUEST="true"
        ).status_code
        == 400
    )
    client.post(f"/groups/{group.slug}/posts/{post.pk}/pin/", {"pinned": "1"})
    assert Post.objects.get(pk=post.pk).pinned_at is not None
    client.post(f"/groups/{group.slug}/posts/{post.pk}/remove/")
    assert Post.objects.get(pk=post.pk).state == "deleted"


def test_a_manager_removes_a_comment_from_the_posts_page(client, ada, ben, chidi):
    group = make_group(ada)
    add_members(group, ben, chidi)
    post = services.group_post_publish(author=ben, group=group, body="Question")
    comment = services.comment_add(member=chidi, post_id=post.pk, body="Spam link")
    client.force_login(ada)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert 'data-testid="group-remove-comment"' in page
    client.post(f"/posts/comments/{comment.pk}/remove/", {"post": post.pk})
    assert not Comment.objects.filter(pk=comment.pk).exists()
    # A member who is not a manager sees no such button, and the action refuses them.
    other = services.comment_add(member=chidi, post_id=post.pk, body="Still here")
    client.force_login(ben)
    client.post(f"/posts/comments/{other.pk}/remove/", {"post": post.pk})
    client.force_login(chidi)
    assert (
        'data-testid="group-remove-comment"'
        not in client.get(f"/posts/{post.pk}/").content.decode()
    )
    assert Comment.objects.filter(pk=other.pk).exists()


def test_the_discussions_page_reads_in_a_fixed_number_of_queries(
    client, ada, ben, django_assert_max_num_queries
):
    group = make_group(ada)
    add_members(group, ben)
    client.force_login(ben)
    for i in range(3):
        services.group_post_publish(author=ada, group=group, body=f"Post {i}")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/groups/{group.slug}/")
    for i in range(3, 15):
        services.group_post_publish(author=ada, group=group, body=f"Post {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/groups/{group.slug}/")
