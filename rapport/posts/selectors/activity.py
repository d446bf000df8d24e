"""A member's activity as another member sees it: posts, articles and comments."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from rapport.accounts.models import User
from rapport.companies.models import Company
from rapport.core.compiled import Reusable
from rapport.core.pagination import Page, paginate
from rapport.network import selectors as network
from rapport.posts.models import Comment, Kind, Mention, Post, State
from rapport.posts.selectors.cards import Audit, PostCard, cards_for, with_related
from rapport.posts.selectors.visibility import visible_q

KINDS = ("posts", "articles", "comments")


@dataclass(frozen=True)
class Activity:
    cards: list[PostCard]
    comments: list[Comment]


def posts_by(viewer: User | None, author: User, *, kind: str | None = None) -> QuerySet[Post]:
    """What `author` published that `viewer` may see, newest first."""
    qs = Post.objects.filter(visible_q(viewer), author=author)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return with_related(qs).order_by("-published_at", "-pk")


def company_posts(
    viewer: User, company: Company, *, page: int = 1, size: int = 10
) -> Page[PostCard]:
    """What the company's admins posted for it that the viewer may see, newest first, a
    page at a time (a fixed number of queries a page)."""
    posts = Post.objects.filter(visible_q(viewer), company=company).order_by("-published_at", "-pk")
    found = paginate(with_related(posts), page=page, size=size)
    return Page(cards_for(Audit.of(viewer), found.items), found.number, found.size, found.total)


def comments_by(viewer: User | None, author: User) -> QuerySet[Comment]:
    """`author`'s comments on posts `viewer` may see, newest first; none across a block."""
    if viewer is not None and network.is_blocked_between(viewer.pk, author.pk):
        return Comment.objects.none()
    visible = Post.objects.filter(visible_q(viewer)).values("pk")
    return (
        Comment.objects.filter(author=author, deleted_at=None, post_id__in=visible)
        .select_related("post", "post__author")
        .order_by("-created_at", "-pk")
    )


def activity_of(viewer: User, author: User, *, show: str = "posts", limit: int = 10) -> Activity:
    if show == "comments":
        return Activity(cards=[], comments=list(comments_by(viewer, author)[:limit]))
    kind = Kind.ARTICLE if show == "articles" else Kind.POST
    posts = list(posts_by(viewer, author, kind=kind)[:limit])
    return Activity(cards=cards_for(Audit.of(viewer), posts), comments=[])


def drafts_of(author: User) -> QuerySet[Post]:
    return _drafts_of(author.pk).order_by("-created_at")


def _drafts_of(author_id: int) -> QuerySet[Post]:
    return Post.objects.filter(author_id=author_id, state=State.DRAFT, kind=Kind.ARTICLE)


# Counted on every home page: built once (rapport/core/compiled.py).
_DRAFTS = Reusable(lambda *, author: _drafts_of(author).values_list("pk"))


def drafts_count(author: User) -> int:
    return _DRAFTS.count(author=author.pk)


def comments_on(viewer: User | None, post: Post) -> list[Comment]:
    """The comments on a post the viewer may see, oldest first, replies under their
    comment (the caller has checked the post itself)."""
    audit = Audit.of(viewer)
    rows = list(
        Comment.objects.filter(post=post)
        .exclude(author_id__in=audit.blocked)
        .select_related("author", "author__profile", "post")
        .order_by("created_at", "pk")
    )
    return rows


def mentions_of(member: User, post: Post) -> list[Mention]:
    """The member's live mentions in a post and its comments, to take their name off."""
    return list(Mention.objects.filter(post=post, member=member, removed_at=None))


def comment_threads(viewer: User | None, post: Post) -> list[tuple[Comment, list[Comment]]]:
    """The comments on a post as threads: each top-level comment with its replies, oldest
    first (one level deep, as the service keeps them)."""
    rows = comments_on(viewer, post)
    replies: dict[int, list[Comment]] = {}
    for comment in rows:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.pk, [])) for c in rows if c.parent_id is None]
