"""The one way any capability tells a member something."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from rapport.accounts.models import User
from rapport.core.errors import ValidationFailed
from rapport.notifications import kinds
from rapport.notifications.models import MentionsFrom, Notification, NotificationPreferences


def notification_send(
    *,
    recipient: User,
    kind: str,
    actor: User | None = None,
    target: models.Model | None = None,
    url: str = "",
) -> Notification | None:
    """Record a notification. A member is never notified of their own action."""
    declared = kinds.get(kind)
    if declared is None:
        raise ValidationFailed(f"Unknown notification kind {kind!r}.", code="notification.kind")
    if actor is not None and actor.pk == recipient.pk:
        return None
    text = declared.template.format(
        actor=actor.display_name if actor else "Someone",
        recipient=recipient.display_name,
    )
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        text=text[:300],
        url=url[:300],
    )


def notifications_mark_read(*, recipient: User, ids: list[int] | None = None) -> int:
    """Mark some (or, with ids=None, all) of the recipient's notifications read (and so
    seen)."""
    qs = Notification.objects.filter(recipient=recipient, is_read=False)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(is_read=True, is_seen=True)


def notifications_mark_seen(*, recipient: User) -> int:
    """The member looked at their notifications: the badge clears, while each one stays
    marked unread until it is opened."""
    return Notification.objects.filter(recipient=recipient, is_seen=False).update(is_seen=True)


def mentions_from_set(*, member: User, mentions_from: str) -> NotificationPreferences:
    """Choose whose mentions notify the member: anyone, or only their connections."""
    if mentions_from not in MentionsFrom.values:
        raise ValidationFailed(
            f"mentions_from is one of {', '.join(MentionsFrom.values)}.",
            code="notification.mentions_from",
            field="mentions_from",
        )
    prefs, _ = NotificationPreferences.objects.update_or_create(
        member=member, defaults={"mentions_from": mentions_from}
    )
    return prefs
