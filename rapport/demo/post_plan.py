"""The demo's posts, reactions and comments as plain data, before any of it is written.

Seed 000's 100-10-1 rule decides who does what: about 1% of members create (several
posts over the last sixty days, now and then a long-form article), a few more post once
or twice, about a tenth react, comment, reply and repost, and the rest only read (their
views are planned in `post_views`). Those who create are the better connected, as in
life, and the demo log-ins' networks always hold enough of them for a full feed.

Everything here is pure: a `World` read from the loaded community and a seed in, a
`PostsPlan` out, each stage drawing from its own `Random` over lists in a fixed order.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rapport.demo import post_texts as texts
from rapport.demo.choices import Weighted, chance, weighted_sample
from rapport.demo.plan import ADA, BEN
from rapport.posts.models import Audience, Kind, ReactionKind
from rapport.posts.rendering import first_link

DAYS = 60
DAY = 86_400
HOUR = 3_600
CREATORS = 0.01
OCCASIONAL = 0.01
ENGAGERS = 0.09
ARTICLE_ODDS = 0.35
REPOST_ODDS = 0.15
# Feeds the demo log-ins must find full: authors among their connections.
FEED_AUTHORS = {ADA.handle: 8, BEN.handle: 5}
AUDIENCES = Weighted([Audience.MEMBERS, Audience.PUBLIC, Audience.CONNECTIONS], [70, 15, 15])
REACTIONS: dict[str, tuple[list[str], list[float]]] = {
    "": (ReactionKind.values, [55, 12, 8, 15, 6, 4]),
    texts.MILESTONE: (ReactionKind.values, [35, 45, 12, 4, 2, 2]),
    texts.HIRING: (ReactionKind.values, [40, 20, 25, 8, 6, 1]),
}
# Ada's posts, as (style, audience, days ago); her article is public, for signed-out readers.
ADA_POSTS = (
    (texts.LESSON, Audience.MEMBERS, 3),
    (texts.QUESTION, Audience.MEMBERS, 11),
    (texts.THANKS, Audience.CONNECTIONS, 27),
    (texts.HELP, Audience.PUBLIC, 44),
)
ADA_ARTICLE_DAYS = 18


@dataclass(frozen=True)
class Person:
    pk: int
    handle: str
    writer: texts.Writer
    focuses: tuple[str, ...]
    # Company, title and place as a viewer's statistics row keeps them (blank when between jobs).
    snapshot: tuple[str, str, str]


@dataclass
class World:
    """The loaded community as the posts need it, read once, in pk order."""

    people: list[Person]
    by_pk: dict[int, Person]
    friends: dict[int, list[int]]
    friend_sets: dict[int, set[int]]
    blocked: set[tuple[int, int]]
    ada: int | None
    ben: int | None

    def degree(self, pk: int) -> int:
        return len(self.friends.get(pk, ()))

    def may_see(self, post: PlannedPost, pk: int) -> bool:
        """`visibility.can_see` for a planned post."""
        if pk == post.author:
            return True
        if (min(pk, post.author), max(pk, post.author)) in self.blocked:
            return False
        return post.audience != Audience.CONNECTIONS or pk in self.friend_sets[post.author]


@dataclass
class PlannedPost:
    author: int
    kind: str
    style: str
    audience: str
    ago: int  # seconds before the load
    body: str
    focus: str
    title: str = ""
    link: str = ""
    repost_of: int | None = None  # index into PostsPlan.posts


@dataclass
class PlannedComment:
    post: int
    author: int
    body: str
    ago: int
    parent: int | None = None  # index into PostsPlan.comments
    named: bool = False  # names someone: through the service, so they are told


@dataclass
class PostsPlan:
    posts: list[PlannedPost] = field(default_factory=list)
    reactions: list[tuple[int, int, str, int]] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)
    pod: list[int] = field(default_factory=list)  # an engagement pod's members


@dataclass(frozen=True)
class Roles:
    """Seed 000's 100-10-1: who creates, who posts now and then, who reacts and comments."""

    creators: list[int]
    occasional: list[int]
    engagers: list[int]

    @property
    def active(self) -> list[int]:
        return sorted({*self.creators, *self.occasional, *self.engagers})


