"""A group's participation, computed by a job from recorded activity (issue 17).

Definitions, each over a window ending now (30 and 90 days), among the group's members
today:
- creators: wrote a post or asked a question in the group;
- contributors: not creators; commented on, or reacted to, a post in the group;
- readers: neither; opened the group (a `GroupVisit`) or were shown one of its posts
  (a `PostView` keyed to them);
- lurkers: none of these.
The 100-10-1 rule (seed 000) expects about 1 % creators, 10 % who interact (here
contributors, 9 %) and the rest reading; the figures are shown against it.

Weekly series (the last WEEKS weeks, Monday to Sunday, UTC): members at the week's end
(from the append-only join/leave log), members active that week (wrote, commented,
reacted or read), posts, comments and reactions. A question is answered by the first
comment from someone other than its asker; response time is the time to that comment.
Top contributors are members who did not opt out, ranked by posts and comments in the
last 90 days.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
import time
from collections import Counter, defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from rapport.accounts.models import User
from rapport.discussions.models import GroupStats
from rapport.groups.models import Group, GroupVisit, Membership, MembershipChange, MembershipState
from rapport.posts.models import Comment, Post, PostView, Reaction, State
from rapport.posts.selectors.groups import answered_q

WINDOWS = (30, 90)
WEEKS = 12
TOP = 10
UNANSWERED_SHOWN = 10
RULE = {"creators": 1.0, "contributors": 9.0, "readers_and_lurkers": 90.0}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _member_key(key: str) -> int | None:
    return int(key[1:]) if key.startswith("m") and key[1:].isdigit() else None


def _share(n: int, of: int) -> float:
    return round(100.0 * n / of, 1) if of else 0.0


def _breakdown(
    members: set[int],
    since: dt.datetime,
    posts: list[tuple[int, int, dt.datetime]],
    comments: list[tuple[int, int, dt.datetime]],
    reactions: list[tuple[int, dt.datetime]],
    readers: dict[int, dt.date],
) -> dict[str, Any]:
    creators = {a for _, a, at in posts if at >= since} & members
    interacted = {a for _, a, at in comments if at >= since} | {
        m for m, at in reactions if at >= since
    }
    contributors = (interacted & members) - creators
    read = {m for m, day in readers.items() if day >= since.date()}
    reading = (read & members) - creators - contributors
    lurkers = members - creators - contributors - reading
    total = len(members)
    counts = {
        "creators": len(creators),
        "contributors": len(contributors),
        "readers": len(reading),
        "lurkers": len(lurkers),
    }
    return {
        "members": total,
        "counts": counts,
        "percent": {k: _share(v, total) for k, v in counts.items()},
        "rule": RULE,
    }


def compute(group: Group, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Every figure of the statistics page, from the recorded activity."""
    now = now or timezone.now()
    far = now - dt.timedelta(days=max(WINDOWS[-1], WEEKS * 7 + 7))
    members = set(
        Membership.objects.filter(group=group, state=MembershipState.MEMBER).values_list(
            "member_id", flat=True
        )
    )
    # What is still there: a post its author deleted or a manager removed is not counted.
    in_group = Post.objects.filter(group=group, state=State.PUBLISHED)
    posts = [
        (pk, author_id, at)
        for pk, author_id, at in in_group.filter(published_at__gte=far).values_list(
            "pk", "author_id", "published_at"
        )
        if at is not None
    ]
    comments = list(
        Comment.objects.filter(
            post__group=group, post__state=State.PUBLISHED, deleted_at=None, created_at__gte=far
        ).values_list("post_id", "author_id", "created_at")
    )
    reactions = list(
        Reaction.objects.filter(
            post__group=group, post__state=State.PUBLISHED, created_at__gte=far
        ).values_list("member_id", "created_at")
    )
    # The latest day each member read the group, and per week who read it.
    readers: dict[int, dt.date] = {}
    read_weeks: dict[dt.date, set[int]] = defaultdict(set)
    for member_id, day in GroupVisit.objects.filter(group=group, day__gte=far.date()).values_list(
        "member_id", "day"
    ):
        readers[member_id] = max(day, readers.get(member_id, day))
        read_weeks[_week_start(day)].add(member_id)
    for key, day in (
        PostView.objects.filter(
            post__group=group, seen_on__gte=far.date(), viewer_key__startswith="m"
        )
        .values_list("viewer_key", "seen_on")
        .distinct()
    ):
        viewer = _member_key(key)
        if viewer is not None:
            readers[viewer] = max(day, readers.get(viewer, day))
            read_weeks[_week_start(day)].add(viewer)

    breakdown = {
        str(days): _breakdown(
            members, now - dt.timedelta(days=days), posts, comments, reactions, readers
        )
        for days in WINDOWS
    }
    return {
        "computed_at": now.isoformat(),
        "members": len(members),
        "breakdown": breakdown,
        "weeks": _weeks(group, now, posts, comments, reactions, read_weeks),
        "top_contributors": _top(group, members, now, posts, comments),
        "questions": _questions(group, now),
    }


