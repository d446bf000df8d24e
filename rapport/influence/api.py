"""Influence over the API: one's own score with its parts and reasons, another member's
if they chose to show it, and that choice."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.core.api_schemas import PathHandle, StrictInput, errors
from rapport.core.errors import NotFound
from rapport.influence import selectors, services
from rapport.influence.selectors import InfluenceView

router = Router(tags=["influence"])


class InfluencePartOut(Schema):
    name: str
    label: str
    share: int = Field(description="Its share of the score, in %, to the nearest ten.")
    sentence: str


class InfluenceReasonOut(Schema):
    part: str
    points: int
    text: str


class InfluenceOut(Schema):
    handle: str
    score: int = Field(description="1–100: a rank within the community (1: no responses yet).")
    public: bool
    computed_at: str | None
    parts: list[InfluencePartOut]
    change: int = Field(description="Since about a week ago.")
    reasons: list[InfluenceReasonOut] = Field(
        description="What moved it; the points add up to `change`."
    )
    history: list[tuple[str, int]] = Field(description="(day, score), oldest first.")


class VisibilityIn(StrictInput):
    public: bool


def influence_out(view: InfluenceView) -> dict[str, Any]:
    return {
        "handle": view.member.handle,
        "score": view.score,
        "public": view.public,
        "computed_at": view.computed_at.isoformat() if view.computed_at else None,
        "parts": [p.__dict__ for p in view.parts],
        "change": view.change,
        "reasons": [r.__dict__ for r in view.reasons],
        "history": view.history,
    }


@router.get("/influence", response={200: InfluenceOut, **errors()})
def mine(request: HttpRequest) -> dict[str, Any]:
    """Your influence: score, parts with their sentences, this week's change and why."""
    return influence_out(selectors.influence_of(member_of(request)))


@router.post("/influence/visibility", response={200: InfluenceOut, **errors()})
def visibility(request: HttpRequest, payload: VisibilityIn) -> dict[str, Any]:
    """Show your score to other members (`public: true`), or keep it to yourself."""
    member = member_of(request)
    services.influence_show(member=member, public=payload.public)
    return influence_out(selectors.influence_of(member))


@router.get("/influence/of/{handle}", response={200: InfluenceOut, **errors(404)})
def of_member(request: HttpRequest, handle: PathHandle) -> dict[str, Any]:
    """Another member's influence, if they chose to show it (else 404, as if none): the
    score and its history, without the parts, reasons and time of the last recompute."""
    member = User.objects.filter(handle__iexact=handle, is_active=True).first()
    if member is None or not selectors.may_see(member_of(request), member):
        raise NotFound("No influence score to show.", code="influence.not_found")
    view = selectors.influence_of(member)
    return influence_out(
        view if member.pk == member_of(request).pk else selectors.as_others_see(view)
    )
