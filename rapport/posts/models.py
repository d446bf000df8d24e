"""Posts, articles and what members do with them; the view log behind their statistics.

A post is short; an article has a title, a cover and a Markdown body. Both are rows of
`Post` (one feed, one set of reactions and statistics), told apart by `kind`.
Statistics are kept append-only (`PostView`, `PostViewer`): a figure is a count of
rows that are never deleted or updated, so it cannot go down (issue 12, seed 003).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

POST_MAX_CHARS = 3000
ARTICLE_MAX_CHARS = 100_000
COMMENT_MAX_CHARS = 1250
TITLE_MAX_CHARS = 150


class Kind(models.TextChoices):
    POST = "post", "Post"
    ARTICLE = "article", "Article"


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    DELETED = "deleted", "Deleted"


class Audience(models.TextChoices):
    # Signed-out readers see only public articles and posts; nothing else leaves the site.
    PUBLIC = "public", "Anyone, including people not signed in"
    MEMBERS = "members", "Anyone signed in"
    CONNECTIONS = "connections", "Connections only"


class ReactionKind(models.TextChoices):
    LIKE = "like", "Like"
    CELEBRATE = "celebrate", "Celebrate"
    SUPPORT = "support", "Support"
    INSIGHTFUL = "insightful", "Insightful"
    CURIOUS = "curious", "Curious"
    FUNNY = "funny", "Funny"


class LinkPreviewState(models.TextChoices):
    WAITING = "waiting", "Waiting to be fetched"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be fetched"


class LinkPreview(models.Model):
    """A page's own title and description, fetched by the server within a bounded time.

    Stored as plain text and escaped when shown: a page cannot put markup into ours.
    """

    url = models.URLField(max_length=500, unique=True)
    state = models.CharField(
        max_length=8, choices=LinkPreviewState.choices, default=LinkPreviewState.WAITING
    )
    title = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=500, blank=True)
    site_name = models.CharField(max_length=100, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=LinkPreviewState.values), name="linkpreview_state_valid"
            )
        ]

    def __str__(self) -> str:
        return self.url


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.POST)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.MEMBERS)
    title = models.CharField(max_length=TITLE_MAX_CHARS, blank=True)
    body = models.TextField(blank=True)
    # The text rendered and sanitised once, when saved or when a mention is taken off.
    body_html = models.TextField(blank=True)
    cover = models.ImageField(upload_to="covers/%Y/%m/", blank=True)
    link = models.ForeignKey(LinkPreview, on_delete=models.SET_NULL, null=True, blank=True)
    # A repost shares another post as is (empty body) or with the reposter's own words.
    repost_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reposts"
    )
    # Posted for a company by one of its approved admins (the author, who answers for
    # it): shown as the company's, in its followers' feeds.
    # (PROTECT: a company with posts is not deleted from under them, as with positions.)
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    # Posted in a group (issue 17): read by whom the group's visibility allows
    # (groups.selectors.readable_q), never reposted out of it.
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="posts"
    )
    # A group post that asks something: the group counts whether and how fast it is answered.
    is_question = models.BooleanField(default=False)
    # Pinned by the group's managers to the top of its discussions.
    pinned_at = models.DateTimeField(null=True, blank=True)
    # A group post's last activity (published, or its latest comment): "sort by active".
    active_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="post_kind_valid"),
            # A group post is a short post to the group's members: not a company's, not an
            # article, not a repost, and never public or for one member's connections.
            models.CheckConstraint(
                condition=Q(group__isnull=True)
                | Q(kind="post", company__isnull=True, repost_of__isnull=True, audience="members"),
                name="post_group_shape",
            ),
            models.CheckConstraint(
                condition=Q(group__isnull=False) | Q(is_question=False, pinned_at__isnull=True),
                name="post_group_only_fields",
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="post_state_valid"),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="post_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="post_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="post") | Q(repost_of__isnull=True),
                name="post_only_posts_repost",
            ),
            models.CheckConstraint(condition=~Q(repost_of=F("id")), name="post_not_own_repost"),
            # A company speaks to everyone who follows it, never to one member's circle.
            models.CheckConstraint(
                condition=Q(company__isnull=True) | ~Q(audience="connections"),
                name="post_company_audience",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "state", "-published_at"], name="post_author_idx"),
            models.Index(fields=["state", "-published_at"], name="post_recent_idx"),
            models.Index(
                fields=["group", "-published_at"],
                name="post_group_idx",
                condition=Q(group__isnull=False),
            ),
            models.Index(
                fields=["group", "-active_at"],
                name="post_group_active_idx",
                condition=Q(group__isnull=False),
            ),
            # The pinned few, read on every first page of a group's discussions.
            models.Index(
                fields=["group", "-pinned_at"],
                name="post_group_pinned_idx",
                condition=Q(pinned_at__isnull=False),
            ),
            models.Index(
                fields=["company", "-published_at"],
                name="post_company_idx",
                condition=Q(company__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} by {self.author_id}"

    @property
    def is_published(self) -> bool:
        return self.state == State.PUBLISHED


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices, default=ReactionKind.LIKE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="reaction_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ReactionKind.values), name="reaction_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.post_id}"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # One level of replies: a reply's parent is a top-level comment (checked in the service).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField()
    body_html = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("id")), name="comment_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["post", "created_at"], name="comment_post_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.post_id}"


class Mention(models.Model):
    """A member named with @handle in a post or a comment."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Mentioning someone outside your connections used the daily allowance.
    outside_network = models.BooleanField(default=False)
    notified = models.BooleanField(default=False)
    # The mentioned member took their name off it; the text shows plain, unlinked.
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=Q(comment__isnull=True),
                name="mention_once_per_post",
            ),
            models.UniqueConstraint(
                fields=["comment", "member"],
                condition=Q(comment__isnull=False),
                name="mention_once_per_comment",
            ),
            models.CheckConstraint(condition=~Q(member=F("by")), name="mention_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.by_id} mentioned {self.member_id} in {self.post_id}"


class PostView(models.Model):
    """One showing of a post (an impression), appended once per request and post.

    `request_key` makes recording idempotent: a retried request or a job run twice
    inserts nothing new. `viewer_key` is `m<member id>` for members and `b<digest>` for a
    signed-out browser on a day (an HMAC of a random cookie and the date — no address is
    stored). Rows are never updated or deleted with the viewer: a deleted account leaves
    its views counted.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    viewer_key = models.CharField(max_length=44)
    seen_on = models.DateField()
    seen_at = models.DateTimeField()
    source = models.CharField(max_length=40, blank=True)
    request_key = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request_key", "post"], name="postview_once"),
        ]
        indexes = [
            models.Index(fields=["post", "seen_on"], name="postview_post_day_idx"),
            models.Index(fields=["viewer_key", "post"], name="postview_viewer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_key} saw {self.post_id}"


class PostViewer(models.Model):
    """A distinct viewer of a post, once however often they return.

    Who they were when they first looked (company, title, place) is kept with the row so
    the breakdown does not shift when a viewer edits their profile or leaves.
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    viewer_key = models.CharField(max_length=44)
    first_seen_on = models.DateField()
    company = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=120, blank=True)
    place = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "viewer_key"], name="postviewer_once"),
        ]
        indexes = [models.Index(fields=["post", "first_seen_on"], name="postviewer_day_idx")]

    def __str__(self) -> str:
        return f"{self.viewer_key} viewed {self.post_id}"


class ShareVia(models.TextChoices):
    MESSAGE = "message", "Sent in a message"
    LINK = "link", "Link copied"


class PostShare(models.Model):
    """A post passed on outside a repost: sent to someone in a message, or its link copied.

    Once per member, post and way: copying a link 25 times is one share. A member who
    deletes their account leaves their share counted (the member becomes null).
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    via = models.CharField(max_length=8, choices=ShareVia.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(via__in=ShareVia.values), name="postshare_via_valid"
            ),
        ]
        indexes = [models.Index(fields=["post", "created_at"], name="postshare_post_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} shared {self.post_id} via {self.via}"
