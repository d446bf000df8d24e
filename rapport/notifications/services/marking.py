"""Seen, read, and the filtered list: what the member did with what they were told."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from rapport.accounts.models import User
from rapport.notifications.models import Notification


def _shown(recipient: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=recipient, on_site=True, is_filtered=False)


def notifications_mark_read(*, recipient: User, ids: list[int] | None = None) -> int:
    """Mark some (or, with ids=None, all) of the recipient's notifications read (and so
    seen). Ids that are not theirs are ignored."""
    qs = _shown(recipient).filter(is_read=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(is_read=True, is_seen=True)


def notifications_mark_seen(
    *, recipient: User, ids: list[int] | None = None, shown_at: dt.datetime | None = None
) -> int:
    """The member looked: what was shown (`ids`, or everything) stops counting on the
    badge, while each one stays unread until it is opened. With `shown_at`, a group that
    grew after the page was read stays unseen."""
    qs = _shown(recipient).filter(is_seen=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if shown_at is not None:
        qs = qs.filter(updated_at__lte=shown_at)
    return qs.update(is_seen=True)


def filtered_accept(*, recipient: User, ids: list[int]) -> int:
    """Move mentions from the filtered list into the notifications, as new."""
    return Notification.objects.filter(recipient=recipient, is_filtered=True, pk__in=ids).update(
        is_filtered=False, is_seen=False, is_read=False
    )


def filtered_dismiss(*, recipient: User, ids: list[int] | None = None) -> int:
    """Throw away filtered mentions (some, or all)."""
    qs = Notification.objects.filter(recipient=recipient, is_filtered=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    deleted, _ = qs.delete()
    return deleted
