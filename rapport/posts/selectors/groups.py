"""A group's discussions, as one of its readers sees them (issue 17).

Whether the viewer reads the group is `groups.selectors.can_read`, asked here; the
posts then pass `group_posts_q`, the one visibility rule in its form for one group, so
blocks and deactivated authors hold here as everywhere. A page is a fixed number of
queries whatever the group's size: the rows come from the (group, -published_at) and
(group, -active_at) indexes.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from rapport.accounts.models import User
from rapport.core.pagination import Page
from rapport.groups import selectors as groups
from rapport.groups.models import Group
from rapport.posts.models import Comment, Post, State
from rapport.posts.selectors.cards import Audit, PostCard, cards_for
from rapport.posts.selectors.visibility import group_posts_q

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
    may_read: bool | None = None,
) -> tuple[list[PostCard], Page[PostCard]]:
    """The pinned posts (on the first page) and one page of the rest; nothing for a viewer
    who may not read the group (`may_read` when the caller has asked already)."""
    if not (groups.can_read(viewer, group) if may_read is None else may_read):
        return [], Page([], 1, size, 0)
    audit = Audit.of(viewer)
    rows = Post.objects.filter(group_posts_q(viewer, group, blocked=audit.blocked))
    # Ids first, from lean queries on the group's indexes; then the page's posts with
    # everything a card shows, in one query by primary key (the joins of a card cost more
    # to plan and read than the choice of the rows: docs/benchmarks.md, groups).
    pinned: list[int] = []
    if page == 1 and show == "all":
        pinned = list(
            rows.filter(pinned_at__isnull=False).order_by("-pinned_at").values_list("pk", flat=True)
        )
    listed = rows.filter(pinned_at__isnull=True) if show == "all" else rows.filter(is_question=True)
    if show == "unanswered":
        listed = listed.filter(~answered_q())
    # The page is read one row beyond its size: "more" without counting the group.
    start = (max(1, page) - 1) * size
    ids = list(
        listed.order_by(*SORTS.get(sort, SORTS["new"])).values_list("pk", flat=True)[
            start : start + size + 1
        ]
    )
    more = len(ids) > size
    ids = ids[:size]
    # A group post is never a company's or a repost (database constraints): its card
    # needs the author, their profile, the link and the group, not the other joins.
    found = (
        Post.objects.filter(pk__in=pinned + ids)
        .select_related("author", "author__profile", "link", "group")
        .in_bulk()
    )
    cards = cards_for(audit, [found[pk] for pk in pinned + ids if pk in found])
    pinned_cards = [c for c in cards if c.post.pk in set(pinned)]
    page_cards = [c for c in cards if c.post.pk not in set(pinned)]
    total = start + len(page_cards) + (1 if more else 0)
    return pinned_cards, Page(page_cards, max(1, page), size, total)


def unanswered_count(group: Group) -> int:
    return (
        Post.objects.filter(group=group, state=State.PUBLISHED, is_question=True)
        .filter(~answered_q())
        .count()
    )
