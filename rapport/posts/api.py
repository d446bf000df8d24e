"""Posts over the API: the feed, writing, reacting, commenting, reposting, reporting.

Visibility is the selectors' (`post.not_found` for what is not yours to see, exactly
as for what does not exist); statistics live in stats/api.py.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from rapport.accounts.api import member_of
from rapport.companies.selectors import company_by_slug
from rapport.core.api import page_of
from rapport.core.api_schemas import PageOut, PageQuery, PathHandle, PathId, PathSlug, errors
from rapport.core.errors import NotFound
from rapport.members.selectors import member_by_handle
from rapport.posts import selectors, services
from rapport.posts.api_schemas import (
    ArticleIn,
    CommentIn,
    CommentOut,
    FeedOut,
    MentionableOut,
    PostEditIn,
    PostIn,
    PostOut,
    ReactionIn_,
    ReportedOut,
    ReportIn,
    RepostIn,
    card_out,
    comment_out,
    job_change_out,
    post_out,
)
from rapport.posts.selectors.activity import company_posts
from rapport.posts.selectors.mentionable import mentionable
from rapport.posts.selectors.search import search_posts
from rapport.posts.stats.recording import views_enqueue

router = Router(tags=["posts"])


class FeedQuery(Schema):
    cursor: float | None = Field(None, gt=0, lt=1e11, description="From the previous page.")
    size: int = Field(20, ge=1, le=50)


class MentionQuery(Schema):
    q: str = Field(..., min_length=1, max_length=40, pattern=r"^@?[\w .'-]+$")
    audience: str | None = Field(None, pattern=r"^(public|members|connections)$")


def _card(request: HttpRequest, post_id: int) -> dict[str, Any]:
    member = member_of(request)
    post = selectors.post_for(member, post_id)
    return card_out(selectors.cards_for(selectors.Audit.of(member), [post])[0])


@router.get("/feed", response={200: FeedOut, **errors()})
def feed(request: HttpRequest, query: Query[FeedQuery]) -> dict[str, Any]:
    """Your home feed, newest first with a light ranking; page on with `next_cursor`."""
    page = selectors.feed_page(member_of(request), cursor=query.cursor, size=query.size)
    # An app reading the feed shows it as the page does: the same views, the same
    # "seen three times".
    views_enqueue(request=request, post_ids=selectors.shown_ids(page.cards), source="feed")
    return {
        "items": [card_out(c) for c in page.cards],
        "job_changes": [job_change_out(c) for c in page.job_changes],
        "next_cursor": page.next_cursor,
    }


@router.post("/posts", response={201: PostOut, **errors(400, 403, 404, 429)})
def publish(request: HttpRequest, payload: PostIn) -> Status:
    """Publish a post (up to 3,000 characters); `@handle` mentions a member. With
    `company`, for that company (its approved admins only; members or public)."""
    data = payload.model_dump()
    slug = data.pop("company")
    company = company_by_slug(slug.lower()) if slug else None
    if slug and company is None:
        raise NotFound("No company with that name here.", code="company.not_found")
    post = services.post_publish(author=member_of(request), company=company, **data)
    return Status(201, _card(request, post.pk))


@router.get(
    "/companies/{slug}/posts", response={200: PageOut[PostOut], **errors(404)}, tags=["companies"]
)
def company(request: HttpRequest, slug: PathSlug, paging: Query[PageQuery]) -> dict[str, Any]:
    """What the company's admins posted for it that you may see, newest first."""
    found = company_by_slug(slug.lower())
    if found is None:
        raise NotFound("No company with that name here.", code="company.not_found")
    page = company_posts(member_of(request), found, page=paging.page, size=paging.size)
    return {
        "items": [card_out(c) for c in page.items],
        "page": page.number,
        "size": page.size,
        "total": page.total,
        "pages": page.pages,
    }


@router.post("/articles", response={201: PostOut, **errors(400, 429)})
def article(request: HttpRequest, payload: ArticleIn) -> Status:
    """Write an article in Markdown: a draft, or published at once with `publish`. Covers
    are uploaded on the web page."""
    member = member_of(request)
    data = payload.model_dump()
    publish_now = data.pop("publish")
    post = services.article_save(author=member, **data)
    if publish_now:
        post = services.article_publish(author=member, article_id=post.pk)
    return Status(201, post_out(selectors.own_post(member, post.pk)))


@router.post("/articles/{post_id}/publish", response={200: PostOut, **errors(400, 404, 409)})
def article_publish(request: HttpRequest, post_id: PathId) -> dict[str, Any]:
    """Publish one of your drafts."""
    services.article_publish(author=member_of(request), article_id=post_id)
    return _card(request, post_id)


@router.get("/posts/{post_id}", response={200: PostOut, **errors(404)})
def read(request: HttpRequest, post_id: PathId) -> dict[str, Any]:
    """A post or article you may see."""
    return _card(request, post_id)


@router.patch("/posts/{post_id}", response={200: PostOut, **errors(400, 404)})
def edit(request: HttpRequest, post_id: PathId, payload: PostEditIn) -> dict[str, Any]:
    """Change your post's words or audience; it shows as edited."""
    services.post_edit(author=member_of(request), post_id=post_id, **payload.model_dump())
    return _card(request, post_id)


