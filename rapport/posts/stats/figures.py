"""The statistics of one post or article, as its author sees them (issue 12).

One selector, used by the page, the API and the `rapport stats` command. Every figure is
a count of rows, aggregated in the database (GROUP BY) in a fixed number of queries
whatever the number of views, and never an estimate:
- impressions are `PostView` rows (one per request and post, see recording.py);
- unique viewers are `PostViewer` rows (one per post and viewer key);
- reactions, comments, reposts and shares are the rows there are now — a reaction taken
  back is no longer a reaction — while the view figures, being append-only, never go down.

The author's own views are left out: looking at one's own post in the feed is not reach.
Who viewed is shown only in groups of at least the limit `posts.stats_min_group` (anonymity.py);
the counting itself is in aggregates.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from rapport.accounts.models import User
from rapport.core import limits
from rapport.core.errors import NotFound
from rapport.posts.models import (
    Comment,
    Post,
    PostShare,
    Reaction,
    ReactionKind,
    ShareVia,
    State,
)
from rapport.posts.selectors.visibility import visible_q
from rapport.posts.stats import aggregates
from rapport.posts.stats.anonymity import (
    LABELS,
    NOT_GIVEN,
    SIGNED_OUT,
    VALUE,
    Group,
    anonymous_groups,
)

# The newest reposts listed by name; the count covers them all.
REPOSTERS_LISTED = 50
# (dimension, heading, whether a blank value can be a signed-out reader)
DIMENSIONS = (
    ("company", "Companies", True),
    ("title", "Job titles", True),
    ("place", "Places", True),
    ("source", "Where they came from", False),
)
SOURCE_LABELS = {
    "feed": "Home feed",
    "post": "The post's own page",
    "profile": "Your profile",
    "company": "The company's page",
    "group": "The group's discussions",
    "notification": "A notification",
    "search": "Search",
    "article": "The article's page",
    "external": "A link from another site",
    # Not "Other": that word is the folded row.
    "other": "Elsewhere on Rapport",
}
NOT_FOUND_MESSAGE = "No post here, or it is not shared with you."


class StatisticsNotYet(NotFound):
    """A draft has no readers yet, so no statistics: said plainly to its author only."""

    code = "post.draft"


@dataclass(frozen=True)
class Day:
    day: dt.date
    impressions: int
    new_viewers: int


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    label: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Reposter:
    handle: str
    display_name: str
    repost_id: int
    reposted_at: dt.datetime
    with_words: bool


@dataclass(frozen=True)
class PostStatistics:
    post: Post
    as_of: dt.datetime
    min_group: int
    unique_viewers: int
    impressions: int
    # Every kind, in the order they are declared, zeros included.
    reactions: dict[str, int]
    comments: int
    reposts: int
    # The reposts the author may see (visibility.py), newest first, at most REPOSTERS_LISTED.
    reposters: tuple[Reposter, ...]
    reposters_visible: int
    shares: dict[str, int]
    days: tuple[Day, ...]
    breakdowns: tuple[Breakdown, ...]

    @property
    def reactions_total(self) -> int:
        return sum(self.reactions.values())

    @property
    def shares_total(self) -> int:
        return sum(self.shares.values())

    @property
    def reposters_hidden(self) -> int:
        """Reposts by people the author may not see (another's connections-only post, a
        block): counted, never named."""
        return self.reposts - self.reposters_visible


def _count(rows: QuerySet[Any], by: str = "post") -> Coalesce:
    """A correlated COUNT(*) of `rows` (filtered on OuterRef through `by`), 0 when none."""
    counted = rows.order_by().values(by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _post_with_counts(post_id: int, *, author_id: int | None = None) -> Post | None:
    """The post, its author and its engagement counts: one query. With `author_id`, only
    that author's post: someone else's costs no counting (and so no timing difference)."""
    own = {"post": OuterRef("pk")}
    counts = {
        f"reactions_{kind}": _count(Reaction.objects.filter(**own, kind=kind))
        for kind in ReactionKind.values
    }
    counts |= {
        f"shares_{via}": _count(PostShare.objects.filter(**own, via=via)) for via in ShareVia.values
    }
    counts["n_comments"] = _count(Comment.objects.filter(**own, deleted_at=None))
    counts["n_reposts"] = _count(
        Post.objects.filter(repost_of=OuterRef("pk"), state=State.PUBLISHED), by="repost_of"
    )
    posts = Post.objects.filter(pk=post_id)
    if author_id is not None:
        posts = posts.filter(author_id=author_id)
    return posts.select_related("author").annotate(**counts).first()


def _viewer_figures(post: Post, k: int) -> tuple[dict[dt.date, int], dict[str, list[Group]]]:
    """New unique viewers per day, and the groups of at least k viewers per dimension."""
    days: dict[dt.date, int] = {}
    large: dict[str, list[Group]] = {field: [] for field, _, _ in DIMENSIONS}
    may_be_browser = {field: browser for field, _, browser in DIMENSIONS}
    for dim, value, n, browsers in aggregates.viewer_groups(post.pk, own_key=_own(post), k=k):
        if dim == aggregates.DAY:
            days[dt.date.fromisoformat(value)] = n
        elif value:
            label = SOURCE_LABELS.get(value, value) if dim == "source" else value
            large[dim].append(Group(label, n, VALUE))
        elif may_be_browser[dim]:
            # Browsers never have a company, title or place: the blank value is two groups.
            large[dim].append(Group(LABELS[SIGNED_OUT], browsers, SIGNED_OUT))
            large[dim].append(Group(LABELS[NOT_GIVEN], n - browsers, NOT_GIVEN))
        else:
            large[dim].append(Group(LABELS[NOT_GIVEN], n, NOT_GIVEN))
    return days, large


def _own(post: Post) -> str:
    # The author's own views are left out, whatever the page they looked from.
    return f"m{post.author_id}"


def _days(
    post: Post, today: dt.date, impressions: dict[dt.date, int], viewers: dict[dt.date, int]
) -> tuple[Day, ...]:
    """Every day from the publish day to today, zero-filled (widened to any recorded day
    outside it, so the days always add up to the totals)."""
    assert post.published_at is not None  # drafts were refused before
    recorded = [*impressions, *viewers]
    first = min([post.published_at.date(), *recorded])
    last = max([today, *recorded])
    return tuple(
        Day(day, impressions.get(day, 0), viewers.get(day, 0))
        for day in (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    )


def _reposters(post: Post, viewer: User) -> tuple[tuple[Reposter, ...], int]:
    """Reposts the viewer may see, by the one visibility rule, and how many there are."""
    rows = list(
        Post.objects.filter(visible_q(viewer), repost_of_id=post.pk)
        .select_related("author")
        .only("pk", "body", "published_at", "author__handle", "author__display_name")
        .annotate(visible=Window(Count("*")))
        .order_by("-published_at", "-pk")[:REPOSTERS_LISTED]
    )
    listed = [
        Reposter(
            handle=r.author.handle,
            display_name=r.author.display_name,
            repost_id=r.pk,
            reposted_at=r.published_at,  # type: ignore[arg-type]
            with_words=bool(r.body),
        )
        for r in rows
    ]
    visible = rows[0].visible if rows else 0
    return tuple(listed), visible


def _figures(post: Post, *, viewer: User, now: dt.datetime | None) -> PostStatistics:
    now = now or timezone.now()
    k = max(1, limits.value("posts.stats_min_group"))
    impressions = aggregates.impressions_by_day(post.pk, own_key=_own(post))
    viewers, large = _viewer_figures(post, k)
    unique = sum(viewers.values())
    reposters, visible = _reposters(post, viewer)

    def counted(name: str) -> int:
        return int(getattr(post, name))  # the annotations of _post_with_counts

    return PostStatistics(
        post=post,
        as_of=now,
        min_group=k,
        unique_viewers=unique,
        impressions=sum(impressions.values()),
        reactions={kind: counted(f"reactions_{kind}") for kind in ReactionKind.values},
        comments=counted("n_comments"),
        reposts=counted("n_reposts"),
        reposters=reposters,
        reposters_visible=visible,
        shares={via: counted(f"shares_{via}") for via in ShareVia.values},
        days=_days(post, now.date(), impressions, viewers),
        breakdowns=tuple(
            Breakdown(field, heading, tuple(anonymous_groups(large[field], total=unique, k=k)))
            for field, heading, _ in DIMENSIONS
        ),
    )


def post_statistics(
    *, author: User, post_id: int, now: dt.datetime | None = None
) -> PostStatistics:
    """The statistics of one of `author`'s published posts or articles.

    Anyone else's post — visible to them or not — is `post.not_found`, the same answer as
    a post that does not exist, so statistics leak nothing and ids reveal nothing. A
    deleted post is gone for its author too; a draft is `post.draft` (no readers yet).
    """
    post = _post_with_counts(post_id, author_id=author.pk)
    if post is None or post.author_id != author.pk or post.state == State.DELETED:
        raise NotFound(NOT_FOUND_MESSAGE, code="post.not_found")
    if post.state == State.DRAFT:
        raise StatisticsNotYet("This is a draft: its statistics start when you publish it.")
    return _figures(post, viewer=author, now=now)


def post_statistics_for_operator(*, post_id: int, now: dt.datetime | None = None) -> PostStatistics:
    """Any post's statistics, deleted ones included, for the operator's command line:
    what its author would see (reposters as the author may see them)."""
    post = _post_with_counts(post_id)
    if post is None:
        raise NotFound(f"No post with id {post_id}.", code="post.not_found")
    if post.state == State.DRAFT:
        raise StatisticsNotYet(f"Post {post_id} is a draft: no statistics until it is published.")
    return _figures(post, viewer=post.author, now=now)
