"""Post cards: a post with its counts, the viewer's reaction and the post it reposts.

Built for a whole page at once in a fixed number of queries (pinned in tests), so a
post with ten thousand reactions costs the page what a post with none does.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.network import selectors as network
from rapport.posts.models import Audience, Comment, Post, Reaction, ReactionKind, State

POST_RELATED = (
    "author",
    "author__profile",
    "link",
    "company",
    "group",
    "repost_of",
    "repost_of__company",
    "repost_of__author",
    "repost_of__author__profile",
    "repost_of__link",
)

# A post's author is shown while their account is active, or after it was erased (what
# others replied to stays, by a former member); never while suspended or deactivated.
LIVE_AUTHOR = Q(author__is_active=True) | Q(author__erased_at__isnull=False)


def author_shown(author: User) -> bool:
    return author.is_active or author.erased_at is not None


@dataclass(frozen=True)
class Audit:
    """What the viewer's relations are, computed once per page."""

    viewer: User | None
    connected: frozenset[int]
    blocked: frozenset[int]

    @classmethod
    def of(cls, viewer: User | None) -> Audit:
        if viewer is None or not viewer.is_authenticated:
            return cls(viewer=None, connected=frozenset(), blocked=frozenset())
        return cls(
            viewer=viewer,
            connected=frozenset(network.connected_ids(viewer.pk)),
            blocked=frozenset(network.blocked_ids(viewer.pk)),
        )

    def may_see(self, post: Post) -> bool:
        """`visibility.can_see` for rows already loaded with their author: no query."""
        if post.state != State.PUBLISHED or not author_shown(post.author):
            return False
        if post.group_id is not None:  # a group post is never quoted outside its group
            return False
        if self.viewer is None:
            return post.audience == Audience.PUBLIC
        if post.author_id == self.viewer.pk:
            return True
        if post.author_id in self.blocked:
            return False
        return post.audience != Audience.CONNECTIONS or post.author_id in self.connected


@dataclass
class PostCard:
    post: Post
    reactions: dict[str, int] = field(default_factory=dict)
    my_reaction: str = ""
    comments: int = 0
    reposts: int = 0
    # The reposted post when the viewer may see it; `original_hidden` when they may not.
    original: Post | None = None
    original_hidden: bool = False
    reason: str = ""
    # What the buttons act on: the original, for a repost without words of its own.
    target: Post | None = None
    # The post's page, and the page of what the buttons act on; each action is a path
    # below it ("react/", "repost/"…), so a card reverses two URLs rather than twenty.
    url: str = ""
    target_url: str = ""

    @property
    def reaction_total(self) -> int:
        return sum(self.reactions.values())

    @property
    def top_reactions(self) -> list[str]:
        labels = dict(ReactionKind.choices)
        ranked = sorted(self.reactions.items(), key=lambda kv: (-kv[1], kv[0]))
        return [labels[kind] for kind, _ in ranked[:3]]


def shown_ids(cards: list[PostCard], *, except_author: int | None = None) -> list[int]:
    """The posts a page of cards puts in front of its reader, for their statistics: what
    each card shows, and the original quoted inside a repost with words. An author's
    look at their own posts is not a view of them."""
    ids: list[int] = []
    for card in cards:
        for post in (card.target, card.original if card.post.body else None):
            if post is not None and post.author_id != except_author:
                ids.append(post.pk)
    return ids


def with_related(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related(*POST_RELATED)


# A page of cards (the feed, a profile's activity, search) asks these: built once per
# size of page (rapport/core/compiled.py).
_REACTIONS = Reusable(
    lambda *, ids: (
        Reaction.objects.filter(post_id__in=ids)
        .values_list("post_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
)
_MY_REACTIONS = Reusable(
    lambda *, ids, member: Reaction.objects.filter(post_id__in=ids, member_id=member).values_list(
        "post_id", "kind"
    )
)
_COMMENTS = Reusable(
    lambda *, ids: (
        Comment.objects.filter(post_id__in=ids, deleted_at=None)
        .values_list("post_id")
        .annotate(n=Count("id"))
        .order_by()
    )
)
_REPOSTS = Reusable(
    lambda *, ids: (
        Post.objects.filter(repost_of_id__in=ids, state=State.PUBLISHED)
        .values_list("repost_of_id")
        .annotate(n=Count("id"))
        .order_by()
    )
)


def cards_for(audit: Audit, posts: list[Post]) -> list[PostCard]:
    """Cards for posts already loaded with `with_related`: four queries, whatever the page."""
    cards = [PostCard(post=p) for p in posts]
    if not cards:
        return cards
    ids = sorted({p.pk for p in posts} | {p.repost_of_id for p in posts if p.repost_of_id})
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for post_id, kind, n in _REACTIONS.rows(ids=ids):
        counts[post_id][kind] = n
    mine: dict[int, str] = {}
    if audit.viewer is not None:
        mine = dict(_MY_REACTIONS.rows(ids=ids, member=audit.viewer.pk))
    comments = dict(_COMMENTS.rows(ids=ids))
    reposts = dict(_REPOSTS.rows(ids=ids))
    for card in cards:
        # A plain repost shows, and is counted as, the post it shares.
        target = card.post
        if card.post.repost_of_id:
            original = card.post.repost_of
            assert original is not None
            if audit.may_see(original):
                card.original = original
                if not card.post.body:
                    target = original
            else:
                card.original_hidden = True
        card.target = target
        card.url = reverse("posts:detail", args=[card.post.pk])
        card.target_url = (
            card.url if target is card.post else reverse("posts:detail", args=[target.pk])
        )
        card.reactions = dict(counts.get(target.pk, {}))
        card.my_reaction = mine.get(target.pk, "")
        card.comments = comments.get(target.pk, 0)
        card.reposts = reposts.get(target.pk, 0)
    return cards
