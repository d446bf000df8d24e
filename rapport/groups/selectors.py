"""Reads about groups: who may see a group, who is in it, what two members share.

One rule decides who reads a group's discussions, used by posts for every path (feed,
search, API, notifications, statistics): an open group is read by anyone signed in who
is not banned from it; a closed or private group only by its members. A private group
does not exist for anyone else: every lookup answers `group.not_found`, exactly as for a
slug nobody uses, so a probe learns nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from rapport.accounts.models import User
from rapport.core.compiled import Reusable
from rapport.core.errors import NotFound
from rapport.core.pagination import Page, paginate
from rapport.groups.models import Group, Membership, MembershipState, Role, Visibility
from rapport.network import selectors as network

MANAGING = (Role.OWNER, Role.MANAGER)


def _signed_in(viewer: User | None) -> bool:
    return viewer is not None and viewer.is_authenticated


def membership_of(member: User | None, group: Group) -> Membership | None:
    if not _signed_in(member):
        return None
    return Membership.objects.filter(group=group, member_id=member.pk).first()  # type: ignore[union-attr]


def is_member(member: User | None, group: Group) -> bool:
    found = membership_of(member, group)
    return found is not None and found.state == MembershipState.MEMBER


def manages(member: User | None, group: Group) -> bool:
    found = membership_of(member, group)
    return found is not None and found.state == MembershipState.MEMBER and found.role in MANAGING


def _findable_q(viewer: User) -> Q:
    """Groups the viewer may know exist: open and closed ones, and private ones they are
    in or invited to."""
    theirs = Membership.objects.filter(
        member_id=viewer.pk,
        state__in=[MembershipState.MEMBER, MembershipState.INVITED],
        group_id=OuterRef("pk"),
    )
    return ~Q(visibility=Visibility.PRIVATE) | Q(Exists(theirs))


def group_for(viewer: User | None, slug: str) -> Group:
    """A group the viewer may know exists, or `group.not_found`."""
    if not _signed_in(viewer):
        raise NotFound("No group here, or it is not open to you.", code="group.not_found")
    group = Group.objects.filter(_findable_q(viewer), slug=slug).first()  # type: ignore[arg-type]
    if group is None:
        raise NotFound("No group here, or it is not open to you.", code="group.not_found")
    return group


def readable_q(viewer: User | None, field: str = "group") -> Q:
    """The condition on rows with a nullable foreign key `field` to a group: true for rows
    with no group and for rows whose group the viewer may read."""
    no_group = Q(**{f"{field}__isnull": True})
    if not _signed_in(viewer):
        return no_group
    assert viewer is not None
    member_of = Membership.objects.filter(member_id=viewer.pk, state=MembershipState.MEMBER)
    banned = Membership.objects.filter(member_id=viewer.pk, state=MembershipState.BANNED)
    return (
        no_group
        | Q(**{f"{field}_id__in": member_of.values("group_id")})
        | (
            Q(**{f"{field}__visibility": Visibility.OPEN})
            & ~Q(**{f"{field}_id__in": banned.values("group_id")})
        )
    )


def can_read(viewer: User | None, group: Group, membership: Membership | None = None) -> bool:
    """Whether the viewer reads this group's discussions (pass `membership` when known)."""
    if not _signed_in(viewer):
        return False
    if membership is None:
        membership = membership_of(viewer, group)
    if membership is not None and membership.state == MembershipState.MEMBER:
        return True
    if membership is not None and membership.state == MembershipState.BANNED:
        return False
    return group.visibility == Visibility.OPEN


def member_group_ids(member_id: int) -> QuerySet[Membership, Any]:
    """A subquery of the groups the member is in (for the feed)."""
    return Membership.objects.filter(member_id=member_id, state=MembershipState.MEMBER).values(
        "group_id"
    )


def search_groups(viewer: User, *, query: str = "", page: int, size: int) -> Page[Group]:
    """Groups the viewer may find, biggest first; by words in the name or description."""
    rows = Group.objects.filter(_findable_q(viewer))
    for word in query.split()[:8]:
        rows = rows.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return paginate(rows.order_by("-member_count", "name", "pk"), page=page, size=size)


def groups_of(member: User) -> list[tuple[Group, Membership]]:
    """The member's own groups with their place in each (their "Your groups" list)."""
    rows = (
        Membership.objects.filter(
            member=member,
            state__in=[MembershipState.MEMBER, MembershipState.INVITED, MembershipState.REQUESTED],
        )
        .select_related("group")
        .order_by("state", "group__name")
    )
    return [(m.group, m) for m in rows]


