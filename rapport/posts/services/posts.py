"""Writing posts and articles: publish, draft, edit, repost and delete."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rapport.accounts.models import User
from rapport.accounts.roles import is_operator
from rapport.accounts.services import audit_record
from rapport.companies.admins import is_company_admin
from rapport.companies.models import Company
from rapport.core.errors import NotFound, PermissionDenied, ValidationFailed
from rapport.core.images import image_discard, image_store
from rapport.groups import selectors as groups
from rapport.limits.selectors.moderation import ensure_allowed
from rapport.posts import states
from rapport.posts.models import (
    ARTICLE_MAX_CHARS,
    POST_MAX_CHARS,
    TITLE_MAX_CHARS,
    Audience,
    Comment,
    Kind,
    LinkPreview,
    LinkPreviewState,
    Post,
    State,
)
from rapport.posts.rendering import first_link
from rapport.posts.selectors.visibility import own_post, post_for
from rapport.posts.services.mentions import mentions_apply, mentions_notify_published, rendered

COVER_FORMATS = ("JPEG", "PNG", "WEBP")


def _check_audience(audience: str) -> None:
    if audience not in Audience.values:
        raise ValidationFailed(
            f"audience is one of {', '.join(Audience.values)}.",
            code="post.audience",
            field="audience",
        )


def _check_body(body: str, *, limit: int, required: bool = True) -> str:
    body = body.replace("\r\n", "\n").strip()
    if required and not body:
        raise ValidationFailed("Write something first.", code="post.empty", field="body")
    if len(body) > limit:
        raise ValidationFailed(
            f"That is {len(body):,} characters; a post holds at most {limit:,}. An article "
            "has room for more.",
            code="post.too_long",
            field="body",
        )
    return body


def _check_author(author: User, now: dt.datetime | None = None) -> None:
    # A restricted sender is held back from reaching people; posting to one's own
    # network is not contact with strangers, so only deactivated accounts are refused —
    # and members a moderator stopped from posting.
    if not author.is_active:
        raise PermissionDenied("This account cannot post.", code="post.inactive")
    ensure_allowed(author, "posts", now=now)


def _attach_link(post: Post) -> None:
    """The first link gets a preview fetched by the worker; until then it shows plain."""
    url = first_link(post.body) if post.kind == Kind.POST else None
    if url is None or len(url) > 500:
        post.link = None
        return
    preview, created = LinkPreview.objects.get_or_create(url=url)
    post.link = preview
    if created or preview.state == LinkPreviewState.WAITING:
        from rapport.posts.tasks import link_preview_fetch

        transaction.on_commit(lambda: link_preview_fetch.enqueue(preview.pk))


@transaction.atomic
def post_publish(
    *,
    author: User,
    body: str,
    audience: str = Audience.MEMBERS,
    company: Company | None = None,
    now: dt.datetime | None = None,
) -> Post:
    """Publish a short post at once: up to POST_MAX_CHARS characters, to the chosen audience
    — for a company when `company` is given, which only its approved admins may do, to
    members or the public, and its followers are told."""
    now = now or timezone.now()
    _check_author(author, now)
    _check_audience(audience)
    if company is not None:
        _check_company(author, company, audience)
    body = _check_body(body, limit=POST_MAX_CHARS)
    post = Post.objects.create(
        company=company,
        author=author,
        kind=Kind.POST,
        state=State.PUBLISHED,
        audience=audience,
        body=body,
        created_at=now,
        published_at=now,
    )
    mentions_apply(post=post, comment=None, author=author, text=body, now=now)
    _attach_link(post)
    post.body_html = rendered(post=post, comment=None)
    post.save(update_fields=["link", "body_html"])
    if company is not None:
        from rapport.posts.tasks import company_post_tell

        post_id = post.pk
        transaction.on_commit(lambda: company_post_tell.enqueue(post_id))
    return post


def _check_company(author: User, company: Company, audience: str) -> None:
    if not is_company_admin(member=author, company=company):
        raise PermissionDenied(
            "Only the company's approved admins post for it.", code="post.not_company_admin"
        )
    if audience == Audience.CONNECTIONS:
        raise _company_audience()


def _company_audience() -> ValidationFailed:
    return ValidationFailed(
        "A company posts to members or to everyone, not to one member's connections.",
        code="post.company_audience",
        field="audience",
    )


@transaction.atomic
def repost_create(
    *,
    member: User,
    original_id: int,
    body: str = "",
    audience: str = Audience.MEMBERS,
    now: dt.datetime | None = None,
) -> Post:
    """Share someone's post with one's own network, as is or with one's own words.

    A connections-only post stays with the connections its author chose: it cannot be
    reposted. Reposting a repost shares the original.
    """
    now = now or timezone.now()
    _check_author(member, now)
    _check_audience(audience)
    original = post_for(member, original_id)
    if original.repost_of_id is not None:
        original = post_for(member, original.repost_of_id)
    if original.state != State.PUBLISHED:
        raise NotFound("No post here, or it is not shared with you.", code="post.not_found")
    if original.audience == Audience.CONNECTIONS:
        raise PermissionDenied(
            "Its author shared this with their connections only, so it cannot be reposted.",
            code="post.not_shareable",
        )
    if original.group_id is not None:
        raise PermissionDenied(
            "A group's discussions stay in the group, so this cannot be reposted.",
            code="post.not_shareable",
        )
    if original.author_id == member.pk and not body.strip():
        raise ValidationFailed(
            "Reposting your own post as is would show it twice; add a few words.",
            code="post.own_repost",
        )
    body = _check_body(body, limit=POST_MAX_CHARS, required=False)
    post = Post.objects.create(
        author=member,
        kind=Kind.POST,
        state=State.PUBLISHED,
        audience=audience,
        body=body,
        repost_of=original,
        created_at=now,
        published_at=now,
    )
    mentions_apply(post=post, comment=None, author=member, text=body, now=now)
    post.body_html = rendered(post=post, comment=None)
    post.save(update_fields=["body_html"])
    from rapport.posts.services.engagement import notify_later

    notify_later(recipient_id=original.author_id, kind="posts.reposted", actor=member, post=post)
    return post


def _store_cover(post: Post, upload: IO[bytes]) -> None:
    image_store(
        post.cover,
        upload,
        max_bytes=settings.RAPPORT["COVER_MAX_BYTES"],
        max_side=settings.RAPPORT["COVER_MAX_PIXELS"],
        formats=COVER_FORMATS,
        what="The cover",
        field="cover",
    )


@transaction.atomic
def article_save(
    *,
    author: User,
    title: str,
    body: str,
    audience: str = Audience.MEMBERS,
    article_id: int | None = None,
    cover: IO[bytes] | None = None,
    remove_cover: bool = False,
    now: dt.datetime | None = None,
) -> Post:
    """Write or rewrite an article. A new one starts as a draft; a published one that is
    saved again is marked edited."""
    now = now or timezone.now()
    _check_author(author, now)
    _check_audience(audience)
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed("An article needs a title.", code="article.title", field="title")
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationFailed(
            f"A title holds at most {TITLE_MAX_CHARS} characters.",
            code="article.title",
            field="title",
        )
    body = _check_body(body, limit=ARTICLE_MAX_CHARS)
    if article_id is None:
        post = Post(author=author, kind=Kind.ARTICLE, created_at=now)
    else:
        post = own_post(author, article_id)
        if post.kind != Kind.ARTICLE:
            raise ValidationFailed("That is a post, not an article.", code="article.not_article")
        if post.state == State.PUBLISHED:
            post.edited_at = now
        if audience == Audience.CONNECTIONS != post.audience and post.reposts.exists():
            raise ValidationFailed(
                "Others have reposted this article, so it cannot become connections-only.",
                code="post.audience_reposted",
                field="audience",
            )
    post.title, post.body, post.audience = title, body, audience
    if cover is not None:
        _store_cover(post, cover)
    elif remove_cover:
        image_discard(post, "cover")
    post.save()
    mentions_apply(post=post, comment=None, author=author, text=body, now=now)
    post.body_html = rendered(post=post, comment=None)
    post.save(update_fields=["body_html"])
    return post


@transaction.atomic
def article_publish(*, author: User, article_id: int, now: dt.datetime | None = None) -> Post:
    now = now or timezone.now()
    ensure_allowed(author, "posts", now=now)
    post = Post.objects.select_for_update().filter(pk=article_id, author=author).first()
    if post is None or post.kind != Kind.ARTICLE or post.state == State.DELETED:
        raise ValidationFailed("No draft of yours here.", code="post.not_found")
    states.POST.transition(post, State.PUBLISHED)
    post.published_at = now
    post.save(update_fields=["state", "published_at"])
    mentions_notify_published(post=post)
    return post


@transaction.atomic
def post_edit(
    *,
    author: User,
    post_id: int,
    body: str,
    audience: str | None = None,
    now: dt.datetime | None = None,
) -> Post:
    """Change a post's words (and audience); readers see it marked "edited"."""
    now = now or timezone.now()
    ensure_allowed(author, "posts", now=now)
    post = own_post(author, post_id)
    if post.group is not None and not groups.can_read(author, post.group):
        # Banned from the group, or left a closed one: the post stays as it was.
        raise NotFound("No post of yours here.", code="post.not_found")
    if post.kind != Kind.POST:
        raise ValidationFailed("Edit an article on its own page.", code="post.not_post")
    if post.company is not None and not is_company_admin(member=author, company=post.company):
        raise PermissionDenied(
            "Only the company's admins edit what it says; you may delete your post.",
            code="post.not_company_admin",
        )
    if audience is not None and post.group_id is not None and audience != post.audience:
        raise ValidationFailed(
            "A group post is read by the group's members; its audience does not change.",
            code="post.group_audience",
            field="audience",
        )
    if audience is not None:
        _check_audience(audience)
        if post.company_id is not None and audience == Audience.CONNECTIONS:
            raise _company_audience()
        if post.reposts.exists() and audience == Audience.CONNECTIONS:
            raise ValidationFailed(
                "Others have reposted this post, so it cannot become connections-only.",
                code="post.audience_reposted",
                field="audience",
            )
        post.audience = audience
    post.body = _check_body(body, limit=POST_MAX_CHARS, required=post.repost_of_id is None)
    post.edited_at = now
    mentions_apply(post=post, comment=None, author=author, text=post.body, now=now)
    _attach_link(post)
    post.body_html = rendered(post=post, comment=None)
    post.save(update_fields=["body", "audience", "edited_at", "link", "body_html"])
    return post


