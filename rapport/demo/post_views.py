"""Who read the demo's posts, and when: the view log behind each post's statistics.

Most of the community only reads (seed 000's "100"). Each post is read by a share of its
author's connections that grows with its age, by some members beyond them when its
audience allows, and by everyone who reacted, commented or reposted, each before they did
so. Public posts also get signed-out readers, many for Ada's article. A plain repost's
readers are recorded against the post it shares, as the feed records a card's target.

Rows are what `rapport.posts.stats.recording` writes: a `PostView` per showing with a
unique request key, viewer keys `m<id>` for members and `b<40 hex>` for a browser on a
day, and one `PostViewer` per post and viewer holding who they were (current company
and title, place) when they first looked. The demo log-ins are shown each post at most
once, so their feeds (which drop posts seen three times) stay full.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import DateField, DateTimeField, Model

from rapport.demo.choices import Weighted, weighted_sample
from rapport.demo.post_plan import DAY, HOUR, PlannedPost, PostsPlan, World
from rapport.posts.models import Audience, Kind, PostView, PostViewer

BATCH = 5000
# Per post, the share of the author's connections who are shown it, once it is a few days old.
REACH = (0.2, 0.5)
# Members beyond the author's connections, relative to those within.
BEYOND = 0.25
MAX_VIEWERS = 700
IMPRESSIONS = Weighted([1, 2, 3, 4], [60, 25, 10, 5])
POST_SOURCES = Weighted(["feed", "post", "profile", "notification", "search"], [75, 8, 10, 4, 3])
ARTICLE_SOURCES = Weighted(
    ["feed", "article", "profile", "notification", "search"], [50, 25, 12, 5, 8]
)
# Ada's article: most of her connections, more beyond them, and readers from outside.
FEATURED_REACH = 0.7
FEATURED_BROWSERS = (30, 40)


@dataclass
class ViewPlan:
    """One viewer of one post: their key and each showing, as (seconds ago, source)."""

    post: int
    key: str
    member: int | None
    seen: list[tuple[int, str]] = field(default_factory=list)


def _acted(plan: PostsPlan) -> dict[int, dict[int, int]]:
    """Per post, everyone who did something with it and the earliest moment they did."""
    acted: dict[int, dict[int, int]] = defaultdict(dict)

    def note(index: int, member: int, ago: int) -> None:
        post = plan.posts[index]
        if member != post.author:
            acted[index][member] = max(ago, acted[index].get(member, 0))

    for index, member, _, ago in plan.reactions:
        note(index, member, ago)
    for comment in plan.comments:
        note(comment.post, comment.author, comment.ago)
    for post in plan.posts:
        if post.repost_of is not None:
            note(post.repost_of, post.author, post.ago)
    return acted


def _sources(post: PlannedPost) -> Weighted[str]:
    return ARTICLE_SOURCES if post.kind == Kind.ARTICLE else POST_SOURCES


def views_plan(world: World, plan: PostsPlan, rng: random.Random) -> list[ViewPlan]:
    acted = _acted(plan)
    logins = {world.ada, world.ben}
    everyone = [p.pk for p in world.people]
    views: list[ViewPlan] = []
    viewing: dict[int, set[int]] = defaultdict(set)
    for index, post in enumerate(plan.posts):
        # A plain repost shows the post it shares, and the page records that one as seen
        # (reposts come after the posts they share, whose readers are known by then).
        shown = post.repost_of if post.repost_of is not None and not post.body else index
        original = plan.posts[shown]
        featured = post.author == world.ada and post.kind == Kind.ARTICLE
        sources = _sources(post)
        # The share of the author's network the post has reached grows over its first days.
        grown = min(1.0, 0.3 + post.ago / (4 * DAY))
        reach = FEATURED_REACH if featured else rng.uniform(*REACH) * grown
        if post.repost_of is not None:
            reach /= 4
        friends = [
            f
            for f in world.friends[post.author]
            if world.may_see(post, f) and world.may_see(original, f)
        ]
        readers = set(rng.sample(friends, k=round(len(friends) * reach)))
        if post.audience != Audience.CONNECTIONS:
            beyond = [
                pk
                for pk in everyone
                if pk != post.author
                and pk not in world.friend_sets[post.author]
                and world.may_see(post, pk)
            ]
            share = (3 if featured else 1) * BEYOND * len(readers) / max(1, len(beyond))
            readers |= {pk for pk in beyond if rng.random() < share}
        chosen = sorted(readers - acted[index].keys() - viewing[shown] - {original.author})
        room = max(0, MAX_VIEWERS - len(acted[index]))
        if len(chosen) > room:
            chosen = weighted_sample(rng, chosen, [1.0] * len(chosen), room)
        for member in sorted(acted[index]):
            # Shown the post before doing something with it.
            before = acted[index][member]
            first = min(post.ago - 10, before + int(rng.uniform(20, HOUR)))
            views.append(_viewer(index, member, first, sources, rng, once=member in logins))
        for member in chosen:
            first = max(30, int(post.ago - 60 - rng.expovariate(1 / (0.8 * DAY))))
            views.append(_viewer(shown, member, first, sources, rng, once=member in logins))
        viewing[shown] |= set(chosen) | acted[index].keys()
        if post.audience == Audience.PUBLIC and post.repost_of is None:
            low, high = FEATURED_BROWSERS if featured else (0, 6)
            for _ in range(rng.randint(low, high)):
                # A browser's key is for one day; each one here is seen once, that day.
                key = f"b{rng.getrandbits(160):040x}"
                ago = int(rng.uniform(30, post.ago - 10))
                views.append(ViewPlan(index, key, None, [(ago, "external")]))
    return views


def _viewer(
    index: int, member: int, first: int, sources: Weighted[str], rng: random.Random, *, once: bool
) -> ViewPlan:
    seen = [(first, sources.pick(rng))]
    again = 0 if once else IMPRESSIONS.pick(rng) - 1
    for _ in range(again):
        seen.append((int(rng.uniform(30, first)), sources.pick(rng)))
    return ViewPlan(index, f"m{member}", member, seen)


def views_write(
    *,
    world: World,
    views: list[ViewPlan],
    post_ids: dict[int, int],
    now: dt.datetime,
    rng: random.Random,
) -> None:
    """Write the planned views as recording would have: a row per showing, a row per viewer."""
    shown: list[tuple[Any, ...]] = []
    viewers: list[tuple[Any, ...]] = []
    for view in views:
        post_id = post_ids[view.post]
        person = world.by_pk.get(view.member) if view.member is not None else None
        company, title, place = person.snapshot if person is not None else ("", "", "")
        first = max(view.seen)  # the earliest showing: the most seconds ago
        for ago, source in view.seen:
            at = now - dt.timedelta(seconds=ago)
            key = f"{rng.getrandbits(128):032x}"
            shown.append((post_id, view.key, at.date(), at, source, key))
        on = (now - dt.timedelta(seconds=first[0])).date()
        viewers.append((post_id, view.key, on, company[:120], title[:120], place[:120], first[1]))
    _insert(PostView, ("post", "viewer_key", "seen_on", "seen_at", "source", "request_key"), shown)
    _insert(
        PostViewer,
        ("post", "viewer_key", "first_seen_on", "company", "title", "place", "source"),
        viewers,
    )


def _insert(model: type[Model], names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Plain INSERTs, dates and times adapted by the backend as the ORM would adapt them:
    `bulk_create` spends far longer building SQL for tens of thousands of rows (SQLite
    takes ~166 a statement) than the database spends writing them."""
    ops = connection.ops
    fields = [model._meta.get_field(name) for name in names]
    adapt: list[Callable[[Any], Any] | None] = [
        ops.adapt_datetimefield_value
        if isinstance(f, DateTimeField)
        else ops.adapt_datefield_value
        if isinstance(f, DateField)
        else None
        for f in fields
    ]
    columns = ", ".join(ops.quote_name(str(f.column)) for f in fields)  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608 (a model's table)
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(v if a is None else a(v) for a, v in zip(adapt, row, strict=True))
                    for row in rows[start : start + BATCH]
                ],
            )