def connections_groups(viewer: User, *, limit: int = 12) -> list[tuple[Group, int]]:
    """Open groups the viewer's connections are in and the viewer is not, with how many of
    their connections are in each, most first.

    Only open groups: their member lists are open to anyone signed in, so the count says
    nothing a visit would not. A closed or private group's members are shown to fellow
    members only, and a count here would tell who is in them.
    """
    connected = network.connected_ids(viewer.pk)
    if not connected:
        return []
    hidden = network.private_connections(viewer.pk)
    counted = [pk for pk in connected if pk not in hidden]
    if not counted:
        return []
    mine = Membership.objects.filter(member_id=viewer.pk).values("group_id")
    rows = (
        Membership.objects.filter(
            member_id__in=counted,
            state=MembershipState.MEMBER,
            group__visibility=Visibility.OPEN,
        )
        .exclude(group_id__in=mine)
        .values("group_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "group_id")[:limit]
    )
    counts = {r["group_id"]: r["n"] for r in rows}
    groups = Group.objects.in_bulk(list(counts))
    return [(groups[g], n) for g, n in counts.items() if g in groups]


def members_page(
    group: Group, *, page: int, size: int, state: str = MembershipState.MEMBER
) -> Page[Membership]:
    rows = (
        Membership.objects.filter(group=group, state=state, member__is_active=True)
        .select_related("member")
        .order_by("role", "-joined_at", "pk")
        if state == MembershipState.MEMBER
        else Membership.objects.filter(group=group, state=state)
        .select_related("member", "by")
        .order_by("-updated_at", "pk")
    )
    return paginate(rows, page=page, size=size)


def can_see_members(viewer: User | None, group: Group, membership: Membership | None) -> bool:
    """Open groups show their members to anyone signed in; others to fellow members."""
    if membership is not None and membership.state == MembershipState.MEMBER:
        return True
    return (
        _signed_in(viewer)
        and group.visibility == Visibility.OPEN
        and (membership is None or membership.state != MembershipState.BANNED)
    )


def _shared_query(*, viewer: int, others: list[int]) -> QuerySet[Any]:
    mine = Membership.objects.filter(member_id=viewer, state=MembershipState.MEMBER).values(
        "group_id"
    )
    return (
        Membership.objects.filter(
            member_id__in=others,
            state=MembershipState.MEMBER,
            group_id__in=mine,
            member__is_active=True,
        )
        .exclude(member_id=viewer)
        .order_by("group__name")
        .values_list("member_id", "group__name")
    )


# The coach asks it of every invitation: built once per size (rapport/core/compiled.py).
_SHARED = Reusable(_shared_query)


def shared_groups(viewer: User, others: list[int]) -> dict[int, list[str]]:
    """For each of `others`, the names of the groups both they and the viewer are members
    of (any visibility: each of them is in it, so neither learns anything new)."""
    if not others:
        return {}
    found: dict[int, list[str]] = defaultdict(list)
    for member_id, name in _SHARED.rows(viewer=viewer.pk, others=others):
        found[member_id].append(name)
    return dict(found)


def share_a_group(a_id: int, b_id: int) -> bool:
    mine = Membership.objects.filter(member_id=a_id, state=MembershipState.MEMBER).values(
        "group_id"
    )
    return Membership.objects.filter(
        member_id=b_id, state=MembershipState.MEMBER, group_id__in=mine
    ).exists()


def managers_of(group: Group) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True,
        group_memberships__group=group,
        group_memberships__state=MembershipState.MEMBER,
        group_memberships__role__in=MANAGING,
    )


def requests_waiting(group: Group) -> int:
    return Membership.objects.filter(group=group, state=MembershipState.REQUESTED).count()


@dataclass
class GroupPage:
    """What every page of a group needs to know about its viewer, in two queries."""

    group: Group
    membership: Membership | None
    can_read: bool
    is_member: bool
    manages: bool
    is_owner: bool
    requests_waiting: int

    @property
    def state(self) -> str:
        return self.membership.state if self.membership is not None else ""


def group_page(viewer: User, slug: str) -> GroupPage:
    """`group_for` and the viewer's membership, read together: two plain queries."""
    group = Group.objects.filter(slug=slug).first()
    membership = membership_of(viewer, group) if group is not None else None
    knows = membership is not None and membership.state in (
        MembershipState.MEMBER,
        MembershipState.INVITED,
    )
    if group is None or (group.visibility == Visibility.PRIVATE and not knows):
        raise NotFound("No group here, or it is not open to you.", code="group.not_found")
    member = membership is not None and membership.state == MembershipState.MEMBER
    managing = member and membership is not None and membership.role in MANAGING
    return GroupPage(
        group=group,
        membership=membership,
        can_read=can_read(viewer, group, membership),
        is_member=member,
        manages=managing,
        is_owner=member and membership is not None and membership.role == Role.OWNER,
        requests_waiting=requests_waiting(group) if managing else 0,
    )
