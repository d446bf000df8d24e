"""Request and response shapes for posts over the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from rapport.companies.api_schemas import PositionBrief, position_brief
from rapport.core.api_schemas import Id, StrictInput, Text
from rapport.limits.models import ComplaintReason
from rapport.posts.models import (
    ARTICLE_MAX_CHARS,
    COMMENT_MAX_CHARS,
    POST_MAX_CHARS,
    TITLE_MAX_CHARS,
    Audience,
    Comment,
    Post,
    ReactionKind,
)
from rapport.posts.selectors.cards import PostCard
from rapport.posts.selectors.feed import JobChangeCard

AudienceIn = Literal["public", "members", "connections"]
ReactionIn = Literal["like", "celebrate", "support", "insightful", "curious", "funny"]
ReasonIn = Literal["spam", "scam", "harassment"]
assert set(AudienceIn.__args__) == set(Audience.values)  # type: ignore[attr-defined]
assert set(ReactionIn.__args__) == set(ReactionKind.values)  # type: ignore[attr-defined]
assert set(ReasonIn.__args__) == set(ComplaintReason.values)  # type: ignore[attr-defined]


class PostIn(StrictInput):
    body: Annotated[Text, Field(min_length=1, max_length=POST_MAX_CHARS)]
    audience: AudienceIn = "members"
    company: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_-]{1,140}$",
        description="Post for this company (its slug): its approved admins only.",
    )


class PostEditIn(StrictInput):
    body: Annotated[Text, Field(max_length=POST_MAX_CHARS)]
    audience: AudienceIn | None = None


class RepostIn(StrictInput):
    body: Annotated[Text, Field(max_length=POST_MAX_CHARS)] = ""
    audience: AudienceIn = "members"


class ArticleIn(StrictInput):
    title: Annotated[Text, Field(min_length=1, max_length=TITLE_MAX_CHARS)]
    body: Annotated[Text, Field(min_length=1, max_length=ARTICLE_MAX_CHARS)]
    audience: AudienceIn = "members"
    publish: bool = Field(False, description="Publish now; otherwise it stays a draft.")


class ReactionIn_(StrictInput):
    kind: ReactionIn = "like"


class CommentIn(StrictInput):
    body: Annotated[Text, Field(min_length=1, max_length=COMMENT_MAX_CHARS)]
    parent_id: Id | None = Field(None, description="Reply to this comment (one level).")


class ReportIn(StrictInput):
    reason: ReasonIn


class Author(Schema):
    handle: str
    display_name: str
    profile_url: str


class PostOut(Schema):
    id: int
    kind: str
    state: str
    audience: str
    author: Author
    company: str | None = Field(description="The company it was posted for (its slug).")
    group: str | None = Field(None, description="The group it was posted in (its slug).")
    question: bool = Field(False, description="A group post that asks a question.")
    pinned: bool = Field(False, description="Pinned by the group's managers.")
    title: str
    body: str = Field(description="As written (Markdown for articles).")
    html: str = Field(description="Rendered and sanitised.")
    url: str
    published_at: dt.datetime | None
    edited: bool
    link_preview: dict[str, str] | None
    repost_of: int | None = Field(None, description="The reposted post, if you may see it.")
    reactions: dict[str, int]
    my_reaction: str | None
    comments: int
    reposts: int
    reason: str = Field("", description="Why it is in your feed, e.g. “Chidi commented on this”.")


class JobChangeOut(Schema):
    member: Author
    position: PositionBrief
    announced_at: dt.datetime
    congratulate_url: str = Field(
        description="A message to them with a first line to change or send; empty when "
        "they are not your connection (you follow the company they joined)."
    )


class FeedOut(Schema):
    items: list[PostOut]
    job_changes: list[JobChangeOut] = Field(
        description="The job changes on this page, in the order shown; `announced_at` "
        "places them among the posts."
    )
    next_cursor: float | None = Field(
        None, description="Pass as `cursor` for the next page; null at the end."
    )


class CommentOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: Author | None
    body: str
    html: str
    created_at: dt.datetime
    edited: bool
    deleted: bool


class MentionableOut(Schema):
    handle: str
    name: str
    headline: str
    connection: bool


class ReportedOut(Schema):
    reported: bool = Field(description="False when you had already reported it.")


def _author(member: Any) -> dict[str, str]:
    return {
        "handle": member.handle,
        "display_name": member.display_name,
        "profile_url": reverse("members:profile", args=[member.handle]),
    }


def post_out(post: Post, card: PostCard | None = None) -> dict[str, Any]:
    link = post.link
    return {
        "id": post.pk,
        "kind": post.kind,
        "state": post.state,
        "audience": post.audience,
        "author": _author(post.author),
        "company": post.company.slug if post.company_id and post.company else None,
        "group": post.group.slug if post.group is not None else None,
        "question": post.is_question,
        "pinned": post.pinned_at is not None,
        "title": post.title,
        "body": post.body,
        "html": post.body_html,
        "url": reverse("posts:detail", args=[post.pk]),
        "published_at": post.published_at,
        "edited": post.edited_at is not None,
        "link_preview": (
            {
                "url": link.url,
                "title": link.title,
                "description": link.description,
                "site_name": link.site_name,
            }
            if link is not None and link.state == "ready"
            else None
        ),
        "repost_of": card.original.pk if card and card.original else None,
        "reactions": card.reactions if card else {},
        "my_reaction": (card.my_reaction or None) if card else None,
        "comments": card.comments if card else 0,
        "reposts": card.reposts if card else 0,
        "reason": card.reason if card else "",
    }


def card_out(card: PostCard) -> dict[str, Any]:
    return post_out(card.post, card)


def comment_out(comment: Comment) -> dict[str, Any]:
    deleted = comment.deleted_at is not None
    return {
        "id": comment.pk,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "author": None if deleted else _author(comment.author),
        "body": comment.body,
        "html": comment.body_html,
        "created_at": comment.created_at,
        "edited": comment.edited_at is not None,
        "deleted": deleted,
    }


def job_change_out(card: JobChangeCard) -> dict[str, Any]:
    position = card.position
    return {
        "member": _author(position.member),
        "position": position_brief(position),
        "announced_at": position.announced_at,
        "congratulate_url": card.congratulate_url,
    }
