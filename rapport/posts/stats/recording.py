"""Recording that a post was shown, without making the page wait for it.

A page that shows posts calls `views_enqueue` once: one row into the task queue,
whatever the number of posts. The worker (`post_views_record`) writes the rows. The
figures are counts of append-only rows with unique keys, so:
- a member is one viewer of a post however often they return (`PostViewer` is unique
  per post and viewer key);
- a signed-out reader is one viewer per day: their key is an HMAC of the client's
  address (as the log-in throttle reads it) and the date, so no address is stored and
  yesterday's key cannot be linked to today's. Not a cookie: a cookie is the client's
  to drop or forge, and a script that never sends one back would be a new "viewer" on
  every request. Readers sharing one address on one day count once — the figure errs
  low, never high;
- a job run twice, or a retried task, inserts nothing new (`PostView` is unique per
  request key and post);
- nothing is ever updated or deleted with the viewer's account, so no figure goes down.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from rapport.accounts.models import User
from rapport.companies.models import Position
from rapport.members.models import Profile
from rapport.posts.models import PostView, PostViewer

KEY_SALT = "rapport.posts.stats.viewer_key"
# Where a view came from; anything else a page passes is recorded as "other".
SOURCES = (
    "feed",
    "post",
    "profile",
    "company",
    "group",
    "notification",
    "search",
    "article",
    "external",
    "other",
)


def viewer_key_for(request: HttpRequest, *, on: dt.date) -> str:
    """`m<id>` for a member; `b<digest>` for a signed-out browser on the day `on`."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"m{user.pk}"
    address = get_client_ip_address(request) or ""
    message = f"{address}|{on.isoformat()}".encode()
    # A key of its own, derived from SECRET_KEY with a salt, rather than SECRET_KEY itself:
    # a digest made for counting readers can then never stand in for a signature.
    digest = salted_hmac(KEY_SALT, message, algorithm="sha256").hexdigest()
    return "b" + digest[:40]


def source_of(raw: str | None) -> str:
    return raw if raw in SOURCES else "other"


def views_enqueue(*, request: HttpRequest, post_ids: Iterable[int], source: str) -> None:
    """Queue the showing of these posts to this request's reader."""
    ids = sorted({int(pk) for pk in post_ids})
    if not ids:
        return
    from rapport.posts.stats.tasks import post_views_record

    now = timezone.now()
    user = getattr(request, "user", None)
    post_views_record.enqueue(
        viewer_key=viewer_key_for(request, on=now.date()),
        member_id=user.pk if user is not None and user.is_authenticated else None,
        post_ids=ids,
        source=source_of(source),
        request_key=uuid.uuid4().hex,
        at=now.isoformat(),
    )


def _who(member_id: int | None) -> tuple[str, str, str]:
    """Company, title and place of a member as they are now (blank for a browser)."""
    if member_id is None:
        return "", "", ""
    position = (
        Position.objects.filter(member_id=member_id, is_current=True)
        .select_related("company")
        .order_by("-started_on", "-pk")
        .first()
    )
    place = Profile.objects.filter(member_id=member_id).values_list("location", flat=True).first()
    return (
        position.company.name if position else "",
        position.title if position else "",
        (place or "").strip(),
    )


@transaction.atomic
def views_record(
    *,
    viewer_key: str,
    member_id: int | None,
    post_ids: list[int],
    source: str,
    request_key: str,
    at: dt.datetime,
) -> int:
    """Write one showing of each post; returns how many impressions were new.

    Idempotent: the same request key writes nothing the second time. Posts deleted
    since the page was shown are skipped.
    """
    from rapport.posts.models import Post

    existing = set(Post.objects.filter(pk__in=post_ids).values_list("pk", flat=True))
    ids = [pk for pk in post_ids if pk in existing]
    if not ids:
        return 0
    before = PostView.objects.filter(request_key=request_key, post_id__in=ids).count()
    PostView.objects.bulk_create(
        [
            PostView(
                post_id=pk,
                viewer_key=viewer_key,
                seen_on=at.date(),
                seen_at=at,
                source=source,
                request_key=request_key,
            )
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    if member_id is not None and not User.objects.filter(pk=member_id).exists():
        member_id = None  # the account went since; the view still counts, anonymously
    company, title, place = _who(member_id)
    PostViewer.objects.bulk_create(
        [
            PostViewer(
                post_id=pk,
                viewer_key=viewer_key,
                first_seen_on=at.date(),
                company=company,
                title=title,
                place=place,
                source=source,
            )
            for pk in ids
        ],
        ignore_conflicts=True,
    )
    return len(ids) - before
