"""A dozen groups for the demo community, of different sizes and activity (issue 17).

The big groups follow seed 000's 100-10-1: about 1–2 % of their members write, about
10 % comment or react, a good share read, and the rest do nothing. Memberships, posts
and comments go through the services (so counts, the join log, mentions and
notifications are what members' own would be), dated over the last four months;
reactions and visits are inserted in bulk with their dates. Ada owns one group, manages
another, has a request waiting in a closed one and an invitation to a private one, so
both her pages and her statistics have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from rapport.accounts.models import User
from rapport.discussions import statistics
from rapport.groups import services as groups
from rapport.groups.models import Group, GroupVisit
from rapport.posts import services as posts
from rapport.posts.models import Reaction, ReactionKind

HISTORY_DAYS = 120


@dataclass(frozen=True)
class Planned:
    name: str
    description: str
    visibility: str
    share: float  # of the community
    creators: float  # of its members
    contributors: float
    readers: float
    topic: str


PLANNED = (
    Planned(
        "Product Managers Guild",
        "Product managers comparing notes on discovery, roadmaps and the craft.",
        "open",
        0.45,
        0.015,
        0.10,
        0.40,
        "roadmaps",
    ),
    Planned(
        "Data & Analytics Circle",
        "Analysts, data engineers and scientists: tools, hiring and careers.",
        "open",
        0.35,
        0.015,
        0.10,
        0.35,
        "dashboards",
    ),
    Planned(
        "Alumni Network",
        "For everyone who studied with us: news, reunions and introductions.",
        "closed",
        0.30,
        0.02,
        0.10,
        0.45,
        "reunions",
    ),
    Planned(
        "Engineering Leadership",
        "Engineering managers and staff engineers on teams, hiring and delivery.",
        "closed",
        0.15,
        0.05,
        0.20,
        0.40,
        "on-call",
    ),
    Planned(
        "Design Systems",
        "Component libraries, tokens and the people who keep them.",
        "open",
        0.12,
        0.06,
        0.20,
        0.35,
        "tokens",
    ),
    Planned(
        "Founders' Table",
        "Founders and early employees; what is said here stays here.",
        "private",
        0.06,
        0.15,
        0.30,
        0.30,
        "fundraising",
    ),
    Planned(
        "Women in Tech Mentoring",
        "Mentoring circles, speaking slots and honest career advice.",
        "closed",
        0.10,
        0.05,
        0.25,
        0.35,
        "mentoring",
    ),
    Planned(
        "Remote Work Practices",
        "Async habits, tooling and hiring across time zones.",
        "open",
        0.09,
        0.06,
        0.15,
        0.30,
        "async",
    ),
    Planned(
        "Customer Success Leaders",
        "Renewals, onboarding and the voice of the customer.",
        "open",
        0.05,
        0.10,
        0.20,
        0.30,
        "renewals",
    ),
    Planned(
        "Climate Tech Volunteers",
        "Pro-bono projects for climate nonprofits.",
        "open",
        0.04,
        0.10,
        0.25,
        0.30,
        "volunteering",
    ),
    Planned(
        "Board Game Night",
        "Thursday evenings, near the office. Newcomers welcome.",
        "open",
        0.03,
        0.15,
        0.30,
        0.30,
        "games",
    ),
    Planned(
        "Security Champions",
        "The people who keep our products safe, from every team.",
        "private",
        0.03,
        0.15,
        0.30,
        0.30,
        "threat models",
    ),
)

OPENERS = (
    "How do you handle {t} when the team doubles?",
    "What is the best thing you have read about {t} this year?",
    "We changed how we do {t} this quarter; here is what we learned.",
    "Is anyone else finding {t} harder since the reorg?",
    "Has anyone measured what {t} costs in hours a week?",
    "Sharing our checklist for {t}; comments welcome.",
    "Three things I wish I had known about {t} when I started.",
    "Who here would swap notes on {t} over coffee next week?",
)
ANSWERS = (
    "We had the same problem; writing it down first helped.",
    "Happy to share what worked for us, ask me after the meetup.",
    "Short answer: start small and measure.",
    "Following, this is useful.",
    "We moved away from that last year; it did not scale for us.",
)


@dataclass
class GroupsSummary:
    groups: int = 0
    memberships: int = 0
    posts: int = 0
    comments: int = 0

    def line(self) -> str:
        return (
            f"{self.groups} groups, {self.memberships:,} memberships, {self.posts:,} group posts "
            f"and {self.comments:,} comments (see /groups/)"
        )


def _at(rng: random.Random, now: dt.datetime, after: dt.datetime) -> dt.datetime:
    span = max(60.0, (now - after).total_seconds() - 60)
    return after + dt.timedelta(seconds=rng.uniform(60, span))


def groups_load(*, seed: int, now: dt.datetime) -> GroupsSummary:
    """Write the demo's groups; deterministic for a seed and a database. Call inside a
    transaction."""
    rng = random.Random(seed * 7919 + 17)
    people = list(User.objects.filter(is_active=True, is_staff=False).order_by("pk"))
    if len(people) < 20:
        return GroupsSummary()
    ada = next((p for p in people if p.handle == "ada"), people[0])
    others = [p for p in people if p.pk != ada.pk]
    start = now - dt.timedelta(days=HISTORY_DAYS)
    summary = GroupsSummary()
    for i, planned in enumerate(PLANNED):
        size = max(8, int(len(people) * planned.share))
        owner = ada if i == 0 else rng.choice(others)
        group = groups.group_create(
            creator=owner,
            name=planned.name,
            description=planned.description,
            rules="Be kind. No selling. Ask before sharing what others wrote.",
            visibility=planned.visibility,
            now=start + dt.timedelta(hours=i),
        )
        joined = {owner.pk: start + dt.timedelta(hours=i)}
        pool = [p for p in others if p.pk != owner.pk]
        members = rng.sample(pool, min(size - 1, len(pool)))
        if i == 1 and ada not in members and ada.pk != owner.pk:
            members[0] = ada  # Ada manages the second group
        arrivals = [
            (member, _at(rng, now - dt.timedelta(days=10), start + dt.timedelta(days=1)))
            for member in members
        ]
        # In the order they happened: an allowance is a rolling window, and a slot used
        # "later" blocks an invitation dated earlier (the 2,000-member demo ran out).
        for member, at in sorted(arrivals, key=lambda arrival: arrival[1]):
            if planned.visibility != "open":
                groups.group_invite(inviter=owner, group=group, invitee=member, now=at)
            groups.group_join(member=member, group=group, now=at + dt.timedelta(minutes=5))
            joined[member.pk] = at + dt.timedelta(minutes=5)
        if i == 1 and ada.pk != owner.pk:
            groups.role_set(owner=owner, group=group, member_id=ada.pk, role="manager")
        elif len(members) > 30:
            groups.role_set(owner=owner, group=group, member_id=members[1].pk, role="manager")
        summary.groups += 1
        summary.memberships += len(joined)
        _activity(rng, group, planned, [owner, *members], joined, now, summary)
        _requests(rng, group, planned, joined, others, ada, i, now)
        statistics.refresh(group, now=now)
    return summary


def _activity(
    rng: random.Random,
    group: Group,
    planned: Planned,
    members: list[User],
    joined: dict[int, dt.datetime],
    now: dt.datetime,
    summary: GroupsSummary,
) -> None:
    crowd = members[:]
    rng.shuffle(crowd)
    n = len(crowd)
    c1 = max(1, round(n * planned.creators))
    c2 = c1 + max(1, round(n * planned.contributors))
    c3 = c2 + round(n * planned.readers)
    creators, contributors, readers = crowd[:c1], crowd[c1:c2], crowd[c2:c3]
    written = []
    for author in creators:
        for _ in range(rng.randint(2, 5)):
            # After they joined, and a new member's few a day are never reached.
            at = _at(rng, now - dt.timedelta(hours=6), joined[author.pk] + dt.timedelta(days=15))
            if at >= now:
                continue
            text = rng.choice(OPENERS).format(t=planned.topic)
            post = posts.group_post_publish(
                author=author, group=group, body=text, question=text.endswith("?"), now=at
            )
            written.append(post)
    summary.posts += len(written)
    reactions = []
    for member in contributors:
        for post in rng.sample(written, min(len(written), rng.randint(1, 3))):
            if post.published_at is None or post.published_at < joined[member.pk]:
                continue
            at = _at(rng, now, post.published_at)
            if rng.random() < 0.5:
                posts.comment_add(member=member, post_id=post.pk, body=rng.choice(ANSWERS), now=at)
                summary.comments += 1
            else:
                reactions.append(
                    Reaction(
                        post=post,
                        member=member,
                        kind=rng.choice(ReactionKind.values),
                        created_at=at,
                    )
                )
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
    visits = []
    for member in readers + creators + contributors:
        for _ in range(rng.randint(1, 4)):
            day = _at(rng, now, max(joined[member.pk], now - dt.timedelta(days=90))).date()
            visits.append(GroupVisit(group=group, member=member, day=day))
    GroupVisit.objects.bulk_create(visits, ignore_conflicts=True)


def _requests(
    rng: random.Random,
    group: Group,
    planned: Planned,
    joined: dict[int, dt.datetime],
    others: list[User],
    ada: User,
    index: int,
    now: dt.datetime,
) -> None:
    """A few requests waiting in closed groups (one of them Ada's), an invitation for Ada
    to a private one."""
    outside = [p for p in others if p.pk not in joined]
    if planned.visibility == "closed":
        for member in rng.sample(outside, min(3, len(outside))):
            groups.group_join(
                member=member,
                group=group,
                note="I would like to learn from you all.",
                now=now - dt.timedelta(days=1),
            )
        if index == 2 and ada.pk not in joined:
            groups.group_join(
                member=ada, group=group, note="Class of 2012!", now=now - dt.timedelta(hours=3)
            )
    if planned.visibility == "private" and ada.pk not in joined and index == 5:
        owner = group.memberships.get(role="owner").member
        groups.group_invite(
            inviter=owner,
            group=group,
            invitee=ada,
            note="We would love your view on pricing.",
            now=now - dt.timedelta(hours=5),
        )
