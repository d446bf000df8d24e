"""E-mails built from templates: a subject, a plain-text part and an HTML alternative,
with RFC 8058 one-click unsubscribe headers and absolute links (the worker has no
request to take the host from, so links start at `settings.SITE_URL`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse

from rapport.notifications.emails.unsubscribe import unsubscribe_token

SUBJECT_MAX = 150


def absolute(path: str) -> str:
    """A site-relative path as a link that works from a mail client."""
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def notification_link(notification_id: int) -> str:
    """Through the open view, so following the e-mail marks the notification read."""
    return absolute(reverse("notifications:open", args=[notification_id]))


def build(
    *,
    template: str,
    to: str,
    member_id: int,
    unsubscribe: str,
    context: dict[str, Any],
    connection: BaseEmailBackend | None = None,
) -> EmailMultiAlternatives:
    """Render `notifications/email/<template>{_subject.txt,.txt,.html}`.

    `unsubscribe` is what the one-click link turns off (a kind's code, or "digest").
    """
    unsubscribe_url = absolute(
        reverse(
            "notifications:unsubscribe",
            args=[unsubscribe_token(member_id=member_id, what=unsubscribe)],
        )
    )
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "settings_url": absolute(reverse("notifications:preferences")),
        "list_url": absolute(reverse("notifications:list")),
        "unsubscribe_url": unsubscribe_url,
    }
    # A header cannot hold a line break; a template's trailing newline is not a subject.
    subject = " ".join(
        render_to_string(f"notifications/email/{template}_subject.txt", context).split()
    )
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1].rstrip() + "…"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/email/{template}.html", context), "text/html"
    )
    return message
