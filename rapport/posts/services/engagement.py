"""What members do with a post: react, comment and reply, share, report."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core.errors import NotFound, PermissionDenied, ValidationFailed
from rapport.limits.models import ComplaintSource
from rapport.limits.selectors.moderation import ensure_allowed
from rapport.limits.services import complaint_file
from rapport.network import selectors as network
from rapport.notifications.services import notification_send
from rapport.posts.models import (
    COMMENT_MAX_CHARS,
    Comment,
    Post,
    PostShare,
    Reaction,
    ReactionKind,
    ShareVia,
)
from rapport.posts.selectors.visibility import can_see, post_for
from rapport.posts.services.mentions import mentions_apply, notification_url, rendered


def notify_later(*, recipient_id: int, kind: str, actor: User, post: Post) -> None:
    """Tell a member after the write commits, so a rolled-back write tells nobody — and
    only if they may see the post the notification points to (a reply on a post that
    became connections-only, a repost to someone else's connections: no notification
    may carry what its recipient cannot read)."""

    def send() -> None:
        recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
        fresh = Post.objects.select_related("author").filter(pk=post.pk).first()
        if recipient is not None and fresh is not None and can_see(recipient, fresh):
            notification_send(
                recipient=recipient,
                kind=kind,
                actor=actor,
                target=fresh,
                url=notification_url(fresh.pk),
            )

    transaction.on_commit(send)


@transaction.atomic
def reaction_set(*, member: User, post_id: int, kind: str = ReactionKind.LIKE) -> Reaction:
    """React to a post, or change one's reaction: one per member and post."""
    if kind not in ReactionKind.values:
        raise ValidationFailed(
            f"A reaction is one of {', '.join(ReactionKind.values)}.",
            code="reaction.kind",
            field="kind",
        )
    post = post_for(member, post_id)
    reaction, created = Reaction.objects.get_or_create(
        post=post, member=member, defaults={"kind": kind}
    )
    if not created and reaction.kind != kind:
        reaction.kind = kind
        reaction.save(update_fields=["kind"])
    if created:  # a changed reaction is not news; a first one joins the post's group
        notify_later(recipient_id=post.author_id, kind="posts.reacted", actor=member, post=post)
    return reaction


@transaction.atomic
def reaction_remove(*, member: User, post_id: int) -> bool:
    post = post_for(member, post_id)
    deleted, _ = Reaction.objects.filter(post=post, member=member).delete()
    return bool(deleted)


def _check_comment(body: str) -> str:
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationFailed("Write a comment first.", code="comment.empty", field="body")
    if len(body) > COMMENT_MAX_CHARS:
        raise ValidationFailed(
            f"A comment holds at most {COMMENT_MAX_CHARS:,} characters.",
            code="comment.too_long",
            field="body",
        )
    return body


@transaction.atomic
def comment_add(
    *,
    member: User,
    post_id: int,
    body: str,
    parent_id: int | None = None,
    now: dt.datetime | None = None,
) -> Comment:
    """Comment on a post, or reply to a comment (one level: a reply to a reply answers
    the comment it belongs to)."""
    now = now or timezone.now()
    ensure_allowed(member, "posts", now=now)
    post = post_for(member, post_id)
    body = _check_comment(body)
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, post=post, deleted_at=None).first()
        if parent is None:
            raise NotFound("That comment is no longer there.", code="comment.not_found")
        if parent.parent_id is not None:
            parent = Comment.objects.get(pk=parent.parent_id)
    comment = Comment.objects.create(
        post=post, author=member, parent=parent, body=body, created_at=now
    )
    if post.group_id is not None:  # the group's "sort by active"
        Post.objects.filter(pk=post.pk).update(active_at=now)
    mentions_apply(post=post, comment=comment, author=member, text=body, now=now)
    comment.body_html = rendered(post=post, comment=comment)
    comment.save(update_fields=["body_html"])
    notify_later(recipient_id=post.author_id, kind="posts.commented", actor=member, post=post)
    if parent is not None and parent.author_id != post.author_id:
        notify_later(recipient_id=parent.author_id, kind="posts.replied", actor=member, post=post)
    return comment


