"""Background work for notifications: e-mail at once, and the digests. Each task is
idempotent: an `EmailSent` row keyed by what was sent means a rerun sends nothing."""

from __future__ import annotations

from django_tasks import task


@task()
def notification_email_send(notification_id: int) -> bool:
    """E-mail one notification now (the member chose "by e-mail at once")."""
    from rapport.notifications.emails import instant_send

    return instant_send(notification_id)


@task()
def notification_digests_send() -> int:
    """Send every digest that is due (`rapport notifications digest --enqueue` queues
    this for installations that run the worker without `rapport serve`)."""
    from rapport.notifications.emails import digests_send

    return digests_send().sent
