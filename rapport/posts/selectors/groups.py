"""A group's discussions, as one of its readers sees them (issue 17).

The caller has checked that the viewer reads the group (`groups.selectors.can_read`);
the posts still pass `visible_q`, so blocks and deactivated authors hold here as
everywhere. A page is a fixed number of queries whatever the group's size: the rows
come from the (group, -published_at) and (group, -active_at) indexes.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from rapport.accounts.models import User
from rapport.core.pagination import Page
from rapport.groups.models import Group
from rapport.posts.models import Comment, Post, State
from rapport.posts.selectors.cards import Audit, PostCard, cards_for, with_related
from rapport.posts.selectors.visibility import visible_q

SORTS = {"new": ("-published_at", "-pk"), "active": ("-active_at", "-pk")}
SHOWS = ("all", "questions", "unanswered")


def answered_q() -> Exists:
    """A question counts as answered once someone other than its author comments."""
    return Exists(
        Comment.objects.filter(post_id=OuterRef("pk"), deleted_at=None).exclude(
            author_id=OuterRef("author_id")
        )
    )


def group_discussions(
    viewer: User,
    group: Group,
    *,
    sort: str = "new",
    show: str = "all",
    page: int = 1,
    size: int = 20,
) -> tuple[list[PostCard], Page[PostCard]]:
    """The pinned posts (on the first page) and one page of the rest."""
    audit = Audit.of(viewer)
    rows = Post.objects.filter(
        visible_q(viewer, connected=audit.connected, blocked=audit.blocked), group=group
    )
    pinned: list[Post] = []
    if page == 1 and show == "all":
        pinned = list(with_related(rows.filter(pinned_at__isnull=False)).order_by("-pinned_at"))
    listed = rows.filter(pinned_at__isnull=True) if show == "all" else rows.filter(is_question=True)
    if show == "unanswered":
        listed = listed.filter(~answered_q())
    listed = listed.order_by(*SORTS.get(sort, SORTS["new"]))
    # The page is read one row beyond its size: "more" without counting the group.
    start = (max(1, page) - 1) * size
    found = list(with_related(listed)[start : start + size + 1])
    more = len(found) > size
    cards = cards_for(audit, pinned + found[:size])
    pinned_cards, page_cards = cards[: len(pinned)], cards[len(pinned) :]
    total = start + len(page_cards) + (1 if more else 0)
    return pinned_cards, Page(page_cards, max(1, page), size, total)


def unanswered_count(group: Group) -> int:
    return (
        Post.objects.filter(group=group, state=State.PUBLISHED, is_question=True)
        .filter(~answered_q())
        .count()
    )