def _weeks(
    group: Group,
    now: dt.datetime,
    posts: list[tuple[int, int, dt.datetime]],
    comments: list[tuple[int, int, dt.datetime]],
    reactions: list[tuple[int, dt.datetime]],
    read_weeks: dict[dt.date, set[int]],
) -> list[dict[str, Any]]:
    this_week = _week_start(now.date())
    starts = [this_week - dt.timedelta(weeks=w) for w in range(WEEKS - 1, -1, -1)]
    active: dict[dt.date, set[int]] = defaultdict(set)
    counted: dict[str, Counter[dt.date]] = {
        "posts": Counter(),
        "comments": Counter(),
        "reactions": Counter(),
    }
    for _, author, at in posts:
        week = _week_start(at.date())
        counted["posts"][week] += 1
        active[week].add(author)
    for _, author, at in comments:
        week = _week_start(at.date())
        counted["comments"][week] += 1
        active[week].add(author)
    for member, at in reactions:
        week = _week_start(at.date())
        counted["reactions"][week] += 1
        active[week].add(member)
    for week, ids in read_weeks.items():
        active[week] |= ids
    # Members at each week's end: everyone who joined before it minus everyone who left.
    log = list(
        MembershipChange.objects.filter(group=group).values_list("at", "joined", "member_id")
    )
    changes = sorted(((at, joined) for at, joined, _ in log), key=lambda c: c[0])
    # Active members are people who were members of the group at some point (an outsider
    # commenting in an open group is activity, not an active member).
    ever = {member for _, joined, member in log if joined and member is not None}
    rows, i, size = [], 0, 0
    for start in starts:
        end = dt.datetime.combine(start + dt.timedelta(days=7), dt.time(), tzinfo=dt.UTC)
        while i < len(changes) and changes[i][0] < end:
            size += 1 if changes[i][1] else -1
            i += 1
        rows.append(
            {
                "week": start.isoformat(),
                "members": size,
                "active": len(active[start] & ever),
                "posts": counted["posts"][start],
                "comments": counted["comments"][start],
                "reactions": counted["reactions"][start],
            }
        )
    return rows


def _top(
    group: Group,
    members: set[int],
    now: dt.datetime,
    posts: list[tuple[int, int, dt.datetime]],
    comments: list[tuple[int, int, dt.datetime]],
) -> list[dict[str, Any]]:
    since = now - dt.timedelta(days=90)
    score: Counter[int] = Counter()
    wrote: Counter[int] = Counter()
    answered: Counter[int] = Counter()
    for _, author, at in posts:
        if at >= since:
            score[author] += 1
            wrote[author] += 1
    for _, author, at in comments:
        if at >= since:
            score[author] += 1
            answered[author] += 1
    shown = (
        set(
            Membership.objects.filter(
                group=group, state=MembershipState.MEMBER, show_in_top=True, member__is_active=True
            )
            .filter(member_id__in=[m for m, _ in score.most_common(TOP * 5)])
            .values_list("member_id", flat=True)
        )
        & members
    )
    ranked = [m for m, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if m in shown][
        :TOP
    ]
    people = User.objects.in_bulk(ranked)
    return [
        {
            "handle": people[m].handle,
            "name": people[m].display_name,
            "posts": wrote[m],
            "comments": answered[m],
        }
        for m in ranked
        if m in people
    ]


def _questions(group: Group, now: dt.datetime) -> dict[str, Any]:
    since = now - dt.timedelta(days=90)
    asked = {
        pk: (author_id, at)
        for pk, author_id, at in Post.objects.filter(
            group=group, is_question=True, state=State.PUBLISHED, published_at__gte=since
        ).values_list("pk", "author_id", "published_at")
        if at is not None
    }
    first: dict[int, dt.datetime] = {}
    for post_id, author_id, at in (
        Comment.objects.filter(post_id__in=list(asked), deleted_at=None)
        .values_list("post_id", "author_id")
        .annotate(at=Min("created_at"))
        .order_by()
    ):
        if author_id != asked[post_id][0]:  # the asker's own comment is no answer
            first[post_id] = min(at, first.get(post_id, at))
    hours = [(first[pk] - asked[pk][1]).total_seconds() / 3600 for pk in first]
    waiting = (
        Post.objects.filter(
            group=group, is_question=True, state=State.PUBLISHED, author__is_active=True
        )
        .filter(~answered_q())
        .order_by("-published_at", "-pk")
    )
    return {
        "asked_90": len(asked),
        "answered_90": len(first),
        "median_hours_to_answer": round(stats.median(hours), 1) if hours else None,
        "unanswered": waiting.count(),
        "unanswered_latest": [
            {"id": pk, "text": body[:140], "asked_at": at.isoformat() if at else None}
            for pk, body, at in waiting.values_list("pk", "body", "published_at")[:UNANSWERED_SHOWN]
        ],
    }


def refresh(group: Group, *, now: dt.datetime | None = None) -> GroupStats:
    """Compute and store a group's statistics (safe to run twice: the row is replaced)."""
    started = time.perf_counter()
    figures = compute(group, now=now)
    took = round(time.perf_counter() - started, 3)
    with transaction.atomic():
        row, _ = GroupStats.objects.update_or_create(
            group=group,
            defaults={"figures": figures, "took": took, "computed_at": now or timezone.now()},
        )
    return row


def stale_groups(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[int]:
    """Groups with no statistics yet, or whose statistics are older than `older_than`."""
    now = now or timezone.now()
    return list(
        Group.objects.filter(Q(stats__isnull=True) | Q(stats__computed_at__lt=now - older_than))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
