"""Groups over the API: finding, creating, joining, requests, invitations, members.

A private group the caller is not in answers `group.not_found`, exactly as a slug nobody
uses; a refusal is the service's own code and message, and nothing changes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.core.api_schemas import (
    Line,
    PageOut,
    PageQuery,
    PathId,
    PathSlug,
    StrictInput,
    Text,
    errors,
)
from rapport.core.errors import NotFound, PermissionDenied
from rapport.groups import selectors, services
from rapport.groups.models import (
    DESCRIPTION_MAX_CHARS,
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    RULES_MAX_CHARS,
    Group,
    Membership,
    MembershipState,
)
from rapport.groups.selectors import GroupPage

router = Router(tags=["groups"])

VisibilityIn = Literal["open", "closed", "private"]


class GroupIn(StrictInput):
    name: Annotated[Line, Field(min_length=1, max_length=NAME_MAX_CHARS)]
    description: Annotated[Text, Field(max_length=DESCRIPTION_MAX_CHARS)] = ""
    rules: Annotated[Text, Field(max_length=RULES_MAX_CHARS)] = ""
    visibility: VisibilityIn = "open"


class GroupEditIn(StrictInput):
    """What to change; a field left out stays as it is."""

    name: Annotated[Line, Field(min_length=1, max_length=NAME_MAX_CHARS)] | None = None
    description: Annotated[Text, Field(max_length=DESCRIPTION_MAX_CHARS)] | None = None
    rules: Annotated[Text, Field(max_length=RULES_MAX_CHARS)] | None = None
    visibility: VisibilityIn | None = None
    # Opening a group wider (private → closed or open, closed → open) shows its past
    # posts to more people: the owner says so explicitly.
    confirm_wider: bool = False


class GroupOut(Schema):
    slug: str
    name: str
    description: str
    rules: str
    visibility: str
    member_count: int
    created_at: str
    # The caller's place: "", "member", "invited", "requested", "banned", "left", "declined".
    my_state: str = ""
    my_role: str = ""
    can_read: bool = False


class GroupSearchQuery(PageQuery):
    q: Annotated[Line, Field(max_length=100)] = ""


class JoinNoteIn(StrictInput):
    note: Annotated[Line, Field(max_length=NOTE_MAX_CHARS)] = ""


class GroupInviteIn(StrictInput):
    handle: Annotated[str, Field(pattern=r"^@?[A-Za-z0-9-]{1,30}$")]
    note: Annotated[Line, Field(max_length=NOTE_MAX_CHARS)] = ""


class JoinAnswerIn(StrictInput):
    approve: bool


class GroupBanIn(StrictInput):
    reason: Annotated[Line, Field(max_length=NOTE_MAX_CHARS)] = ""


class GroupRoleIn(StrictInput):
    role: Literal["manager", "member"]


class MembershipSettingsIn(StrictInput):
    follow_closely: bool | None = None
    show_in_top: bool | None = None


class GroupMembersQuery(PageQuery):
    state: Literal["member", "requested", "invited", "banned"] = "member"


class MembershipOut(Schema):
    member_id: int
    handle: str
    name: str
    role: str
    state: str
    note: str = ""
    joined_at: str | None = None


def group_out(
    group: Group, membership: Membership | None = None, *, can_read: bool = False
) -> dict[str, Any]:
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "rules": group.rules,
        "visibility": group.visibility,
        "member_count": group.member_count,
        "created_at": group.created_at.isoformat(),
        "my_state": membership.state if membership else "",
        "my_role": membership.role
        if membership and membership.state == MembershipState.MEMBER
        else "",
        "can_read": can_read,
    }


def _page_out(page: GroupPage) -> dict[str, Any]:
    return group_out(page.group, page.membership, can_read=page.can_read)


def _membership_out(ms: Membership) -> dict[str, Any]:
    return {
        "member_id": ms.member_id,
        "handle": ms.member.handle,
        "name": ms.member.display_name,
        "role": ms.role,
        "state": ms.state,
        "note": ms.note if ms.state != MembershipState.MEMBER else "",
        "joined_at": ms.joined_at.isoformat() if ms.joined_at else None,
    }


def _group(request: HttpRequest, slug: str) -> GroupPage:
    return selectors.group_page(member_of(request), slug.lower())


@router.get("/groups", response={200: PageOut[GroupOut], **errors()})
def search(request: HttpRequest, query: Query[GroupSearchQuery]) -> dict[str, Any]:
    """Groups you may find (open and closed ones, and private ones you are in or invited
    to), biggest first; `q` matches words of the name or description."""
    found = selectors.search_groups(
        member_of(request), query=query.q, page=query.page, size=query.size
    )
    return {
        "items": [group_out(g) for g in found.items],
        "page": found.number,
        "size": found.size,
        "total": found.total,
        "pages": found.pages,
    }


@router.post("/groups", response={201: GroupOut, **errors(400, 403, 429)})
def create(request: HttpRequest, payload: GroupIn) -> Status:
    """Create a group; you are its owner. Covers are uploaded on the web page."""
    group = services.group_create(creator=member_of(request), **payload.model_dump())
    return Status(201, _page_out(_group(request, group.slug)))


@router.get("/groups/{slug}", response={200: GroupOut, **errors(404)})
def read(request: HttpRequest, slug: PathSlug) -> dict[str, Any]:
    return _page_out(_group(request, slug))


@router.patch("/groups/{slug}", response={200: GroupOut, **errors(400, 403, 404)})
def edit(request: HttpRequest, slug: PathSlug, payload: GroupEditIn) -> dict[str, Any]:
    """Managers change the group (a field left out stays as it is); only the owner
    changes its visibility, and opening it wider needs `confirm_wider`."""
    page = _group(request, slug)
    edited = services.group_edit(
        manager=member_of(request),
        group=page.group,
        name=payload.name,
        description=payload.description,
        rules=payload.rules,
        visibility=payload.visibility,
        confirm_wider=payload.confirm_wider,
    )
    slug = edited.slug  # a group made private has a new address
    return _page_out(_group(request, slug))


@router.post("/groups/{slug}/join", response={200: GroupOut, **errors(400, 403, 404, 409, 429)})
def join(request: HttpRequest, slug: PathSlug, payload: JoinNoteIn) -> dict[str, Any]:
    """Join an open group, accept an invitation, or ask to join a closed one (`my_state`
    says which happened)."""
    page = _group(request, slug)
    services.group_join(member=member_of(request), group=page.group, note=payload.note)
    return _page_out(_group(request, slug))


@router.post("/groups/{slug}/leave", response={200: GroupOut, **errors(404, 409)})
def leave(request: HttpRequest, slug: PathSlug) -> dict[str, Any]:
    """Leave, withdraw your request, or decline an invitation."""
    page = _group(request, slug)
    ms = services.group_leave(member=member_of(request), group=page.group)
    # Leaving a private group hides it at once: answer from the membership just changed.
    return group_out(page.group, ms, can_read=False if ms.state != "member" else page.can_read)


@router.patch("/groups/{slug}/membership", response={200: GroupOut, **errors(404)})
def membership(
    request: HttpRequest, slug: PathSlug, payload: MembershipSettingsIn
) -> dict[str, Any]:
    """Follow the group closely (a notification per new post) or leave the top
    contributors' list."""
    page = _group(request, slug)
    services.membership_settings(
        member=member_of(request), group=page.group, **payload.model_dump()
    )
    return _page_out(_group(request, slug))


