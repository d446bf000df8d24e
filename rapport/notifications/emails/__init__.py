"""Notifications by e-mail: at once for the kinds a member chose, and the digest.

Every e-mail is built from templates (subject, plain text, HTML), carries a signed
one-click unsubscribe (RFC 8058), goes out through Django's configured backend (SMTP
in production) and is sent at most once (decision 0021).
"""

from rapport.notifications.emails.digest import (
    DigestPreview,
    DigestRun,
    Schedule,
    digest_preview,
    digests_send,
)
from rapport.notifications.emails.instant import instant_send
from rapport.notifications.emails.unsubscribe import (
    Unsubscribe,
    unsubscribe_apply,
    unsubscribe_read,
    unsubscribe_token,
)

__all__ = [
    "DigestPreview",
    "DigestRun",
    "Schedule",
    "Unsubscribe",
    "digest_preview",
    "digests_send",
    "instant_send",
    "unsubscribe_apply",
    "unsubscribe_read",
    "unsubscribe_token",
]
