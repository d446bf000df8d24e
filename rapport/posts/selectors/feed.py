"""The home feed: what the member's network wrote, newest first with a light ranking.

Candidates are the visible posts of the last FEED_DAYS days by the member and their
connections, the posts of companies they follow, the posts their A network (trust)
commented on, and the job changes their connections (or people joining a company they
follow) chose to tell their network of. Each gets a score in
seconds — its time, moved up for a connection the member trusts and has talked with
lately, moved down for each newer post by the same author in the window (so one
prolific author cannot fill the screen) — and posts the member has been shown three
times drop out. The score is a function of the candidates alone, so "load more" pages
by it: the next page is everything scored below the last item shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from rapport.accounts.models import User
from rapport.companies.models import CompanyFollow, Position
from rapport.core.compiled import Reusable
from rapport.members.job_changes import congratulate_url, job_changes_seen_by
from rapport.posts.models import Comment, Post, PostView
from rapport.posts.selectors.cards import Audit, PostCard, cards_for, with_related
from rapport.posts.selectors.visibility import network_posts_q
from rapport.trust.models import TrustScore

FEED_DAYS = 60
CANDIDATES = 400
SEEN_ENOUGH = 3
HOUR = 3600.0
# How far up (in hours) a trusted, recently contacted connection's post moves.
TRUST_HOURS = 6.0  # at a trust score of 100, scaled down linearly
A_NETWORK_HOURS = 4.0
RECENT_CONTACT_HOURS = 3.0
RECENT_CONTACT = dt.timedelta(days=90)
# How far down each further post by the same author moves.
SAME_AUTHOR_HOURS = 8.0
# How far down a job change sits against a post of the same moment.
JOB_CHANGE_HOURS = 3.0


@dataclass(frozen=True)
class JobChangeCard:
    """ "Ada Mensah started a new position": a position its member announced."""

    position: Position
    # A connection is offered "Congratulate" (a message to change or send); someone who
    # only follows the company, the member's profile.
    congratulate_url: str = ""


@dataclass(frozen=True)
class FeedPage:
    cards: list[PostCard]
    next_cursor: float | None
    # Posts and job changes in the order shown; `cards` are the posts among them.
    items: list[PostCard | JobChangeCard] = field(default_factory=list)
    job_changes: list[JobChangeCard] = field(default_factory=list)


def viewer_key(member: User) -> str:
    return f"m{member.pk}"


def _trust_query(*, member: int, recent_since: dt.datetime) -> QuerySet[TrustScore, Any]:
    recent = ExpressionWrapper(Q(last_contact_at__gte=recent_since), output_field=BooleanField())
    return (
        TrustScore.objects.filter(member_id=member)
        .annotate(recent=recent)
        .values_list("other_id", "score", "a_network", "recent")
    )


def _commented_by(a_network: list[int], since: dt.datetime) -> QuerySet[Comment]:
    return Comment.objects.filter(author_id__in=a_network, created_at__gte=since, deleted_at=None)


def _candidates_query(
    *, member: int, since: dt.datetime, a_network: list[int], blocked: list[int]
) -> QuerySet[Post, Any]:
    return (
        Post.objects.filter(
            network_posts_q(
                User(pk=member),
                also=_commented_by(a_network, since).values("post_id"),
                companies=CompanyFollow.objects.filter(member_id=member).values("company_id"),
                blocked=blocked,
            )
        )
        .filter(published_at__gte=since)
        .order_by("-published_at", "-pk")
        .values_list("pk", "author_id", "published_at", "repost_of_id")[:CANDIDATES]
    )


def _reasons_query(
    *, a_network: list[int], since: dt.datetime, posts: list[int]
) -> QuerySet[Comment, Any]:
    return (
        _commented_by(a_network, since)
        .filter(post_id__in=posts)
        .order_by("created_at", "pk")
        .values_list("post_id", "author_id", "created_at", "author__display_name")
    )


def _seen_query(*, key: str, since: dt.date) -> QuerySet[PostView, Any]:
    return (
        PostView.objects.filter(viewer_key=key, seen_on__gte=since)
        .values_list("post_id")
        .annotate(n=Count("id"))
        .order_by()
    )


# Every home page runs these: their SQL is built once (rapport/core/compiled.py).
_TRUST = Reusable(_trust_query)
_CANDIDATES = Reusable(_candidates_query)
_REASONS = Reusable(_reasons_query)
_SEEN = Reusable(_seen_query)
_POSTS = Reusable(lambda *, ids: with_related(Post.objects.filter(pk__in=ids)))


def _boosts(member: User, now: dt.datetime) -> tuple[dict[int, float], set[int]]:
    """Seconds of boost per connection, and the A network, from stored trust."""
    boosts: dict[int, float] = {}
    a_network: set[int] = set()
    # "Talked lately" is decided by the database: a flag per row instead of a date to
    # read back for each of the member's (often hundreds of) scores.
    for other_id, score, in_a, talked in _TRUST.rows(
        member=member.pk, recent_since=now - RECENT_CONTACT
    ):
        hours = TRUST_HOURS * score / 100
        if in_a:
            hours += A_NETWORK_HOURS
            a_network.add(other_id)
        if talked:
            hours += RECENT_CONTACT_HOURS
        boosts[other_id] = hours * HOUR
    return boosts, a_network


def feed_page(
    member: User, *, cursor: float | None = None, size: int = 20, now: dt.datetime | None = None
) -> FeedPage:
    """One page of the member's feed, in a fixed number of queries."""
    now = now or timezone.now()
    audit = Audit.of(member)
    boosts, a_network = _boosts(member, now)
    since = now - dt.timedelta(days=FEED_DAYS)
    authors = set(audit.connected) | {member.pk}
    rows = _CANDIDATES.rows(
        member=member.pk, since=since, a_network=sorted(a_network), blocked=sorted(audit.blocked)
    )
    # "Chidi commented on this": the latest A-network comment on each post from outside
    # (only those: the A network's other comments are on posts it already shows). The
    # member's views are read by the member, not by the 400 candidate ids, which would
    # cost more to send than to match.
    outside = {pk for pk, author_id, *_ in rows if author_id not in authors}
    reasons: dict[int, tuple[int, dt.datetime, str]] = {}
    if outside:
        for post_id, author_id, at, name in _REASONS.rows(
            a_network=sorted(a_network), since=since, posts=sorted(outside)
        ):
            reasons[post_id] = (author_id, at, name)
    seen: dict[int, int] = dict(_SEEN.rows(key=viewer_key(member), since=since.date()))
    scored: list[tuple[float, int]] = []
    per_author: dict[int, int] = defaultdict(int)
    shared: set[int] = set()
    for pk, author_id, published_at, repost_of_id in rows:
        # The author's penalty counts every candidate, shown or not, so a post dropping
        # out between two pages (seen a third time) does not move its author's older
        # posts above the cursor, where "load more" would never reach them.
        when = reasons[pk][1] if pk in reasons else (published_at or now)
        score = when.timestamp() + boosts.get(reasons[pk][0] if pk in reasons else author_id, 0.0)
        score -= per_author[author_id] * SAME_AUTHOR_HOURS * HOUR
        per_author[author_id] += 1
        # A post and its reposts show once (the newest of them), and not at all once the
        # member has been shown it three times.
        key = repost_of_id or pk
        if key in shared or max(seen.get(pk, 0), seen.get(key, 0)) >= SEEN_ENOUGH:
            continue
        shared.add(key)
        scored.append((round(score, 3), pk))
    changes = {
        position.pk: position
        for position in job_changes_seen_by(
            member, since=since, blocked=audit.blocked, limit=CANDIDATES
        )
    }
    # A job change reads as JOB_CHANGE_HOURS older than it is, so posts written about the
    # same time come first. The score depends on the job change alone (not on how many
    # others there are), so "load more" neither repeats nor skips one when someone
    # announces a new position between two pages.
    for position in changes.values():
        assert position.announced_at is not None  # job_changes_seen_by reads announced ones
        score = position.announced_at.timestamp() + boosts.get(position.member_id, 0.0)
        score -= JOB_CHANGE_HOURS * HOUR
        scored.append((round(score, 3), -position.pk))  # negative: a job change, not a post
    scored.sort(reverse=True)
    if cursor is not None:
        scored = [s for s in scored if s[0] < cursor]
    page = scored[:size]
    posts = {post.pk: post for post in _POSTS.objects(ids=[pk for _, pk in page if pk > 0])}
    cards = cards_for(audit, [posts[pk] for _, pk in page if pk in posts])
    for card in cards:
        if card.post.pk in reasons:
            card.reason = f"{reasons[card.post.pk][2]} commented on this"
    by_post = {card.post.pk: card for card in cards}
    items: list[PostCard | JobChangeCard] = []
    job_cards: list[JobChangeCard] = []
    for _, key in page:
        if key > 0 and key in by_post:
            items.append(by_post[key])
        elif key < 0:
            position = changes[-key]
            job_card = JobChangeCard(
                position=position,
                congratulate_url=(
                    congratulate_url(position.member, position.company.name)
                    if position.member_id in audit.connected
                    else ""
                ),
            )
            items.append(job_card)
            job_cards.append(job_card)
    more = len(scored) > size
    return FeedPage(
        cards=cards,
        next_cursor=page[-1][0] if more and page else None,
        items=items,
        job_changes=job_cards,
    )
