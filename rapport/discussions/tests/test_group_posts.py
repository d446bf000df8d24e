"""Posting in a group, its managers' tools, and who is told (issue 17)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rapport.core.errors import Conflict, LimitReached, NotFound, PermissionDenied
from rapport.groups import services as groups
from rapport.groups.tests.factories import add_members, make_group
from rapport.limits.models import Complaint
from rapport.limits.selectors.standing import objections
from rapport.notifications.models import Notification
from rapport.posts import services
from rapport.posts.models import Comment, Post
from rapport.posts.services.group_posts import PINS_MAX

pytestmark = pytest.mark.django_db


def test_members_post_and_ask_outsiders_cannot(ada, ben, chidi):
    group = make_group(ada, visibility="closed")
    add_members(group, ben)
    post = services.group_post_publish(
        author=ben, group=group, body="How do you run discovery?", question=True
    )
    assert (post.group_id, post.is_question, post.audience) == (group.pk, True, "members")
    assert post.active_at == post.published_at
    with pytest.raises(PermissionDenied):
        services.group_post_publish(author=chidi, group=group, body="Let me in")
    assert Post.objects.filter(group=group).count() == 1


def test_a_comment_moves_a_post_up_in_active(ada, ben):
    group = make_group(ada)
    add_members(group, ben)
    now = timezone.now()
    old = services.group_post_publish(
        author=ada, group=group, body="Older", now=now - dt.timedelta(days=2)
    )
    services.group_post_publish(
        author=ada, group=group, body="Newer", now=now - dt.timedelta(days=1)
    )
    services.comment_add(member=ben, post_id=old.pk, body="Bumping this", now=now)
    from rapport.posts.selectors.groups import group_discussions

    _, by_new = group_discussions(ben, group, sort="new")
    _, by_active = group_discussions(ben, group, sort="active")
    assert [c.post.body for c in by_new.items] == ["Newer", "Older"]
    assert [c.post.body for c in by_active.items] == ["Older", "Newer"]


def test_managers_pin_a_few_posts_members_cannot(ada, ben):
    group = make_group(ada)
    add_members(group, ben)
    made = [
        services.group_post_publish(author=ada, group=group, body=f"Post {i}")
        for i in range(PINS_MAX + 1)
    ]
    with pytest.raises(PermissionDenied):
        services.group_post_pin(manager=ben, post_id=made[0].pk, pinned=True)
    for post in made[:PINS_MAX]:
        services.group_post_pin(manager=ada, post_id=post.pk, pinned=True)
    with pytest.raises(Conflict):
        services.group_post_pin(manager=ada, post_id=made[-1].pk, pinned=True)
    services.group_post_pin(manager=ada, post_id=made[0].pk, pinned=False)
    services.group_post_pin(manager=ada, post_id=made[-1].pk, pinned=True)
    from rapport.posts.selectors.groups import group_discussions

    pinned, page = group_discussions(ben, group)
    assert {c.post.pk for c in pinned} == {p.pk for p in made[1:]}
    assert [c.post.pk for c in page.items] == [made[0].pk]


def test_managers_remove_posts_and_comments_members_cannot(ada, ben, chidi):
    group = make_group(ada, visibility="closed")
    add_members(group, ben, chidi)
    post = services.group_post_publish(author=ben, group=group, body="Selling courses!")
    comment = services.comment_add(member=chidi, post_id=post.pk, body="Buy mine too")
    with pytest.raises(PermissionDenied):
        services.group_comment_remove(manager=ben, comment_id=comment.pk)
    services.group_comment_remove(manager=ada, comment_id=comment.pk)
    assert not Comment.objects.filter(pk=comment.pk).exists()
    with pytest.raises(PermissionDenied):
        services.group_post_remove(manager=chidi, post_id=post.pk)
    services.group_post_remove(manager=ada, post_id=post.pk)
    assert Post.objects.get(pk=post.pk).state == "deleted"
    with pytest.raises(NotFound):
        services.group_post_remove(manager=ada, post_id=post.pk)


def test_a_manager_of_another_group_has_no_say(ada, ben):
    mine = make_group(ada, "Mine")
    theirs = make_group(ben, "Theirs")
    post = services.group_post_publish(author=ben, group=theirs, body="Ours")
    add_members(theirs, ada)
    with pytest.raises(PermissionDenied):
        services.group_post_pin(manager=ada, post_id=post.pk, pinned=True)
    assert mine.pk != theirs.pk


def test_a_new_members_posts_a_day_are_limited_through_the_service(ada, ben, limit):
    limit("groups.new_member_posts_per_day", 1)
    group = make_group(ada)
    add_members(group, ben)
    services.group_post_publish(author=ben, group=group, body="Hello all")
    with pytest.raises(LimitReached):
        services.group_post_publish(author=ben, group=group, body="And again")
    assert Post.objects.filter(author=ben).count() == 1


def test_close_followers_are_told_of_new_posts(ada, ben, chidi, django_capture_on_commit_callbacks):
    group = make_group(ada)
    add_members(group, ben, chidi)
    groups.membership_settings(member=ben, group=group, follow_closely=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.group_post_publish(author=ada, group=group, body="Meetup on Thursday")
    told = Notification.objects.filter(kind="groups.new_post")
    assert [n.recipient_id for n in told] == [ben.pk]
    from rapport.posts.services.group_posts import group_post_tell_now

    assert group_post_tell_now(post_id=post.pk) == 0  # a rerun tells nobody twice


def test_a_reported_group_post_counts_in_its_authors_standing(ada, ben, chidi):
    group = make_group(ada, visibility="private")
    add_members(group, ben, chidi)
    post = services.group_post_publish(author=ben, group=group, body="Crypto signals, DM me")
    assert services.post_report(reporter=chidi, post_id=post.pk, reason="spam")
    assert Complaint.objects.filter(member=ben, source="post", reference=post.pk).exists()
    since = timezone.now() - dt.timedelta(days=1)
    assert [(m, by) for m, by, _ in objections([ben.pk], since=since)] == [(ben.pk, chidi.pk)]


def test_a_group_posts_audience_does_not_change(ada):
    from rapport.core.errors import ValidationFailed

    group = make_group(ada)
    post = services.group_post_publish(author=ada, group=group, body="Members only")
    with pytest.raises(ValidationFailed):
        services.post_edit(author=ada, post_id=post.pk, body="Now public", audience="public")
    services.post_edit(author=ada, post_id=post.pk, body="Edited words")
    post.refresh_from_db()
    assert (post.audience, post.body) == ("members", "Edited words")
