"""Profiles, education, connection lists and search over the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.companies.api_schemas import PositionOut, position_brief, position_out
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PageQuery, PathHandle, PathId, errors
from rapport.core.errors import NotFound, PermissionDenied, ValidationFailed
from rapport.members import selectors, services
from rapport.members.api_schemas import (
    EducationIn,
    EducationOut,
    MemberCard,
    MemberOut,
    MeOut,
    Privacy,
    PrivacyPatch,
    ProfilePatch,
    SearchQuery,
    SearchResult,
    education_out,
    member_card,
)
from rapport.members.job_changes import position_announce

router = Router(tags=["members"])


def _member(handle: str) -> User:
    member = selectors.member_by_handle(handle)
    if member is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return member


def _profile(page: selectors.ProfilePage) -> dict[str, Any]:
    member, profile = page.member, page.profile
    return {
        "handle": member.handle,
        "display_name": member.display_name,
        "headline": profile.headline,
        "location": profile.location,
        "avatar_url": reverse("members:avatar", kwargs={"handle": member.handle}),
        "profile_url": reverse("members:profile", kwargs={"handle": member.handle}),
        "current_positions": [position_brief(p) for p in page.positions if p.is_current],
        "about": profile.about,
        "skills": page.skills,
        "open_to": list(profile.open_to),
        "connection_count": page.connection_count,
    }


def _privacy(member: User) -> dict[str, str]:
    return {
        "connections_visibility": member.connections_visibility,
        "email_visibility": member.email_visibility,
        "email_findable": member.email_findable,
    }


def _me(member: User) -> dict[str, Any]:
    page = selectors.profile_page(viewer=member, handle=member.handle)
    if page is None:  # The account was deactivated mid-request.
        raise NotFound("Your account is not active.", code="member.not_found")
    return {**_profile(page), "email": member.email, "privacy": _privacy(member)}


@router.get("/me", response={200: MeOut, **errors()})
def me(request: HttpRequest) -> dict[str, Any]:
    """Your own profile, with your email address and privacy settings."""
    return _me(member_of(request))


@router.patch("/me", response={200: MeOut, **errors(400)})
def me_update(request: HttpRequest, payload: ProfilePatch) -> dict[str, Any]:
    """Change any of your profile's fields. Lists (skills, open_to) replace the old ones."""
    member = member_of(request)
    services.profile_update(member=member, **payload.model_dump(exclude_none=True))
    return _me(member)


@router.patch("/me/privacy", response={200: Privacy, **errors(400)})
def privacy_update(request: HttpRequest, payload: PrivacyPatch) -> dict[str, str]:
    """Choose who may see your connection list and your email address."""
    member = services.privacy_update(member=member_of(request), **payload.model_dump())
    return _privacy(member)


@router.post(
    "/me/positions/{position_id}/announce",
    response={200: PositionOut, **errors(400, 404, 409)},
)
def position_tell(request: HttpRequest, position_id: PathId) -> dict[str, Any]:
    """Tell your network of a current position ("tell my network"): your connections
    are notified with "Congratulate", the company's followers hear someone joined, and
    it appears in their feeds. Once per position; staying quiet is not calling this."""
    return position_out(position_announce(member=member_of(request), position_id=position_id))


@router.get("/members/{handle}", response={200: MemberOut, **errors(404)})
def member_detail(request: HttpRequest, handle: PathHandle) -> dict[str, Any]:
    """A member's profile as you may see it: the email only when their privacy allows."""
    page = selectors.profile_page(viewer=member_of(request), handle=handle)
    if page is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return {
        **_profile(page),
        "email": page.email,
        "is_self": page.is_self,
        "is_connected": page.is_connected,
        "can_see_connections": page.can_see_connections,
        "degree": page.degree,
        "mutual_count": page.mutual_count,
    }


@router.get("/members/{handle}/education", response={200: list[EducationOut], **errors(404)})
def member_education(request: HttpRequest, handle: PathHandle) -> list[dict[str, Any]]:
    """A member's education, most recent first."""
    rows = selectors.education_of(_member(handle))
    return [education_out(row) for row in rows]


@router.post("/me/education", response={201: EducationOut, **errors(400)})
def education_add(request: HttpRequest, payload: EducationIn) -> Status[dict[str, Any]]:
    """Add a school to your education."""
    education = services.education_add(
        member=member_of(request),
        school_name=payload.school,
        degree=payload.degree,
        field=payload.field,
        start_year=payload.start_year,
        end_year=payload.end_year,
    )
    return Status(201, education_out(education))


@router.delete("/me/education/{education_id}", response={204: None, **errors(404)})
def education_remove(request: HttpRequest, education_id: PathId) -> Status[None]:
    """Remove a school from your education."""
    services.education_remove(member=member_of(request), education_id=education_id)
    return Status(204, None)


@router.get(
    "/members/{handle}/connections",
    response={200: PageOut[MemberCard], **errors(403, 404)},
    tags=["network"],
)
def member_connections(
    request: HttpRequest, handle: PathHandle, paging: Query[PageQuery]
) -> dict[str, Any]:
    """A member's connections, by name, when their privacy lets you see them."""
    connections = selectors.visible_connections(viewer=member_of(request), owner=_member(handle))
    if connections is None:
        raise PermissionDenied(
            "This member keeps their connection list private.", code="connections.hidden"
        )
    return page_of(connections, page=paging.page, size=paging.size, render=member_card)


@router.get("/search", response={200: PageOut[SearchResult], **errors(400)})
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """Members matching every criterion given, never yourself, most relevant first: the
    exact name, then matching titles and employers, then the rest; closer degrees first
    among equals. Give at least one criterion."""
    filters = selectors.SearchFilters(
        q=query.q.strip(),
        title=query.title.strip(),
        company=query.company.strip(),
        location=query.location.strip(),
        skill=query.skill.strip(),
        school=query.school.strip(),
        open_to=query.open_to,
    )
    if not filters.active:
        raise ValidationFailed(
            "Give at least one of q, title, company, location, skill, school or open_to.",
            code="search.criteria_required",
        )
    results = selectors.search_members(
        viewer=member_of(request), filters=filters, page=query.page, size=query.size
    )
    page, degrees = results.page, results.degrees
    return {
        "items": [
            {**member_card(m), "is_connected": degrees.get(m.pk) == 1, "degree": degrees.get(m.pk)}
            for m in page.items
        ],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }
