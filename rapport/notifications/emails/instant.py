"""The e-mail sent at once, for the kinds a member chose to hear about immediately."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from rapport.notifications import kinds
from rapport.notifications.emails import ledger
from rapport.notifications.emails.messages import build, notification_link
from rapport.notifications.kinds import Email
from rapport.notifications.models import Digest, Notification, NotificationPreferences

log = logging.getLogger(__name__)


def _key(row: Notification) -> str:
    # A group e-mailed "at once" is e-mailed again as it grows (the cap still holds):
    # each size of the group is its own e-mail, sent once.
    return f"n:{row.pk}:{row.actor_count}"


def _fall_back(row: Notification, why: str) -> None:
    """The e-mail could not go now: the digest tells it, if the member takes one; else
    it stays on the site only (never silently marked as told)."""
    takes_digest = not NotificationPreferences.objects.filter(
        member_id=row.recipient_id, digest=Digest.OFF
    ).exists()
    Notification.objects.filter(pk=row.pk, email=Email.INSTANT, emailed_at__isnull=True).update(
        email=Email.DIGEST if takes_digest else Email.OFF
    )
    log.info(
        "notification %s: %s; %s",
        row.pk,
        why,
        "moved to the digest" if takes_digest else "kept on the site",
    )


def instant_send(notification_id: int, *, now: dt.datetime | None = None) -> bool:
    """E-mail one notification now; True when it went out.

    Sends at most once: the claim (`EmailSent` "n:<id>:<size>") is taken before sending, so a
    job that runs twice, or two workers at once, send one e-mail. Nothing goes out for
    a row that is no longer "instant" (the member changed their mind, or it already
    fell to the digest), was e-mailed, is filtered, or whose member cannot receive
    mail. Instant e-mails may take all but the last of the day's slots, which is kept
    for the digest (account and safety notices are never held back); past that, or if
    the mail server refuses, the notification falls to the digest — or, for a member
    without one, stays on the site — and the claim and slot are given back.
    """
    now = now or timezone.now()
    row = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if (
        row is None
        or row.email != Email.INSTANT
        or row.emailed_at is not None
        or row.is_filtered
        or not row.recipient.is_active
        or not row.recipient.email
    ):
        return False
    member = row.recipient
    kind = kinds.get(row.kind)
    required = bool(kind and kind.required)
    if not ledger.claim(member.pk, _key(row), now):
        return False
    day = ledger.day_of(now)
    # Account and safety notices are never held back by the cap (they still count).
    limit = ledger.emails_per_day() - 1 if not required else 10**9
    if not ledger.slot_take(member.pk, day, limit=limit):
        with transaction.atomic():
            ledger.release(member.pk, _key(row))
            _fall_back(row, "daily e-mail cap reached")
        return False
    message = build(
        template="instant",
        to=member.email,
        member_id=member.pk,
        unsubscribe=row.kind,
        context={
            "member_name": member.display_name,
            "text": row.text,
            "link": notification_link(row.pk),
            "kind_label": kind.label if kind else row.kind,
            "required": required,
        },
    )
    try:
        message.send()
    except Exception:
        # Jobs are not retried: give the claim and the slot back and let the digest
        # tell it, rather than lose it; the job still fails, so the operator sees it.
        ledger.release(member.pk, _key(row))
        ledger.slot_give_back(member.pk, day)
        _fall_back(row, "the mail server refused it")
        raise
    Notification.objects.filter(pk=row.pk).update(emailed_at=now)
    return True