def roles_plan(world: World, rng: random.Random) -> Roles:
    size = len(world.people)
    logins = {world.ada, world.ben}
    pool = [p.pk for p in world.people if p.pk not in logins]
    # The better connected post more, as in life; Ada is one of them.
    creators = weighted_sample(
        rng, pool, [world.degree(pk) + 1.0 for pk in pool], max(2, round(size * CREATORS) - 1)
    )
    if world.ada is not None:
        creators.insert(0, world.ada)
    for login, wanted in (
        (world.ada, FEED_AUTHORS[ADA.handle]),
        (world.ben, FEED_AUTHORS[BEN.handle]),
    ):
        if login is None:
            continue
        friends = [f for f in world.friends[login] if f not in logins]
        # A small community has fewer creators to go round: 2 per log-in under 500 members.
        wanted = min(wanted, max(2, size // 250))
        missing = wanted - sum(1 for f in friends if f in creators)
        spare = sorted((f for f in friends if f not in creators), key=lambda f: -world.degree(f))
        if missing > 0 and spare:
            creators += rng.sample(spare[: 3 * missing], k=min(missing, len(spare)))
    chosen = set(creators)
    rest = [pk for pk in pool if pk not in chosen]
    occasional = weighted_sample(
        rng,
        rest,
        [math.sqrt(world.degree(pk) + 1) for pk in rest],
        max(2, round(size * OCCASIONAL)),
    )
    if world.ben is not None:
        occasional.append(world.ben)
    chosen |= set(occasional)
    rest = [pk for pk in pool if pk not in chosen]
    engagers = weighted_sample(
        rng, rest, [math.sqrt(world.degree(pk) + 1) for pk in rest], max(6, round(size * ENGAGERS))
    )
    return Roles(creators=creators, occasional=occasional, engagers=engagers)


def _ago(rng: random.Random) -> int:
    return int(rng.uniform(HOUR, DAYS * DAY - HOUR))


def _after(ago: int, rng: random.Random, *, mean: float) -> int:
    """A moment after `ago` (seconds before the load), usually soon after, never in the future."""
    return max(30, int(ago - 120 - rng.expovariate(1 / mean)))


def _post(
    world: World,
    pk: int,
    ago: int,
    rng: random.Random,
    words: random.Random,
    *,
    style: str = "",
    audience: str = "",
    article: bool = False,
) -> PlannedPost:
    person = world.by_pk[pk]
    friends = world.friends[pk]
    focus = person.writer.focus if chance(rng, 0.6) else rng.choice(person.focuses)
    writer = replace(person.writer, focus=focus)
    audience = audience or AUDIENCES.pick(rng)
    if article:
        title, body = texts.article_text(writer, words)
        return PlannedPost(pk, Kind.ARTICLE, texts.LESSON, audience, ago, body, focus, title)
    style = style or texts.kinds_for(writer, can_mention=bool(friends)).pick(rng)
    mention = "@" + world.by_pk[rng.choice(friends)].handle if style == texts.THANKS else ""
    body = texts.post_text(style, writer, words, mention=mention)
    link = (first_link(body) or "") if style == texts.LINK else ""
    return PlannedPost(pk, Kind.POST, style, audience, ago, body, focus, link=link)


def _posts(
    world: World, roles: Roles, rng: random.Random, words: random.Random
) -> list[PlannedPost]:
    """Who posts what when; `words` chooses only the wording, so rewording a pattern
    changes no one's posts, times or audiences."""
    posts: list[PlannedPost] = []
    for pk in roles.creators:
        if pk == world.ada:
            for style, audience, days in ADA_POSTS:
                ago = days * DAY + int(rng.uniform(-6, 6) * HOUR)
                posts.append(_post(world, pk, ago, rng, words, style=style, audience=audience))
            ago = ADA_ARTICLE_DAYS * DAY + int(rng.uniform(-6, 6) * HOUR)
            posts.append(_post(world, pk, ago, rng, words, audience=Audience.PUBLIC, article=True))
            continue
        article = chance(rng, ARTICLE_ODDS)
        for n in range(rng.randint(3, 8)):
            posts.append(_post(world, pk, _ago(rng), rng, words, article=article and n == 0))
    for pk in roles.occasional:
        for _ in range(rng.randint(1, 2)):
            posts.append(_post(world, pk, _ago(rng), rng, words))
    return posts


def _reposts(
    world: World, roles: Roles, posts: list[PlannedPost], rng: random.Random, words: random.Random
) -> None:
    """A few reposts, with and without words, by connections of the author."""
    sharers = set(roles.active)
    made = 0
    for index, post in enumerate(list(posts)):
        odds = REPOST_ODDS * (2 if post.kind == Kind.ARTICLE else 1)
        if post.audience == Audience.CONNECTIONS or post.ago < 6 * HOUR or not chance(rng, odds):
            continue
        candidates = [
            f for f in world.friends[post.author] if f in sharers and world.may_see(post, f)
        ]
        if not candidates:
            continue
        who = world.by_pk[rng.choice(candidates)]
        ago = post.ago - int(rng.uniform(HOUR, min(3 * DAY, post.ago - HOUR)))
        first = world.by_pk[post.author].writer.first
        # Every other repost adds a few words of its own; the rest share the post as it is.
        made += 1
        body = (
            texts.repost_text(who.writer, author_first=first, focus=post.focus, rng=words)
            if made % 2
            else ""
        )
        posts.append(
            PlannedPost(
                who.pk,
                Kind.POST,
                post.style,
                Audience.MEMBERS,
                ago,
                body,
                post.focus,
                repost_of=index,
            )
        )


def _engaged(world: World, roles: Roles, post: PlannedPost) -> tuple[list[int], list[float]]:
    """Who may react to or comment on a post: the active members who may see it, its
    author's connections far likelier than anyone else."""
    friends = world.friend_sets[post.author]
    eligible = [pk for pk in roles.active if pk != post.author and world.may_see(post, pk)]
    return eligible, [1.0 if pk in friends else 0.06 for pk in eligible]


def _reactions(world: World, roles: Roles, plan: PostsPlan, rng: random.Random) -> None:
    for index, post in enumerate(plan.posts):
        if post.repost_of is not None and not post.body:
            continue  # a plain repost's buttons act on the post it shares
        eligible, weights = _engaged(world, roles, post)
        close = sum(1 for w in weights if w == 1.0)
        typical = max(1.5, 0.3 * close) * (1.6 if post.kind == Kind.ARTICLE else 1.0)
        if post.repost_of is not None:
            typical /= 3
        k = min(len(eligible), round(rng.lognormvariate(math.log(typical), 0.6)))
        picker = Weighted(*REACTIONS.get(post.style, REACTIONS[""]))
        for pk in weighted_sample(rng, eligible, weights, k):
            plan.reactions.append(
                (index, pk, picker.pick(rng), _after(post.ago, rng, mean=8 * HOUR))
            )


# An engagement pod (issue 18): members who like every post of each other's and little
# else. Their influence is damped for it, which the demo should show.
POD_SIZE = 8
POD_POSTS = (
    "Thrilled to share that our team hit its quarterly goal. Grateful for this network!",
    "Five habits that changed how I work. Number three surprised me. Agree?",
    "Monday motivation: keep showing up. What keeps you going?",
    "Honoured to have spoken at a meetup this week. Thank you all for the support!",
)


def _pod(world: World, roles: Roles, plan: PostsPlan, rng: random.Random) -> list[int]:
    """Members not otherwise active post twice each and react to every post of the
    others' — and to nothing else."""
    active = {*roles.active, world.ada, world.ben}
    quiet = [p.pk for p in world.people if p.pk not in active]
    if len(quiet) < POD_SIZE * 3:
        return []
    pod = sorted(rng.sample(quiet, POD_SIZE))
    first = len(plan.posts)
    for member in pod:
        for _ in range(2):
            plan.posts.append(
                PlannedPost(
                    author=member,
                    kind=Kind.POST,
                    style="",
                    audience=Audience.MEMBERS,
                    ago=rng.randint(2 * DAY, 30 * DAY),
                    body=rng.choice(POD_POSTS),
                    focus="",
                )
            )
    for index in range(first, len(plan.posts)):
        post = plan.posts[index]
        for member in pod:
            if member != post.author:
                plan.reactions.append(
                    (index, member, ReactionKind.LIKE, _after(post.ago, rng, mean=HOUR))
                )
    return pod


def _comments(
    world: World, roles: Roles, plan: PostsPlan, rng: random.Random, words: random.Random
) -> None:
    reacted: dict[int, set[int]] = defaultdict(set)
    for index, pk, _, _ in plan.reactions:
        reacted[index].add(pk)
    pod = set(plan.pod)
    for index, post in enumerate(plan.posts):
        if post.repost_of is not None and not post.body:
            continue
        if post.author in pod:
            continue  # a pod's posts are liked by the pod, and seldom talked about
        eligible, weights = _engaged(world, roles, post)
        weights = [
            3.0 if pk in reacted[index] else w for pk, w in zip(eligible, weights, strict=True)
        ]
        k = round(len(reacted[index]) * rng.uniform(0.1, 0.35))
        k += rng.randint(1, 3) if post.style == texts.QUESTION else 0
        author = world.by_pk[post.author].writer
        for pk in weighted_sample(rng, eligible, weights, min(k, len(eligible))):
            ago = _after(post.ago, rng, mean=10 * HOUR)
            named = [
                f
                for f in world.friends[pk]
                if f != post.author
                and world.may_see(post, f)
                and (min(pk, f), max(pk, f)) not in world.blocked
            ]
            writer = world.by_pk[pk].writer
            if named and chance(rng, 0.06):
                body = texts.mention_comment("@" + world.by_pk[rng.choice(named)].handle, words)
                plan.comments.append(PlannedComment(index, pk, body, ago, named=True))
            else:
                body = texts.comment_text(
                    post.style, writer, author_first=author.first, focus=post.focus, rng=words
                )
                plan.comments.append(PlannedComment(index, pk, body, ago))
            parent = len(plan.comments) - 1
            if ago < 300:
                continue
            if chance(rng, 0.3):  # the author answers
                body = texts.reply_text(by_author=True, to_first=writer.first, rng=words)
                reply = PlannedComment(
                    index, post.author, body, _after(ago, rng, mean=3 * HOUR), parent
                )
                plan.comments.append(reply)
            elif chance(rng, 0.08):
                other = rng.choice(eligible)
                if other != pk:
                    body = texts.reply_text(by_author=False, to_first=writer.first, rng=words)
                    reply = PlannedComment(
                        index, other, body, _after(ago, rng, mean=5 * HOUR), parent
                    )
                    plan.comments.append(reply)


def posts_plan(world: World, seed: int) -> PostsPlan:
    """Everything the load writes, decided up front from the seed and the community."""

    def stage(name: str) -> random.Random:
        return random.Random(f"rapport-demo:{seed}:posts:{name}")

    roles = roles_plan(world, stage("roles"))
    words = stage("words")
    plan = PostsPlan(posts=_posts(world, roles, stage("posts"), words))
    _reposts(world, roles, plan.posts, stage("reposts"), words)
    _reactions(world, roles, plan, stage("reactions"))
    plan.pod = _pod(world, roles, plan, stage("pod"))
    _comments(world, roles, plan, stage("comments"), words)
    return plan