@transaction.atomic
def post_delete(*, author: User, post_id: int, now: dt.datetime | None = None) -> None:
    """Delete a post or article: its words, cover, reactions and comments go; reposts of it
    say the original was deleted. Its statistics rows stay, counted, with the post row."""
    now = now or timezone.now()
    post = _deletable(author, post_id)
    states.POST.transition(post, State.DELETED)
    image_discard(post, "cover")
    post.deleted_at = now
    post.published_at = post.published_at or now
    post.title = post.body = post.body_html = ""
    post.save()
    post.reactions.all().delete()
    post.comments.all().delete()
    post.mentions.all().delete()


def _deletable(member: User, post_id: int) -> Post:
    """The member's own post, or one posted for a company they are an admin of now (a
    company's admins answer for what it says, whoever of them wrote it)."""
    try:
        return own_post(member, post_id)
    except NotFound:
        post = (
            Post.objects.select_related("company")
            .filter(pk=post_id, company__isnull=False)
            .exclude(state=State.DELETED)
            .first()
        )
        if post is None or not is_company_admin(member=member, company=post.company):  # type: ignore[arg-type]
            raise
        return post


@transaction.atomic
def post_take_down(*, moderator: User, post_id: int, now: dt.datetime | None = None) -> None:
    """A moderator removes a reported post; its author's standing already counts the
    reports. The author is the one who can delete otherwise."""
    if not is_operator(moderator):
        raise PermissionDenied("Only moderators take posts down.", code="post.not_moderator")
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is None or post.state == State.DELETED:
        raise ValidationFailed("That post is already gone.", code="post.not_found")
    post_delete(author=post.author, post_id=post.pk, now=now)
    audit_record(
        actor=moderator, action="post.take_down", target=f"post {post.pk} by {post.author_id}"
    )


@transaction.atomic
def comment_take_down(*, moderator: User, comment_id: int) -> None:
    if not is_operator(moderator):
        raise PermissionDenied("Only moderators take comments down.", code="post.not_moderator")
    comment = Comment.objects.filter(pk=comment_id).exclude(body="").first()
    if comment is None:
        raise ValidationFailed("That comment is already gone.", code="comment.not_found")
    author = comment.author_id
    comment_remove(comment)
    audit_record(
        actor=moderator, action="comment.take_down", target=f"comment {comment_id} by {author}"
    )


def comment_remove(comment: Comment) -> None:
    """Take a comment away as when its author deletes it: replies under it stay, under
    "comment deleted"."""
    comment.mentions.all().delete()
    if comment.parent_id is None and comment.replies.filter(deleted_at=None).exists():
        comment.body = comment.body_html = ""
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "deleted_at"])
    else:
        comment.delete()
