"""Who may see a post: the one rule every page, feed, search, API and statistic goes through.

A published post is visible to its author; a public one to anybody; a members one to
anyone signed in; a connections one to the author's connections; a group post to whom
the group's visibility allows (`groups.selectors.readable_q`), its author included only
while they may read the group. Nobody sees a post of
a member they blocked or who blocked them, nor a post of a deactivated account, nor a
draft or deleted post of someone else.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Q, QuerySet

from rapport.accounts.models import User
from rapport.core.errors import NotFound
from rapport.groups import selectors as groups
from rapport.groups.models import Group
from rapport.network import selectors as network
from rapport.posts.models import Audience, Post, State
from rapport.posts.selectors.cards import LIVE_AUTHOR, POST_RELATED, author_shown


def visible_q(
    viewer: User | None,
    *,
    connected: Collection[int] | None = None,
    blocked: Collection[int] | None = None,
) -> Q:
    """The condition on `Post` rows for what `viewer` may see (pass `connected` and
    `blocked` when already known, to save their queries)."""
    live = Q(state=State.PUBLISHED) & LIVE_AUTHOR
    if viewer is None or not viewer.is_authenticated:
        return live & Q(audience=Audience.PUBLIC, group__isnull=True)
    if connected is None:
        connected = network.connected_ids(viewer.pk)
    audience = (
        Q(audience__in=[Audience.PUBLIC, Audience.MEMBERS])
        | Q(audience=Audience.CONNECTIONS, author_id__in=connected)
        | Q(author_id=viewer.pk)
    )
    condition = live & audience & groups.readable_q(viewer)
    if blocked is None:
        blocked = network.blocked_ids(viewer.pk)
    if blocked:
        condition &= ~Q(author_id__in=blocked)
    return condition


def network_posts_q(
    member: User,
    *,
    also: QuerySet | None = None,
    companies: QuerySet | None = None,
    blocked: Collection[int] = (),
) -> Q:
    """`visible_q` narrowed to what the member's network wrote (and, with `also`, posts
    picked by a subquery, and with `companies`, the posts of those companies — their
    audience must then be open to any member).

    The same rule in a cheaper form for the feed: for the member's own and their
    connections' posts every audience is visible, so the audience needs no check, and
    the connections come from a subquery on the connection table rather than a list of
    ids sent with the query. Group posts come from the member's own groups only, whoever
    wrote them; a connection's post in another group stays in it.
    """
    in_my_groups = Q(group_id__in=groups.member_group_ids(member.pk))
    mine = (Q(author_id=member.pk) | network.connected_q(member.pk, "author_id")) & (
        Q(group__isnull=True) | in_my_groups
    )
    mine |= in_my_groups
    if also is not None:
        mine |= Q(pk__in=also, audience__in=[Audience.PUBLIC, Audience.MEMBERS], group__isnull=True)
    if companies is not None:  # posts of the companies the member follows
        mine |= Q(company_id__in=companies, audience__in=[Audience.PUBLIC, Audience.MEMBERS])
    condition = Q(state=State.PUBLISHED, author__is_active=True) & mine
    if blocked:
        condition &= ~Q(author_id__in=blocked)
    return condition


def group_posts_q(viewer: User, group: Group, *, blocked: Collection[int] = ()) -> Q:
    """`visible_q` for one group's posts, in the cheaper form its discussions use. Only
    for a viewer already known to read the group (`groups.selectors.can_read`): what is
    left of the rule is liveness and blocks, since a group post's audience is always its
    group's members (a database constraint)."""
    condition = Q(group=group, state=State.PUBLISHED) & LIVE_AUTHOR
    if blocked:
        condition &= ~Q(author_id__in=blocked)
    return condition


def visible_posts(viewer: User | None, *, connected: set[int] | None = None) -> QuerySet[Post]:
    return Post.objects.filter(visible_q(viewer, connected=connected))


def can_see(viewer: User | None, post: Post) -> bool:
    """One post, without a query when the answer is plain from the row."""
    if post.state == State.DRAFT:
        return viewer is not None and viewer.is_authenticated and post.author_id == viewer.pk
    if post.state != State.PUBLISHED or not author_shown(post.author):
        return False
    if viewer is None or not viewer.is_authenticated:
        return post.audience == Audience.PUBLIC and post.group_id is None
    if post.group is not None and not groups.can_read(viewer, post.group):
        return False
    if post.author_id == viewer.pk:
        return True
    if network.is_blocked_between(viewer.pk, post.author_id):
        return False
    if post.audience == Audience.CONNECTIONS:
        return network.are_connected(viewer.pk, post.author_id)
    return True


def post_for(viewer: User | None, post_id: int) -> Post:
    """A post the viewer may see, or `post.not_found` — the same answer whether it does not
    exist or is not theirs to see, so a probe learns nothing."""
    post = Post.objects.select_related(*POST_RELATED).filter(pk=post_id).first()
    if post is None or not can_see(viewer, post):
        raise NotFound("No post here, or it is not shared with you.", code="post.not_found")
    return post


def own_post(author: User, post_id: int) -> Post:
    """A post of the author's own that is not deleted, for editing; otherwise not found."""
    post = (
        Post.objects.select_related("author", "link")
        .filter(pk=post_id, author=author)
        .exclude(state=State.DELETED)
        .first()
    )
    if post is None:
        raise NotFound("No post of yours here.", code="post.not_found")
    return post
