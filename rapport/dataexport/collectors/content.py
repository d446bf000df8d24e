"""Readers for what the member wrote and was told: posts, comments, reactions,
mentions, contacts, notifications."""

from __future__ import annotations

from rapport.accounts.models import User
from rapport.dataexport.collectors.common import Row, rows_of, tagged


def posts(member: User) -> list[Row]:
    from rapport.posts.models import Post

    return rows_of(
        Post.objects.filter(author=member).order_by("created_at", "pk"),
        post="id",
        kind="kind",
        state="state",
        audience="audience",
        title="title",
        body="body",
        company="company__name",
        group="group__name",
        question="is_question",
        repost_of="repost_of_id",
        created_at="created_at",
        published_at="published_at",
        edited_at="edited_at",
        deleted_at="deleted_at",
    )


def comments(member: User) -> list[Row]:
    from rapport.posts.models import Comment

    return rows_of(
        Comment.objects.filter(author=member).order_by("created_at", "pk"),
        comment="id",
        post="post_id",
        reply_to="parent_id",
        body="body",
        at="created_at",
        edited_at="edited_at",
        deleted_at="deleted_at",
    )


def reactions(member: User) -> list[Row]:
    from rapport.posts.models import Reaction

    return rows_of(
        Reaction.objects.filter(member=member).order_by("created_at", "pk"),
        post="post_id",
        kind="kind",
        at="created_at",
    )


def mentions_and_shares(member: User) -> list[Row]:
    from rapport.posts.models import Mention, PostShare
    from rapport.posts.selectors.visibility import visible_posts

    # Only mentions the member can read where they are: in a published post they may
    # see (visible_posts: published, audience, blocks), not in someone's draft, and not
    # in a deleted comment.
    readable = Mention.objects.filter(
        member=member, post_id__in=visible_posts(member).values("pk")
    ).exclude(comment__deleted_at__isnull=False)
    mentions = rows_of(
        readable.order_by("created_at", "pk"),
        post="post_id",
        comment="comment_id",
        by="by__handle",
        at="created_at",
        removed_at="removed_at",
    )
    shares = rows_of(
        PostShare.objects.filter(member=member).order_by("created_at", "pk"),
        post="post_id",
        by="via",
        at="created_at",
    )
    return tagged("mention_of_you", mentions) + tagged("post_you_shared", shares)


def contacts(member: User) -> list[Row]:
    from rapport.contacts.models import ContactImport, ContactMerge, ImportedContact, JoinInvitation

    rows = tagged(
        "contact",
        rows_of(
            ImportedContact.objects.filter(owner=member).order_by("pk"),
            name="name",
            emails="emails",
            company="company",
            title="title",
            url="url",
            connected_on="connected_on",
            labels="labels",
            at="created_at",
        ),
    )
    rows += tagged(
        "import",
        rows_of(
            ContactImport.objects.filter(owner=member).order_by("pk"),
            file_name="file_name",
            format="format",
            state="state",
            at="created_at",
        ),
    )
    rows += tagged(
        "merge",
        rows_of(
            ContactMerge.objects.filter(owner=member).order_by("pk"),
            kept="kept__name",
            reason="reason",
            at="created_at",
        ),
    )
    rows += tagged(
        "join_invitation",
        rows_of(JoinInvitation.objects.filter(sender=member).order_by("pk"), at="sent_at"),
    )
    return rows


def notifications(member: User) -> list[Row]:
    from rapport.notifications.models import EmailSent, Notification

    told = rows_of(
        Notification.objects.filter(recipient=member).order_by("created_at", "pk"),
        kind="kind",
        text="text",
        link="url",
        read="is_read",
        at="created_at",
    )
    mails = rows_of(
        EmailSent.objects.filter(member=member).order_by("sent_at"), kind="key", at="sent_at"
    )
    return tagged("notification", told) + tagged("email", mails)


def groups(member: User) -> list[Row]:
    """The member's place in each group: member, invited, asked, left, banned."""
    from rapport.groups.models import Membership

    return rows_of(
        Membership.objects.filter(member=member).order_by("created_at", "pk"),
        group="group__name",
        address="group__slug",
        role="role",
        state="state",
        note="note",
        joined_at="joined_at",
        follow_closely="follow_closely",
        show_in_top_contributors="show_in_top",
        since="created_at",
    )
