"""Mentions: who a text names, within the limits that keep @-spam out of people's lives.

Seed 003's spammers tag strangers to be seen. So: a post or comment names at most
`posts.mentions_per_post` members (a limit); naming someone outside your connections takes one
unit of a daily allowance (the same race-proof slots as invitations); and a member who
chose "mentions from my network" (or "my A network") finds a stranger's mention in their
filtered list, to review when they like, not among their notifications.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import NotFound, ValidationFailed
from rapport.groups import selectors as groups
from rapport.limits.services import slot_take
from rapport.network import selectors as network
from rapport.notifications import selectors as notification_prefs
from rapport.notifications.models import MentionsFrom
from rapport.notifications.services import notification_send
from rapport.posts import notification_kinds
from rapport.posts.limits import MENTIONS
from rapport.posts.models import Audience, Comment, Mention, Post
from rapport.posts.rendering import article_html, handles_in, post_html
from rapport.trust.selectors.scores import in_a_network_of


def _named_members(author: User, handles: list[str]) -> list[User]:
    """The active members the handles name, in the text's order, minus the author and
    anyone on either side of a block (their @handle stays plain text)."""
    if not handles:
        return []
    found = {u.handle.lower(): u for u in User.objects.filter(handle__in=handles, is_active=True)}
    blocked = network.blocked_ids(author.pk) if found else set()
    return [
        found[h]
        for h in handles
        if h in found and found[h].pk != author.pk and found[h].pk not in blocked
    ]


def mentions_apply(
    *, post: Post, comment: Comment | None, author: User, text: str, now: dt.datetime
) -> list[Mention]:
    """Bring the mentions of a post (or one of its comments) in line with its text.

    Call inside the write's transaction: a refusal (too many, over the daily allowance,
    not in a connections-only audience) rolls the whole write back. Mentions already
    there are kept as they are (a removed one stays removed); new ones may notify.
    """
    members = _named_members(author, handles_in(text))
    cap = limits.value("posts.mentions_per_post")
    if len(members) > cap:
        raise ValidationFailed(
            f"A post or comment may mention at most {cap} people; this one mentions "
            f"{len(members)}.",
            code="mention.too_many",
            field="body",
        )
    existing = {m.member_id: m for m in Mention.objects.filter(post=post, comment=comment)}
    wanted = {m.pk for m in members}
    # A mention the member took their name off stays, removed, whatever the edits: taking
    # the handle out and putting it back must not link (and notify) them again.
    Mention.objects.filter(post=post, comment=comment, removed_at=None).exclude(
        member_id__in=wanted
    ).delete()
    new = [m for m in members if m.pk not in existing]
    connected = network.connected_among(author.pk, [m.pk for m in new]) if new else set()
    outsiders = [m for m in new if not may_read(m, post)]
    if outsiders and author.pk == post.author_id:
        readers = "the group's members read" if post.group_id else "your connections see"
        raise ValidationFailed(
            f"Only {readers} this post, so you cannot mention "
            f"@{outsiders[0].handle}, who is not one of them.",
            code="mention.not_in_audience",
            field="body",
        )
    # A commenter is not told why (that would say whom the post's author is connected
    # to, or has blocked): someone outside the post's readers stays plain text.
    new = [m for m in new if m not in outsiders]
    created: list[Mention] = []
    for member in new:
        outside = member.pk not in connected
        if outside:
            slot_take(
                member=author,
                kind=MENTIONS,
                cap=limits.value("posts.mentions_outside_network_per_day"),
                now=now,
                what="mentions of people outside your connections",
                code="mention.daily_limit",
            )
        created.append(
            Mention.objects.create(
                post=post,
                comment=comment,
                member=member,
                by=author,
                outside_network=outside,
                created_at=now,
            )
        )
    if created and post.is_published:
        _notify_later(created)
    return created


def notification_url(post_id: int) -> str:
    """Where a notification about a post leads; `from` tells its statistics the source."""
    return reverse("posts:detail", args=[post_id]) + "?from=notification"


def may_read(member: User, post: Post) -> bool:
    """Whether `member` is among the readers the post's audience allows (drafts judged as
    they will be published): nobody outside them is linked or notified."""
    if member.pk == post.author_id:
        return True
    if network.is_blocked_between(member.pk, post.author_id):
        return False
    if post.group is not None and not groups.can_read(member, post.group):
        return False
    if post.audience == Audience.CONNECTIONS:
        return network.are_connected(member.pk, post.author_id)
    return True


def mentions_notify_published(*, post: Post) -> None:
    """A draft's mentions notify when it is published, not while it is being written."""
    _notify_later(list(Mention.objects.filter(post=post, comment=None, notified=False)))


def _notify_later(mentions: list[Mention]) -> None:
    ids = [m.pk for m in mentions]
    transaction.on_commit(lambda: _notify(ids))


def _notify(mention_ids: list[int]) -> None:
    mentions = list(
        Mention.objects.filter(pk__in=mention_ids, notified=False, removed_at=None).select_related(
            "member", "by", "post"
        )
    )
    if not mentions:
        return
    choices = notification_prefs.mentions_from_of([m.member_id for m in mentions])
    for mention in mentions:
        if not may_read(mention.member, mention.post):
            continue  # the audience narrowed since: the notification would carry the post
        notification_send(
            recipient=mention.member,
            kind=notification_kinds.MENTIONED.code,
            actor=mention.by,
            target=mention.post,
            url=notification_url(mention.post_id),
            from_network=not mention.outside_network,
            filtered=_held_back(mention, choices[mention.member_id]),
        )
        Mention.objects.filter(pk=mention.pk).update(notified=True)


def _held_back(mention: Mention, mentions_from: str) -> bool:
    """Whether the member's "mentions from" choice sends this one to their filtered list."""
    if mentions_from == MentionsFrom.NETWORK:
        return mention.outside_network
    if mentions_from == MentionsFrom.A_NETWORK:
        return mention.member_id not in in_a_network_of([mention.member_id], mention.by_id)
    return False


def live_mentions(*, post: Post, comment: Comment | None) -> dict[str, str]:
    """Handle → name for the mentions of this text that are still linked."""
    return {
        m.member.handle.lower(): m.member.display_name
        for m in Mention.objects.filter(post=post, comment=comment, removed_at=None).select_related(
            "member"
        )
    }


def rendered(*, post: Post, comment: Comment | None) -> str:
    """The text's HTML with its live mentions as links (articles as Markdown)."""
    mentions = live_mentions(post=post, comment=comment)
    if comment is not None:
        return post_html(comment.body, mentions=mentions)
    if post.kind == "article":
        return article_html(post.body, mentions=mentions)
    return post_html(post.body, mentions=mentions)


@transaction.atomic
def mention_remove(*, member: User, mention_id: int, now: dt.datetime | None = None) -> None:
    """A member takes their name off a post or comment: the link goes, the text stays."""
    mention = (
        Mention.objects.select_for_update(of=("self",))
        .select_related("post", "comment")
        .filter(pk=mention_id, member=member)
        .first()
    )
    if mention is None:
        raise NotFound("No mention of you here.", code="mention.not_found")
    if mention.removed_at is not None:
        return
    mention.removed_at = now or timezone.now()
    mention.save(update_fields=["removed_at"])
    if mention.comment is not None:
        mention.comment.body_html = rendered(post=mention.post, comment=mention.comment)
        mention.comment.save(update_fields=["body_html"])
    else:
        mention.post.body_html = rendered(post=mention.post, comment=None)
        mention.post.save(update_fields=["body_html"])
