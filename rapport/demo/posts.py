"""Posts and articles for the demo community, with the activity around them (issue 12).

`post_plan` decides who writes what and who reacts and comments (seed 000's 100-10-1),
`post_views` who read it; this module reads the community those plans start from and
writes them. Posts and articles go through the services (`post_publish`, `article_save`
and `article_publish`, `repost_create`), so their HTML, mentions, link rows and
notifications are what members' own would be; there are a few hundred. Reactions, most
comments and the view log run to tens of thousands of rows, so they are bulk-inserted,
rendered and keyed as the services and `stats.recording` would write them; comments on the
demo log-ins' posts, and comments naming someone, go through `comment_add`, so the people
concerned are told. No link preview is fetched: each shared link has its preview row in
the "could not be fetched" state before its post is published.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.demo import post_texts as texts
from rapport.demo.data.tracks import TRACKS, Track
from rapport.demo.plan import ADA, BEN
from rapport.demo.post_plan import Person, PostsPlan, World, posts_plan
from rapport.demo.post_views import views_plan, views_write
from rapport.members.models import Profile
from rapport.network.models import Block, Connection
from rapport.notifications.services import notification_send
from rapport.posts import services
from rapport.posts.models import (
    Comment,
    Kind,
    LinkPreview,
    LinkPreviewState,
    Post,
    PostView,
    PostViewer,
    Reaction,
    State,
)
from rapport.posts.notification_kinds import REACTED
from rapport.posts.rendering import post_html
from rapport.posts.services.mentions import notification_url

Progress = Callable[[str], None]
BATCH = 1000


@dataclass
class PostsSummary:
    posts: int = 0
    articles: int = 0
    authors: int = 0
    reactions: int = 0
    comments: int = 0
    reposts: int = 0
    views: int = 0
    readers: int = 0
    browsers: int = 0

    def line(self) -> str:
        return (
            f"{self.posts:,} posts and {self.articles:,} articles by {self.authors:,} members; "
            f"{self.reactions:,} reactions, {self.comments:,} comments, {self.reposts:,} "
            f"reposts; {self.views:,} views by {self.readers:,} members and {self.browsers:,} "
            "signed-out readers"
        )


def posts_load(*, seed: int, now: dt.datetime, progress: Progress) -> PostsSummary:
    """Write the demo's posts, articles, reactions, comments and views; deterministic for a
    seed and a database. Call inside a transaction (notifications go out on commit)."""
    world = world_read(now.date())
    if len(world.people) < 10:
        return PostsSummary()
    plan = posts_plan(world, seed)
    views = views_plan(world, plan, random.Random(f"rapport-demo:{seed}:posts:views"))
    post_ids = _posts_write(plan, now)
    Reaction.objects.bulk_create(
        [
            Reaction(
                post_id=post_ids[index],
                member_id=member,
                kind=kind,
                created_at=now - dt.timedelta(seconds=ago),
            )
            for index, member, kind, ago in plan.reactions
        ],
        batch_size=BATCH,
    )
    _reactions_tell(world, plan, post_ids, now)
    _comments_write(world, plan, post_ids, now)
    views_write(
        world=world,
        views=views,
        post_ids=post_ids,
        now=now,
        rng=random.Random(f"rapport-demo:{seed}:posts:requests"),
    )
    summary = posts_summary()
    progress(f"  posts        {summary.posts + summary.articles:>8,}  {summary.line()}")
    return summary


def world_read(today: dt.date) -> World:
    """Members, their work, places, skills and connections, in pk order."""
    users = list(
        User.objects.filter(is_staff=False, is_active=True)
        .order_by("pk")
        .values_list("pk", "handle", "display_name")
    )
    friends: dict[int, list[int]] = defaultdict(list)
    for low, high in Connection.objects.values_list("member_low_id", "member_high_id"):
        friends[low].append(high)
        friends[high].append(low)
    # The latest job first: the current one where there is one (as a viewer's snapshot takes).
    jobs: dict[int, tuple[str, str, str, str, dt.date, bool]] = {}
    for row in Position.objects.order_by(
        "member_id", "-is_current", "-started_on", "-pk"
    ).values_list(
        "member_id",
        "title",
        "company__name",
        "company__website",
        "company__industry",
        "started_on",
        "is_current",
    ):
        jobs.setdefault(row[0], row[1:])
    places = dict(Profile.objects.values_list("member_id", "location"))
    skills: dict[int, list[str]] = defaultdict(list)
    for member_id, name in Profile.skills.through.objects.order_by("pk").values_list(
        "profile_id", "skill__name"
    ):
        skills[member_id].append(name)
    ladder: dict[str, tuple[Track, int]] = {}
    for track in TRACKS.values():
        for level, title in enumerate(track.titles):
            ladder.setdefault(title, (track, level))
    people = []
    for pk, handle, name in users:
        title, company, website, industry, started, working = jobs.get(
            pk, ("", "", "", "", today, False)
        )
        track, level = ladder.get(title, (TRACKS["operations"], 1))
        place = (places.get(pk) or "").strip()
        writer = texts.Writer(
            first=name.split()[0],
            title=title,
            company=company if working else "",
            website=website if working else "",
            city=place.split(",")[0].strip() or "my city",
            industry=industry,
            focus=track.focuses[pk % len(track.focuses)],
            level=level,
            years=(today - started).days // 365 if working else 0,
            # Hashtags come from the skills of their line of work, not "French" or "Leadership".
            skills=tuple(s for s in skills.get(pk, ()) if s in track.skills),
            titles=track.titles,
        )
        snapshot = (company, title, place) if working else ("", "", place)
        people.append(Person(pk, handle, writer, track.focuses, snapshot))
    by_pk = {p.pk: p for p in people}
    blocked = {
        (min(a, b), max(a, b)) for a, b in Block.objects.values_list("member_id", "blocked_id")
    }
    kept = {pk: sorted(f for f in friends.get(pk, ()) if f in by_pk) for pk in by_pk}
    handles = {p.handle: p.pk for p in people}
    return World(
        people=people,
        by_pk=by_pk,
        friends=kept,
        friend_sets={pk: set(fs) for pk, fs in kept.items()},
        blocked=blocked,
        ada=handles.get(ADA.handle),
        ben=handles.get(BEN.handle),
    )


def _posts_write(plan: PostsPlan, now: dt.datetime) -> dict[int, int]:
    """Publish the planned posts oldest first, through the services; index → post id."""
    LinkPreview.objects.bulk_create(
        [
            LinkPreview(url=url, state=LinkPreviewState.FAILED, fetched_at=now)
            for url in sorted({p.link for p in plan.posts if p.link})
        ],
        ignore_conflicts=True,
    )
    authors = User.objects.in_bulk(sorted({p.author for p in plan.posts}))
    ids: dict[int, int] = {}
    for index in sorted(range(len(plan.posts)), key=lambda i: (-plan.posts[i].ago, i)):
        p = plan.posts[index]
        at = now - dt.timedelta(seconds=p.ago)
        author = authors[p.author]
        if p.repost_of is not None:
            post = services.repost_create(
                member=author,
                original_id=ids[p.repost_of],
                body=p.body,
                audience=p.audience,
                now=at,
            )
        elif p.kind == Kind.ARTICLE:
            # Drafted the evening before, published in the morning.
            draft = services.article_save(
                author=author,
                title=p.title,
                body=p.body,
                audience=p.audience,
                now=at - dt.timedelta(hours=14),
            )
            post = services.article_publish(author=author, article_id=draft.pk, now=at)
        else:
            post = services.post_publish(author=author, body=p.body, audience=p.audience, now=at)
        ids[index] = post.pk
    return ids


def _reactions_tell(
    world: World, plan: PostsPlan, post_ids: dict[int, int], now: dt.datetime
) -> None:
    """The demo log-ins hear of reactions to their posts as members would: through the
    notification service, oldest first, so they group ("… and 23 others reacted")."""
    on_logins = {i for i, p in enumerate(plan.posts) if p.author in (world.ada, world.ben)}
    told = sorted((r for r in plan.reactions if r[0] in on_logins), key=lambda r: -r[3])
    logins = {pk for pk in (world.ada, world.ben) if pk is not None}
    people = User.objects.in_bulk(sorted({r[1] for r in told} | logins))
    posts = Post.objects.in_bulk([post_ids[i] for i in on_logins])
    for index, member, _kind, ago in told:
        post = posts[post_ids[index]]
        notification_send(
            recipient=people[post.author_id],
            kind=REACTED.code,
            actor=people[member],
            target=post,
            url=notification_url(post.pk),
            now=now - dt.timedelta(seconds=ago),
        )


def _comments_write(
    world: World, plan: PostsPlan, post_ids: dict[int, int], now: dt.datetime
) -> None:
    """Comments first, then replies (which need their comment's id)."""
    on_logins = {i for i, p in enumerate(plan.posts) if p.author in (world.ada, world.ben)}
    served = {n for n, c in enumerate(plan.comments) if c.named or c.post in on_logins}
    people = User.objects.in_bulk(sorted({plan.comments[n].author for n in served}))
    ids: dict[int, int] = {}
    for replies in (False, True):
        rows: list[tuple[int, Comment]] = []
        for n, c in enumerate(plan.comments):
            if (c.parent is not None) != replies:
                continue
            at = now - dt.timedelta(seconds=c.ago)
            parent = ids[c.parent] if c.parent is not None else None
            if n in served:
                ids[n] = services.comment_add(
                    member=people[c.author],
                    post_id=post_ids[c.post],
                    body=c.body,
                    parent_id=parent,
                    now=at,
                ).pk
                continue
            comment = Comment(
                post_id=post_ids[c.post],
                author_id=c.author,
                parent_id=parent,
                body=c.body,
                body_html=post_html(c.body),
                created_at=at,
            )
            rows.append((n, comment))
        Comment.objects.bulk_create([row for _, row in rows], batch_size=BATCH)
        ids.update({n: row.pk for n, row in rows})


def posts_summary() -> PostsSummary:
    originals = Post.objects.filter(state=State.PUBLISHED, repost_of=None)
    members = PostViewer.objects.filter(viewer_key__startswith="m")
    return PostsSummary(
        posts=originals.filter(kind=Kind.POST).count(),
        articles=originals.filter(kind=Kind.ARTICLE).count(),
        authors=originals.values("author").distinct().count(),
        reactions=Reaction.objects.count(),
        comments=Comment.objects.count(),
        reposts=Post.objects.filter(repost_of__isnull=False).count(),
        views=PostView.objects.count(),
        readers=members.values("viewer_key").distinct().count(),
        browsers=PostViewer.objects.filter(viewer_key__startswith="b").count(),
    )
