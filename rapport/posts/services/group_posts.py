"""Posts and questions in a group (issue 17): written by its members, pinned and removed
by its managers, announced to those who follow the group closely."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import Conflict, NotFound, PermissionDenied
from rapport.groups import selectors as groups
from rapport.groups.models import Group, Membership, MembershipState
from rapport.groups.notification_kinds import NEW_POST
from rapport.groups.services import group_post_slot_take
from rapport.network.selectors import blocked_ids
from rapport.notifications.selectors import already_told
from rapport.notifications.services import notification_send
from rapport.posts.models import POST_MAX_CHARS, Audience, Comment, Kind, Post, State
from rapport.posts.services.mentions import mentions_apply, notification_url, rendered
from rapport.posts.services.posts import (
    _attach_link,
    _check_author,
    _check_body,
    comment_remove,
    post_delete,
)

# Pinned posts sit above everything else; more than a few is no longer a pin.
PINS_MAX = 3


@transaction.atomic
def group_post_publish(
    *,
    author: User,
    group: Group,
    body: str,
    question: bool = False,
    now: dt.datetime | None = None,
) -> Post:
    """Post (or ask a question) in a group the author is a member of; a new member posts
    a few times a day at most (`groups.new_member_posts_per_day`)."""
    now = now or timezone.now()
    _check_author(author, now)
    body = _check_body(body, limit=POST_MAX_CHARS)
    group_post_slot_take(group=group, member=author, now=now)
    post = Post.objects.create(
        author=author,
        group=group,
        kind=Kind.POST,
        state=State.PUBLISHED,
        audience=Audience.MEMBERS,
        is_question=question,
        body=body,
        created_at=now,
        published_at=now,
        active_at=now,
    )
    post.group = group
    mentions_apply(post=post, comment=None, author=author, text=body, now=now)
    _attach_link(post)
    post.body_html = rendered(post=post, comment=None)
    post.save(update_fields=["link", "body_html"])
    Group.objects.filter(pk=group.pk).update(last_post_at=now)
    from rapport.posts.tasks import group_post_tell

    post_id = post.pk
    transaction.on_commit(lambda: group_post_tell.enqueue(post_id))
    return post


def _managed_post(manager: User, post_id: int) -> Post:
    post = (
        Post.objects.select_related("group", "author")
        .filter(pk=post_id, group__isnull=False, state=State.PUBLISHED)
        .first()
    )
    if post is None or post.group is None or not groups.can_read(manager, post.group):
        raise NotFound("No post here, or it is not shared with you.", code="post.not_found")
    assert post.group_id is not None
    if not groups.manages(manager, post.group):
        raise PermissionDenied("Only the group's managers do that.", code="group.not_manager")
    return post


@transaction.atomic
def group_post_pin(
    *, manager: User, post_id: int, pinned: bool, now: dt.datetime | None = None
) -> Post:
    """Pin a post to the top of the group's discussions, or unpin it (a few at most)."""
    now = now or timezone.now()
    post = _managed_post(manager, post_id)
    group_id: int = post.group.pk  # type: ignore[union-attr]  # _managed_post: a group post
    Group.objects.select_for_update().filter(pk=group_id).first()  # one pin at a time
    if pinned and post.pinned_at is None:
        already = Post.objects.filter(
            group_id=group_id, pinned_at__isnull=False, state=State.PUBLISHED
        ).count()
        if already >= PINS_MAX:
            raise Conflict(
                f"A group pins {PINS_MAX} posts at most; unpin one first.", code="group.pin_limit"
            )
        post.pinned_at = now
    elif not pinned:
        post.pinned_at = None
    post.save(update_fields=["pinned_at"])
    return post


@transaction.atomic
def group_post_remove(*, manager: User, post_id: int, now: dt.datetime | None = None) -> None:
    """A manager removes a post from the group (as its author would delete it)."""
    post = _managed_post(manager, post_id)
    post_delete(author=post.author, post_id=post.pk, now=now)


@transaction.atomic
def group_comment_remove(*, manager: User, comment_id: int) -> None:
    comment = Comment.objects.filter(pk=comment_id).exclude(body="").first()
    if comment is None:
        raise NotFound("That comment is no longer there.", code="comment.not_found")
    _managed_post(manager, comment.post_id)
    comment_remove(comment)


def group_post_tell_now(*, post_id: int) -> int:
    """Tell the members who follow the group closely of a new post; how many were told.
    A rerun tells nobody twice."""
    post = Post.objects.select_related("author", "group").filter(pk=post_id).first()
    if post is None or post.group is None or not post.is_published or not post.author.is_active:
        return 0
    followers = set(
        Membership.objects.filter(
            group=post.group, state=MembershipState.MEMBER, follow_closely=True
        ).values_list("member_id", flat=True)
    )
    followers -= blocked_ids(post.author_id) | {post.author_id}
    followers -= already_told(kinds_=[NEW_POST.code], actor_id=post.author_id, target=post)
    told = 0
    # Each follower is a member of the group (the query says so), so each may read it.
    for follower in User.objects.filter(pk__in=followers, is_active=True).order_by("pk"):
        sent = notification_send(
            recipient=follower,
            kind=NEW_POST.code,
            actor=post.author,
            target=post,
            url=notification_url(post.pk),
        )
        told += sent is not None
    return told
