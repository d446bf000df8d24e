"""A group's discussions and statistics over the API.

Reading follows the group's visibility (`group.not_found` for a private group you are
not in; `group.not_readable` for a closed group's discussions you are not a member of);
the posts are the posts API's cards.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.core.api_schemas import PageQuery, PathId, PathSlug, StrictInput, Text, errors
from rapport.core.errors import PermissionDenied
from rapport.discussions.selectors import stats_for
from rapport.discussions.tasks import group_stats_ask
from rapport.groups.selectors import GroupPage, group_page
from rapport.posts import services as posts
from rapport.posts.api_schemas import PostOut, card_out
from rapport.posts.models import POST_MAX_CHARS
from rapport.posts.selectors import Audit, cards_for, shown_ids, with_related
from rapport.posts.selectors.groups import group_discussions
from rapport.posts.selectors.visibility import post_for
from rapport.posts.stats.recording import views_enqueue

router = Router(tags=["groups"])


class DiscussionQuery(PageQuery):
    sort: Literal["new", "active"] = "new"
    show: Literal["all", "questions", "unanswered"] = "all"


class DiscussionsOut(Schema):
    pinned: list[PostOut]
    items: list[PostOut]
    page: int
    has_next: bool


class GroupPostIn(StrictInput):
    body: Annotated[Text, Field(min_length=1, max_length=POST_MAX_CHARS)]
    question: bool = False


class GroupPinIn(StrictInput):
    pinned: bool


class GroupStatsOut(Schema):
    group: str
    ready: bool
    computed_at: str | None = None
    figures: dict[str, Any] = {}


def _readable(request: HttpRequest, slug: str) -> GroupPage:
    page = group_page(member_of(request), slug.lower())
    if not page.can_read:
        raise PermissionDenied(
            "Only members read this group's discussions.", code="group.not_readable"
        )
    return page


def _card(request: HttpRequest, post_id: int) -> dict[str, Any]:
    member = member_of(request)
    post = post_for(member, post_id)
    return card_out(
        cards_for(Audit.of(member), list(with_related(type(post).objects.filter(pk=post.pk))))[0]
    )


@router.get("/groups/{slug}/posts", response={200: DiscussionsOut, **errors(403, 404)})
def discussions(
    request: HttpRequest, slug: PathSlug, query: Query[DiscussionQuery]
) -> dict[str, Any]:
    """The group's pinned posts (first page) and a page of the rest, new or active first."""
    page = _readable(request, slug)
    pinned, listed = group_discussions(
        member_of(request),
        page.group,
        sort=query.sort,
        show=query.show,
        page=query.page,
        size=query.size,
    )
    views_enqueue(
        request=request,
        post_ids=shown_ids(pinned + listed.items, except_author=request.user.pk),
        source="group",
    )
    return {
        "pinned": [card_out(c) for c in pinned],
        "items": [card_out(c) for c in listed.items],
        "page": listed.number,
        "has_next": listed.has_next,
    }


@router.post("/groups/{slug}/posts", response={201: PostOut, **errors(400, 403, 404, 429)})
def publish(request: HttpRequest, slug: PathSlug, payload: GroupPostIn) -> Status:
    """Post, or ask a question, in a group you are a member of."""
    page = group_page(member_of(request), slug.lower())
    post = posts.group_post_publish(
        author=member_of(request), group=page.group, **payload.model_dump()
    )
    return Status(201, _card(request, post.pk))


@router.post("/groups/{slug}/posts/{post_id}/pin", response={200: PostOut, **errors(403, 404, 409)})
def pin(
    request: HttpRequest, slug: PathSlug, post_id: PathId, payload: GroupPinIn
) -> dict[str, Any]:
    """Managers pin a post to the top of the discussions, or unpin it."""
    _readable(request, slug)
    posts.group_post_pin(manager=member_of(request), post_id=post_id, pinned=payload.pinned)
    return _card(request, post_id)


@router.delete("/groups/{slug}/posts/{post_id}", response={204: None, **errors(403, 404)})
def remove(request: HttpRequest, slug: PathSlug, post_id: PathId) -> Status:
    """Managers remove a post from the group."""
    _readable(request, slug)
    posts.group_post_remove(manager=member_of(request), post_id=post_id)
    return Status(204, None)


@router.get("/groups/{slug}/stats", response={200: GroupStatsOut, **errors(403, 404)})
def stats(request: HttpRequest, slug: PathSlug) -> dict[str, Any]:
    """Participation statistics as the hourly job computed them: all of them for
    managers, the summary for members (`ready` is false until the first computation)."""
    page = group_page(member_of(request), slug.lower())
    if not page.is_member:
        raise PermissionDenied("Only members see the group's statistics.", code="group.not_member")
    shown = stats_for(page.group, full=page.manages)
    if shown is None:
        group_stats_ask(page.group.pk)
        return {"group": page.group.slug, "ready": False}
    return {
        "group": page.group.slug,
        "ready": True,
        "computed_at": shown.computed_at.isoformat(),
        "figures": shown.figures,
    }
