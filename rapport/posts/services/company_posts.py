"""Posts a company's admins publish for it reach the company's followers: in their feed
(`selectors.visibility.network_posts_q`) and as a notification, which the digest gathers
by default."""

from __future__ import annotations

from rapport.accounts.models import User
from rapport.companies.models import CompanyFollow
from rapport.network.selectors import blocked_ids
from rapport.notifications.selectors import already_told
from rapport.notifications.services import notification_send
from rapport.posts.models import Post
from rapport.posts.notification_kinds import COMPANY_POSTED
from rapport.posts.services.mentions import notification_url


def company_post_tell_now(*, post_id: int) -> int:
    post = Post.objects.select_related("author", "company").filter(pk=post_id).first()
    if post is None or post.company_id is None:
        return 0
    if post.deleted_at is not None or not post.is_published or not post.author.is_active:
        return 0
    followers = set(
        CompanyFollow.objects.filter(company_id=post.company_id).values_list("member_id", flat=True)
    )
    followers -= blocked_ids(post.author_id) | {post.author_id}
    followers -= already_told(kinds_=[COMPANY_POSTED.code], actor_id=post.author_id, target=post)
    # Every active follower left may read it: a company post is for members or the
    # public (a database constraint) and nobody across a block is left — no per-follower
    # visibility query.
    told = 0
    for follower in User.objects.filter(pk__in=followers, is_active=True).order_by("pk"):
        sent = notification_send(
            recipient=follower,
            kind=COMPANY_POSTED.code,
            actor=post.author,
            target=post,
            url=notification_url(post.pk),
        )
        told += sent is not None
    return told