@router.get("/groups/{slug}/members", response={200: PageOut[MembershipOut], **errors(403, 404)})
def members(
    request: HttpRequest, slug: PathSlug, query: Query[GroupMembersQuery]
) -> dict[str, Any]:
    """Members (open groups: anyone signed in; others: fellow members). Requests,
    invitations and bans: managers only."""
    page = _group(request, slug)
    me = member_of(request)
    if query.state != MembershipState.MEMBER and not page.manages:
        raise PermissionDenied("Only the group's managers see that list.", code="group.not_manager")
    if not selectors.can_see_members(me, page.group, page.membership):
        raise PermissionDenied(
            "Only members see who is in this group.", code="group.members_hidden"
        )
    listed = selectors.members_page(page.group, page=query.page, size=query.size, state=query.state)
    return {
        "items": [_membership_out(ms) for ms in listed.items],
        "page": listed.number,
        "size": listed.size,
        "total": listed.total,
        "pages": listed.pages,
    }


@router.post(
    "/groups/{slug}/invitations", response={201: MembershipOut, **errors(400, 403, 404, 409, 429)}
)
def invite(request: HttpRequest, slug: PathSlug, payload: GroupInviteIn) -> Status:
    page = _group(request, slug)
    invitee = User.objects.filter(handle__iexact=payload.handle.lstrip("@")).first()
    if invitee is None:
        raise NotFound("No such member.", code="group.member_not_found")
    ms = services.group_invite(
        inviter=member_of(request), group=page.group, invitee=invitee, note=payload.note
    )
    return Status(201, _membership_out(ms))


@router.post(
    "/groups/{slug}/requests/{member_id}", response={200: MembershipOut, **errors(403, 404)}
)
def answer(
    request: HttpRequest, slug: PathSlug, member_id: PathId, payload: JoinAnswerIn
) -> dict[str, Any]:
    """Approve or decline a request to join (managers)."""
    page = _group(request, slug)
    ms = services.request_answer(
        manager=member_of(request), group=page.group, member_id=member_id, approve=payload.approve
    )
    return _membership_out(ms)


@router.post(
    "/groups/{slug}/members/{member_id}/remove", response={200: MembershipOut, **errors(403, 404)}
)
def remove(request: HttpRequest, slug: PathSlug, member_id: PathId) -> dict[str, Any]:
    page = _group(request, slug)
    return _membership_out(
        services.member_remove(manager=member_of(request), group=page.group, member_id=member_id)
    )


@router.post(
    "/groups/{slug}/members/{member_id}/ban", response={200: MembershipOut, **errors(400, 403, 404)}
)
def ban(
    request: HttpRequest, slug: PathSlug, member_id: PathId, payload: GroupBanIn
) -> dict[str, Any]:
    page = _group(request, slug)
    ms = services.member_ban(
        manager=member_of(request), group=page.group, member_id=member_id, reason=payload.reason
    )
    return _membership_out(ms)


@router.post(
    "/groups/{slug}/members/{member_id}/unban", response={200: MembershipOut, **errors(403, 404)}
)
def unban(request: HttpRequest, slug: PathSlug, member_id: PathId) -> dict[str, Any]:
    page = _group(request, slug)
    return _membership_out(
        services.member_unban(manager=member_of(request), group=page.group, member_id=member_id)
    )


@router.post(
    "/groups/{slug}/members/{member_id}/role",
    response={200: MembershipOut, **errors(400, 403, 404)},
)
def role(
    request: HttpRequest, slug: PathSlug, member_id: PathId, payload: GroupRoleIn
) -> dict[str, Any]:
    """The owner names managers."""
    page = _group(request, slug)
    return _membership_out(
        services.role_set(
            owner=member_of(request), group=page.group, member_id=member_id, role=payload.role
        )
    )
