"""What has been e-mailed: the idempotence claims and the daily cap.

A claim is an `EmailSent` row, inserted before the message goes out: the unique
(member, key) makes a second run of the same job find it and send nothing. The cap is
an `EmailDay` counter taken by a conditional update (decision 0007's pattern), so two
workers racing for a member's last slot cannot both win.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from rapport.core import limits
from rapport.notifications.models import EmailDay, EmailSent


def emails_per_day() -> int:
    return limits.value("notifications.emails_per_day")


def day_of(now: dt.datetime) -> dt.date:
    """The cap counts UTC days, whatever the member's time zone."""
    return now.astimezone(dt.UTC).date()


def claim(member_id: int, key: str, now: dt.datetime) -> bool:
    """Take the right to send this e-mail; False when it was sent (or is being sent)."""
    try:
        with transaction.atomic():
            EmailSent.objects.create(member_id=member_id, key=key, sent_at=now)
    except IntegrityError:
        return False
    return True


def release(member_id: int, key: str) -> None:
    """Give a claim back when the e-mail did not go out, so a later run may send it."""
    EmailSent.objects.filter(member_id=member_id, key=key).delete()


def slot_take(member_id: int, day: dt.date, *, limit: int) -> bool:
    """One more e-mail today, if fewer than `limit` went out."""
    if limit <= 0:
        return False
    counter, _ = EmailDay.objects.get_or_create(member_id=member_id, day=day)
    return EmailDay.objects.filter(pk=counter.pk, sent__lt=limit).update(sent=F("sent") + 1) == 1


def slot_give_back(member_id: int, day: dt.date) -> None:
    """The e-mail failed to go out: it does not count against the member's day."""
    EmailDay.objects.filter(member_id=member_id, day=day, sent__gt=0).update(sent=F("sent") - 1)