@router.delete("/posts/{post_id}", response={204: None, **errors(404)})
def delete(request: HttpRequest, post_id: PathId) -> Status:
    """Delete your post or article."""
    services.post_delete(author=member_of(request), post_id=post_id)
    return Status(204, None)


@router.post("/posts/{post_id}/reactions", response={200: PostOut, **errors(400, 404)})
def react(request: HttpRequest, post_id: PathId, payload: ReactionIn_) -> dict[str, Any]:
    """React (one reaction per member; a new kind replaces the old)."""
    services.reaction_set(member=member_of(request), post_id=post_id, kind=payload.kind)
    return _card(request, post_id)


@router.delete("/posts/{post_id}/reactions", response={200: PostOut, **errors(404)})
def unreact(request: HttpRequest, post_id: PathId) -> dict[str, Any]:
    """Take your reaction back."""
    services.reaction_remove(member=member_of(request), post_id=post_id)
    return _card(request, post_id)


@router.get("/posts/{post_id}/comments", response={200: PageOut[CommentOut], **errors(404)})
def comments(request: HttpRequest, post_id: PathId, paging: Query[PageQuery]) -> dict[str, Any]:
    """The comments on a post you may see, oldest first, each reply after its comment."""
    member = member_of(request)
    post = selectors.post_for(member, post_id)
    flat = [x for top, replies in selectors.comment_threads(member, post) for x in (top, *replies)]
    return page_of(flat, page=paging.page, size=paging.size, render=comment_out)


@router.post("/posts/{post_id}/comments", response={201: CommentOut, **errors(400, 404, 429)})
def comment(request: HttpRequest, post_id: PathId, payload: CommentIn) -> Status:
    """Comment, or reply to a comment with `parent_id`."""
    made = services.comment_add(
        member=member_of(request), post_id=post_id, body=payload.body, parent_id=payload.parent_id
    )
    return Status(201, comment_out(made))


@router.delete("/comments/{comment_id}", response={204: None, **errors(403, 404)})
def comment_delete(request: HttpRequest, comment_id: PathId) -> Status:
    """Delete your comment, or one on your post."""
    services.comment_delete(member=member_of(request), comment_id=comment_id)
    return Status(204, None)


@router.post("/posts/{post_id}/reposts", response={201: PostOut, **errors(400, 403, 404)})
def repost(request: HttpRequest, post_id: PathId, payload: RepostIn) -> Status:
    """Repost to your network, as is or with your own words."""
    made = services.repost_create(
        member=member_of(request), original_id=post_id, **payload.model_dump()
    )
    return Status(201, _card(request, made.pk))


@router.post("/posts/{post_id}/reports", response={200: ReportedOut, **errors(400, 404)})
def report(request: HttpRequest, post_id: PathId, payload: ReportIn) -> dict[str, bool]:
    """Report a post to the moderators (it counts in the author's standing)."""
    done = services.post_report(reporter=member_of(request), post_id=post_id, reason=payload.reason)
    return {"reported": done}


@router.post("/comments/{comment_id}/reports", response={200: ReportedOut, **errors(400, 404)})
def report_comment(request: HttpRequest, comment_id: PathId, payload: ReportIn) -> dict[str, bool]:
    """Report a comment to the moderators."""
    done = services.comment_report(
        reporter=member_of(request), comment_id=comment_id, reason=payload.reason
    )
    return {"reported": done}


@router.delete("/mentions/{mention_id}", response={204: None, **errors(404)})
def mention_remove(request: HttpRequest, mention_id: PathId) -> Status:
    """Take your name off a post or comment that mentions you."""
    services.mention_remove(member=member_of(request), mention_id=mention_id)
    return Status(204, None)


@router.get("/mentionable", response={200: list[MentionableOut], **errors()})
def mentionable_members(request: HttpRequest, query: Query[MentionQuery]) -> list[Any]:
    """Whom you may @mention: your connections first, then other members."""
    return mentionable(
        member_of(request), query.q, connections_only=query.audience == "connections"
    )


class PostSearchQuery(PageQuery):
    q: str = Field(..., min_length=1, max_length=200)


@router.get("/posts/search", response={200: PageOut[PostOut], **errors()})
def search(request: HttpRequest, query: Query[PostSearchQuery]) -> Any:
    """Posts and articles you may see that hold every word of `q`, newest first."""
    member = member_of(request)
    audit = selectors.Audit.of(member)
    return page_of(
        search_posts(member, query.q),
        page=query.page,
        size=query.size,
        render_many=lambda posts: [card_out(c) for c in selectors.cards_for(audit, posts)],
    )


@router.get("/members/{handle}/posts", response={200: PageOut[PostOut], **errors(404)})
def posts_of(request: HttpRequest, handle: PathHandle, paging: Query[PageQuery]) -> Any:
    """A member's posts and articles that you may see, newest first."""
    member = member_of(request)
    author = member_by_handle(handle)
    if author is None:
        raise NotFound("No member with that handle.", code="member.not_found")
    audit = selectors.Audit.of(member)
    return page_of(
        selectors.posts_by(member, author),
        page=paging.page,
        size=paging.size,
        render_many=lambda posts: [card_out(c) for c in selectors.cards_for(audit, posts)],
    )