def _own_comment(member: User, comment_id: int, *, or_post_author: bool = False) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("post")
        .filter(pk=comment_id, deleted_at=None)
        .first()
    )
    if comment is None:
        raise NotFound("No comment here.", code="comment.not_found")
    post_for(member, comment.post_id)
    allowed = comment.author_id == member.pk or (
        or_post_author and comment.post.author_id == member.pk
    )
    if not allowed:
        raise PermissionDenied("That comment is not yours.", code="comment.not_yours")
    return comment


@transaction.atomic
def comment_edit(
    *, member: User, comment_id: int, body: str, now: dt.datetime | None = None
) -> Comment:
    now = now or timezone.now()
    ensure_allowed(member, "posts", now=now)
    comment = _own_comment(member, comment_id)
    comment.body = _check_comment(body)
    comment.edited_at = now
    mentions_apply(post=comment.post, comment=comment, author=member, text=comment.body, now=now)
    comment.body_html = rendered(post=comment.post, comment=comment)
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, member: User, comment_id: int, now: dt.datetime | None = None) -> None:
    """The commenter, or the post's author, takes a comment down. Replies under it stay,
    under "comment deleted"; a comment with no replies goes entirely."""
    now = now or timezone.now()
    comment = _own_comment(member, comment_id, or_post_author=True)
    comment.mentions.all().delete()
    if comment.parent_id is None and comment.replies.filter(deleted_at=None).exists():
        comment.body = comment.body_html = ""
        comment.deleted_at = now
        comment.save(update_fields=["body", "body_html", "deleted_at"])
    else:
        comment.delete()


@transaction.atomic
def share_record(*, member: User, post_id: int, via: str) -> PostShare:
    """Count a share that is not a repost (a link copied, a post sent in a message)."""
    if via not in ShareVia.values:
        raise ValidationFailed(
            f"via is one of {', '.join(ShareVia.values)}.", code="share.via", field="via"
        )
    post = post_for(member, post_id)
    share, _ = PostShare.objects.get_or_create(post=post, member=member, via=via)
    return share


@transaction.atomic
def post_send(
    *,
    member: User,
    post_id: int,
    recipient: User,
    note: str,
    link: str,
    send_anyway: bool = False,
) -> PostShare:
    """Send a post's link to a connection in a message, counted as a share.

    Only to connections: a post is not a way round message requests. The message goes
    through messaging's own service, guard included.
    """
    from rapport.conversations.services import message_send

    post = post_for(member, post_id)
    if not network.are_connected(member.pk, recipient.pk):
        raise PermissionDenied(
            "You can send a post to your connections only.", code="share.not_connected"
        )
    text = f"{note.strip()}\n\n{link}" if note.strip() else link
    message_send(sender=member, recipient=recipient, text=text, send_anyway=send_anyway)
    share, _ = PostShare.objects.get_or_create(post=post, member=member, via=ShareVia.MESSAGE)
    return share


def post_report(*, reporter: User, post_id: int, reason: str) -> bool:
    """Report a post to the moderators; it counts in its author's standing like a
    reported invitation. Reporting twice changes nothing."""
    post = post_for(reporter, post_id)
    try:
        return complaint_file(
            member=post.author,
            reporter=reporter,
            source=ComplaintSource.POST,
            reference=post.pk,
            reason=reason,
        )
    except IntegrityError:  # the same report sent twice at once
        return False


def comment_report(*, reporter: User, comment_id: int, reason: str) -> bool:
    comment = (
        Comment.objects.filter(pk=comment_id, deleted_at=None).select_related("author").first()
    )
    if comment is None:
        raise NotFound("No comment here.", code="comment.not_found")
    post_for(reporter, comment.post_id)
    try:
        return complaint_file(
            member=comment.author,
            reporter=reporter,
            source=ComplaintSource.COMMENT,
            reference=comment.pk,
            reason=reason,
        )
    except IntegrityError:
        return False
