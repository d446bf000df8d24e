"""Company pages and work history over the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.selectors import member_by_handle
from rapport.companies import selectors, services
from rapport.companies.api_schemas import (
    PositionIn,
    PositionOut,
    PositionPatch,
    position_out,
)
from rapport.core.api_schemas import PathHandle, PathId, PathSlug, errors
from rapport.core.errors import NotFound

router = Router(tags=["work history"])


@router.get(
    "/companies/{slug}/insights", response={200: dict[str, Any], **errors(404)}, tags=["companies"]
)
def company_insights(request: HttpRequest, slug: PathSlug) -> dict[str, Any]:
    """A company's workforce insights, each with its definition; a count for fewer than
    `min_group` members is null. 404 until they have been computed."""
    company = selectors.company_by_slug(slug.lower())
    view = selectors.insights_for(company=company) if company is not None else None
    if view is None:
        raise NotFound("No insights for that company.", code="company.insights_not_found")
    return view


@router.get("/members/{handle}/positions", response={200: list[PositionOut], **errors(404)})
def member_positions(request: HttpRequest, handle: PathHandle) -> list[dict[str, Any]]:
    """A member's work history, current positions first."""
    member = member_by_handle(handle)
    if member is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return [position_out(p) for p in selectors.positions_of(member=member)]


@router.post("/me/positions", response={201: PositionOut, **errors(400)})
def position_add(request: HttpRequest, payload: PositionIn) -> Status[dict[str, Any]]:
    """Add a position to your work history."""
    position = services.position_add(
        member=member_of(request),
        company_name=payload.company,
        title=payload.title,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        is_current=payload.is_current,
        description=payload.description,
    )
    return Status(201, position_out(position))


@router.patch("/me/positions/{position_id}", response={200: PositionOut, **errors(400, 404)})
def position_update(
    request: HttpRequest, position_id: PathId, payload: PositionPatch
) -> dict[str, Any]:
    """Change some of a position's fields; the others stay as they are."""
    member = member_of(request)
    current = selectors.positions_of(member=member).filter(pk=position_id).first()
    if current is None:
        # Someone else's position is reported as missing, so ids reveal nothing.
        raise NotFound("No such position in your work history.", code="position.not_found")
    sent = payload.model_fields_set
    is_current = current.is_current if payload.is_current is None else payload.is_current
    ended_on = payload.ended_on if "ended_on" in sent else current.ended_on
    if payload.is_current is True and "ended_on" not in sent:
        ended_on = None
    if payload.ended_on is not None and payload.is_current is None:
        is_current = False
    position = services.position_update(
        member=member,
        position_id=position_id,
        company_name=payload.company if payload.company is not None else current.company.name,
        title=payload.title if payload.title is not None else current.title,
        started_on=payload.started_on or current.started_on,
        ended_on=ended_on,
        is_current=is_current,
        description=(
            payload.description if payload.description is not None else current.description
        ),
    )
    return position_out(position)


@router.delete("/me/positions/{position_id}", response={204: None, **errors(404)})
def position_remove(request: HttpRequest, position_id: PathId) -> Status[None]:
    """Remove a position from your work history."""
    services.position_remove(member=member_of(request), position_id=position_id)
    return Status(204, None)
