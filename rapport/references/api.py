"""Reference checks over the API: a candidate's former colleagues, asking for and
answering permission to see a current employer, and a member's own settings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.companies.models import InsightsOptOut
from rapport.companies.services import insights_hide_set
from rapport.core.api_schemas import PageQuery, PathHandle, PathId, errors
from rapport.core.errors import NotFound
from rapport.members.selectors import member_by_handle
from rapport.references import selectors, services

router = Router(tags=["reference checks"])


class ColleagueOut(Schema):
    handle: str
    name: str
    company: str
    start: str
    end: str
    months: int
    degree: int | None
    via: str | None


class ReferencesOut(Schema):
    colleagues: list[ColleagueOut] = Field(description="One page, longest overlap first.")
    page: int
    size: int
    total: int = Field(description="Former colleagues on all pages.")
    pages: int
    current_employer_shown: bool
    permission: str | None


class PermissionOut(Schema):
    requester: str
    state: str
    expires_at: str | None


class AnswerIn(Schema):
    allow: bool


class SettingsIO(Schema):
    reference_checks: bool
    hide_history_from_insights: bool


def _candidate(handle: str) -> Any:
    found = member_by_handle(handle)
    if found is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return found


@router.get("/members/{handle}/references", response={200: ReferencesOut, **errors(404, 409)})
def references(
    request: HttpRequest, handle: PathHandle, paging: Query[PageQuery]
) -> dict[str, Any]:
    """The candidate's former colleagues as you may see them, a page at a time (the
    candidate sees that you looked); nobody at their current employer unless they
    allowed you."""
    me, candidate, now = member_of(request), _candidate(handle), timezone.now()
    services.lookup_record(requester=me, candidate=candidate, now=now)
    found = selectors.former_colleagues(
        requester=me, candidate=candidate, now=now, page=paging.page, size=paging.size
    )
    permission = selectors.permission_of(requester=me, candidate=candidate)
    return {
        "colleagues": [
            {
                "handle": c.member.handle,
                "name": c.member.display_name,
                "company": c.company.name,
                "start": c.start.strftime("%Y-%m"),
                "end": c.end.strftime("%Y-%m"),
                "months": c.months,
                "degree": c.degree,
                "via": c.via.handle if c.via else None,
            }
            for c in found.colleagues
        ],
        "page": found.page.number,
        "size": found.page.size,
        "total": found.page.total,
        "pages": found.page.pages,
        "current_employer_shown": found.current_shown,
        "permission": permission.state if permission else None,
    }


@router.post(
    "/members/{handle}/references/permission",
    response={201: PermissionOut, **errors(404, 409)},
)
def permission_ask(request: HttpRequest, handle: PathHandle) -> Status[dict[str, Any]]:
    """Ask the candidate to let you see colleagues at their current employer."""
    asked = services.permission_ask(
        requester=member_of(request), candidate=_candidate(handle), now=timezone.now()
    )
    return Status(
        201, {"requester": asked.requester.handle, "state": asked.state, "expires_at": None}
    )


@router.post(
    "/me/references/requests/{requester_id}", response={200: PermissionOut, **errors(404, 409)}
)
def permission_answer(request: HttpRequest, requester_id: PathId, body: AnswerIn) -> dict[str, Any]:
    """Allow or refuse one member's request (refusing an allowed one withdraws it)."""
    found = services.permission_decide(
        candidate=member_of(request),
        requester_id=requester_id,
        allow=body.allow,
        now=timezone.now(),
    )
    expires = found.expires_at.isoformat() if found.expires_at else None
    return {"requester": found.requester.handle, "state": found.state, "expires_at": expires}


@router.put("/me/references/settings", response={200: SettingsIO, **errors()})
def settings_put(request: HttpRequest, body: SettingsIO) -> dict[str, Any]:
    """Turn reference checks about you on or off; keep your history out of insights."""
    me = member_of(request)
    services.checks_set(member=me, enabled=body.reference_checks)
    insights_hide_set(member=me, hidden=body.hide_history_from_insights)
    return {
        "reference_checks": services.checks_enabled(me),
        "hide_history_from_insights": InsightsOptOut.objects.filter(member=me).exists(),
    }
