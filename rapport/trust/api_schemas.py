"""Request and response shapes for trust over the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import StringConstraints

from rapport.core.api_schemas import TEXT_PATTERN, PageQuery, StrictInput
from rapport.members.api_schemas import MemberCard
from rapport.trust.models import TrustScore

Handle = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9-]{1,30}$")]


class NetworkQueryIn(PageQuery):
    network: Literal["all", "a", "b"] = "all"
    sort: Literal["trust", "name", "recent"] = "trust"
    quiet: bool = False  # only connections with no contact in a year


class ReasonOut(Schema):
    part: Literal["rapport", "credibility", "risk"]
    points: int
    text: str


class TrustOut(Schema):
    member: MemberCard
    score: int
    rapport: int
    credibility: int
    risk: int
    a_network: bool
    prune: bool
    last_contact_at: dt.datetime | None
    reasons: list[ReasonOut]
    computed_at: dt.datetime


class SizesOut(Schema):
    a: int
    b: int
    prune: int


def trust_out(row: TrustScore, card: dict[str, Any]) -> dict[str, Any]:
    return {
        "member": card,
        "score": row.score,
        "rapport": row.rapport,
        "credibility": row.credibility,
        "risk": row.risk,
        "a_network": row.a_network,
        "prune": row.prune,
        "last_contact_at": row.last_contact_at,
        "reasons": row.reasons_now,  # the sentence about time worded for now
        "computed_at": row.computed_at,
    }


class RouteOut(Schema):
    via: str  # the handle of your connection to ask first (POST /introductions "via")
    # You, each introducer as you may see them ("someone Ben knows"), the target.
    path: list[str]
    # A band, never a number: the weakest hop may be someone else's private score.
    band: Literal["strong", "fair", "weak"]
    weak: bool
    warnings: list[str]


class RoutesOut(Schema):
    routes: list[RouteOut]
    all_weak: bool


class IntroductionIn(StrictInput):
    target: Handle
    via: Handle  # whom to ask first: one of the routes' `via`
    reason: Annotated[str, StringConstraints(strict=True, pattern=TEXT_PATTERN, max_length=1000)]
    offer: Annotated[str, StringConstraints(strict=True, pattern=TEXT_PATTERN, max_length=1000)]


class ForwardIn(StrictInput):
    note: Annotated[str, StringConstraints(strict=True, pattern=TEXT_PATTERN, max_length=500)]


class StepOut(Schema):
    member: str | None  # a handle, or None for a hop the requester may not see named
    label: str
    role: Literal["introducer", "target"]
    state: str  # declined and timed out both read "could_not_help" to the requester
    note: str


class IntroductionOut(Schema):
    id: int
    role: Literal["requester", "introducer", "target"]
    requester: str
    target: str
    reason: str
    offer: str
    state: str
    status: str
    created_at: dt.datetime
    my_state: str | None
    due_at: dt.datetime | None
    steps: list[StepOut]
    conversation_id: int | None


class IntroducerOut(Schema):
    member: MemberCard
    connector: str | None
    band: Literal["strong", "fair", "weak"]  # from the connector's private view: a band only


def introduction_out(view: Any) -> dict[str, Any]:
    intro = view.introduction
    requester_view = view.role == "requester"

    def state(step: Any) -> str:
        if requester_view and step.state in ("declined", "timed_out"):
            return "could_not_help"
        return str(step.state)

    return {
        "id": intro.pk,
        "role": view.role,
        "requester": intro.requester.handle,
        "target": intro.target.handle,
        "reason": intro.reason,
        "offer": intro.offer,
        "state": intro.state,
        "status": view.status,
        "created_at": intro.created_at,
        "my_state": view.my_step.state if view.my_step else None,
        "due_at": view.my_step.due_at if view.my_step else None,
        "steps": [
            {
                "member": None if s.member_id in view.hidden else s.member.handle,
                "label": label,
                "role": s.role,
                "state": state(s),
                "note": s.note,
            }
            for s, label in view.labelled_steps
        ],
        "conversation_id": intro.conversation_id
        if intro.state == "accepted" and (view.my_step is None or view.my_step.state != "declined")
        else None,
    }
