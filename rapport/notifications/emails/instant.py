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
from rapport.notifications.models import Notification

log = logging.getLogger(__name__)


def _key(notification_id: int) -> str:
    return f"n:{notification_id}"


def instant_send(notification_id: int, *, now: dt.datetime | None = None) -> bool:
    """E-mail one notification now; True when it went out.

    Sends at most once: the claim (`EmailSent` "n:<id>") is taken before sending, so a
    job that runs twice, or two workers at once, send one e-mail. Nothing goes out for
    a row that is no longer "instant" (the member changed their mind, or it already
    fell to the digest), was e-mailed, is filtered, or whose member cannot receive
    mail. Instant e-mails may take all but the last of the day's slots, which is kept
    for the digest; past that the notification moves to the digest. If the mail server
    refuses, the claim and the slot are given back and the error raised, so a retry
    can send it.
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
    if not ledger.claim(member.pk, _key(row.pk), now):
        return False
    day = ledger.day_of(now)
    if not ledger.slot_take(member.pk, day, limit=ledger.emails_per_day() - 1):
        with transaction.atomic():
            ledger.release(member.pk, _key(row.pk))
            Notification.objects.filter(
                pk=row.pk, email=Email.INSTANT, emailed_at__isnull=True
            ).update(email=Email.DIGEST)
        log.info("notification %s: daily e-mail cap reached, moved to the digest", row.pk)
        return False
    kind = kinds.get(row.kind)
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
            "required": bool(kind and kind.required),
        },
    )
    try:
        message.send()
    except Exception:
        ledger.release(member.pk, _key(row.pk))
        ledger.slot_give_back(member.pk, day)
        raise
    Notification.objects.filter(pk=row.pk).update(emailed_at=now)
    return True
