"""Trust over the API: the member's own view of their connections, and pruning.

There is no endpoint that takes another member's view: every answer is about the
caller's own scores, so nobody can read how someone else rates them.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status

from rapport.accounts.api import member_of
from rapport.accounts.models import User
from rapport.companies.selectors import company_by_slug
from rapport.core.api_schemas import PageOut, PathHandle, PathId, PathSlug, errors
from rapport.core.errors import NotFound
from rapport.core.pagination import paginate
from rapport.members.api_schemas import member_card
from rapport.members.selectors import member_by_handle, with_cards
from rapport.trust import selectors, services
from rapport.trust.api_schemas import (
    ForwardIn,
    IntroducerOut,
    IntroductionIn,
    IntroductionOut,
    NetworkQueryIn,
    RoutesOut,
    SizesOut,
    TrustOut,
    introduction_out,
    trust_out,
)

router = Router(tags=["trust"])


def _other(handle: str) -> User:
    other = member_by_handle(handle)
    if other is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    return other


def _cards(rows: list[Any]) -> dict[int, Any]:
    ids = [row.other_id for row in rows]
    return {m.pk: member_card(m) for m in with_cards(User.objects.filter(pk__in=ids))}


@router.get("/trust/connections", response={200: PageOut[TrustOut], **errors()})
def trust_list(request: HttpRequest, query: Query[NetworkQueryIn]) -> dict[str, Any]:
    """Your connections with your trust in each, A or B network, sorted and filtered."""
    me = member_of(request)
    rows = selectors.my_network(
        me, selectors.NetworkQuery(network=query.network, sort=query.sort, quiet=query.quiet)
    )
    page = paginate(rows, page=query.page, size=query.size)
    cards = _cards(page.items)
    return {
        "items": [trust_out(row, cards[row.other_id]) for row in page.items],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }


@router.get("/trust/sizes", response={200: SizesOut, **errors()})
def trust_sizes(request: HttpRequest) -> Any:
    """How many connections are in your A and B network, and how many are worth pruning."""
    return selectors.network_sizes(member_of(request))


@router.get("/trust/prune", response={200: list[TrustOut], **errors()})
def trust_prune_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Connections whose risk outweighs their rapport and credibility, riskiest first."""
    rows = list(selectors.prune_suggestions(member_of(request))[:100])
    cards = _cards(rows)
    return [trust_out(row, cards[row.other_id]) for row in rows]


@router.get("/trust/connections/{handle}", response={200: TrustOut, **errors(404)})
def trust_detail(request: HttpRequest, handle: PathHandle) -> dict[str, Any]:
    """Your trust in one connection, with every reason."""
    row = selectors.trust_of_connection(member_of(request), _other(handle))
    return trust_out(row, _cards([row])[row.other_id])


@router.delete("/trust/connections/{handle}", response={204: None, **errors(404)})
def trust_prune(request: HttpRequest, handle: PathHandle) -> Status[None]:
    """Remove a connection, silently: the other side is not told."""
    services.connection_prune(member=member_of(request), other=_other(handle))
    return Status(204, None)


# --- introductions --------------------------------------------------------------------


@router.get("/introductions/routes/{handle}", response={200: RoutesOut, **errors(404)})
def introduction_routes(request: HttpRequest, handle: PathHandle) -> dict[str, Any]:
    """The routes you could ask through to reach this member: the shortest route that is
    not weak first."""
    proposals = selectors.path_proposals(member_of(request), _other(handle))
    return {
        "routes": [
            {
                "via": p.via.handle,
                "path": ["you", *p.labels, p.members[-1].display_name],
                "band": p.band,
                "weak": p.weak,
                "warnings": p.warnings,
            }
            for p in proposals
        ],
        "all_weak": bool(proposals) and all(p.weak for p in proposals),
    }


@router.post("/introductions", response={201: IntroductionOut, **errors(400, 403, 404, 409, 429)})
def introduction_new(request: HttpRequest, payload: IntroductionIn) -> Status[dict[str, Any]]:
    """Ask to be introduced, asking `via` first: one of the routes' `via`.

    Refusals: `introduction.bad_route`, `introduction.no_path`, `introduction.text_required`
    (400); `introduction.restricted` (403); `introduction.pending`,
    `introduction.connected` (409); `introduction.open_limit`,
    `introduction.introducer_busy` (429).
    """
    me = member_of(request)
    intro = services.introduction_request(
        requester=me,
        target=_other(payload.target),
        via=_other(payload.via),
        reason=payload.reason,
        offer=payload.offer,
    )
    return Status(201, introduction_out(selectors.introduction_for(me, intro.pk)))


@router.get("/introductions", response={200: list[IntroductionOut], **errors()})
def introduction_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Yours: waiting for your answer first, then those you asked for, then past ones."""
    groups = selectors.introductions_of(member_of(request))
    return [introduction_out(v) for key in ("to_answer", "mine", "past") for v in groups[key]]


@router.get("/introductions/{introduction_id}", response={200: IntroductionOut, **errors(404)})
def introduction_detail(request: HttpRequest, introduction_id: PathId) -> dict[str, Any]:
    """An introduction as you may see it: a hop sees who asked them, never the rest."""
    return introduction_out(selectors.introduction_for(member_of(request), introduction_id))


@router.post(
    "/introductions/{introduction_id}/forward",
    response={200: IntroductionOut, **errors(400, 404, 409, 429)},
)
def introduction_pass_on(
    request: HttpRequest, introduction_id: PathId, payload: ForwardIn
) -> dict[str, Any]:
    """As the introducer asked now: vouch with a note and pass it on."""
    me = member_of(request)
    services.introduction_forward(member=me, introduction_id=introduction_id, note=payload.note)
    return introduction_out(selectors.introduction_for(me, introduction_id))


@router.post(
    "/introductions/{introduction_id}/{action}",
    response={200: IntroductionOut, **errors(404, 409)},
)
def introduction_answer(
    request: HttpRequest, introduction_id: PathId, action: Literal["accept", "decline", "withdraw"]
) -> dict[str, Any]:
    """accept (the target), decline (an introducer or the target), withdraw (the requester)."""
    me = member_of(request)
    act = {
        "accept": services.introduction_accept,
        "decline": services.introduction_decline,
        "withdraw": services.introduction_withdraw,
    }[action]
    act(member=me, introduction_id=introduction_id)
    return introduction_out(selectors.introduction_for(me, introduction_id))


@router.get("/companies/{slug}/introducers", response={200: list[IntroducerOut], **errors(404)})
def introducers_at_company(request: HttpRequest, slug: PathSlug) -> list[dict[str, Any]]:
    """Your 2nd-degree people at a company, each with your best connector to them."""
    company = company_by_slug(slug)
    if company is None:
        raise NotFound("No such company.", code="company.not_found")
    rows = selectors.introducers_at(member_of(request), company)
    cards = {
        m.pk: member_card(m)
        for m in with_cards(User.objects.filter(pk__in=[r.member.pk for r in rows]))
    }
    return [
        {
            "member": cards[r.member.pk],
            "connector": r.connector.handle if r.connector else None,
            "band": r.band,
        }
        for r in rows
    ]
