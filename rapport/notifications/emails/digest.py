"""The digest: what happened, e-mailed daily or weekly at a local hour of the member's
choosing, grouped like the list (tier, then newest first).

`digests_send` sends every digest that is due; `rapport notifications digest` runs it
on the supervisor's timer, so no cron is needed. It is safe to run twice: each digest
is claimed (`EmailSent` "digest:<period>", the period being the member's local date
or ISO week) before it goes out.

It works in batches of members, and a batch costs the same few reads however many
members it holds: which members have something waiting (the partial index
`notif_digest_idx`), their addresses and schedules (one join), which of the due ones
already had this period's digest, and every waiting row of the rest. Only what must
happen per e-mail (claim, cap slot, marking its rows) is written per member.

What a digest tells: the member's rows with e-mail "digest" not yet e-mailed, not
filtered, and unread. Rows already read when the digest is due are settled silently
(marked e-mailed: the member has seen them), as are the rows of a member whose digest
is off (on their weekly slot), so nothing lingers to be told months later. A grouped
row that grows again is unmarked by the sending service and told next time.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from rapport.accounts.models import User
from rapport.notifications.emails import ledger
from rapport.notifications.emails.messages import build, notification_link
from rapport.notifications.kinds import Email
from rapport.notifications.models import Digest, EmailSent, Notification
from rapport.notifications.tiers import Tier

log = logging.getLogger(__name__)

BATCH = 500
# A digest lists at most this many notifications and says how many more there are.
ITEMS_SHOWN = 50
# How long after its hour a digest may still go out (see `Schedule.period_due`).
DUE_WINDOW = dt.timedelta(hours=6)

_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@cache
def zone(name: str) -> dt.tzinfo:
    """The member's time zone; an unknown name (never stored by `digest_set`) is UTC."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


@dataclass(frozen=True)
class Schedule:
    """When a member's digest goes out; no preferences row means the defaults."""

    digest: str = Digest.WEEKLY
    hour: int = 8
    weekday: int = 0
    time_zone: str = "UTC"

    def describe(self) -> str:
        at = f"{self.hour:02d}:00 ({self.time_zone})"
        if self.digest == Digest.DAILY:
            return f"daily at {at}"
        if self.digest == Digest.WEEKLY:
            return f"weekly, on {_WEEKDAYS[self.weekday]}s at {at}"
        return "off"

    def period_due(self, local: dt.datetime) -> str | None:
        """The period whose digest is due at `local` (the member's wall clock), or None.

        Due from the chosen hour (weekly: on the chosen weekday) for `DUE_WINDOW`, not
        all period long: otherwise a member with nothing to tell at the hour would get
        a "weekly" digest the moment the first thing happened later that week. A run
        missed for longer loses nothing: what waited goes in the next period's digest.
        Daily periods are the scheduled local date, weekly (and off, whose waiting rows
        are settled weekly) the ISO week of the scheduled day.
        """
        wall = local.replace(tzinfo=None)
        start = wall.replace(hour=self.hour, minute=0, second=0, microsecond=0)
        if self.digest == Digest.DAILY:
            if start > wall:
                start -= dt.timedelta(days=1)
        else:
            start -= dt.timedelta(days=(wall.weekday() - self.weekday) % 7)
            if start > wall:
                start -= dt.timedelta(days=7)
        if wall - start >= DUE_WINDOW:
            return None
        if self.digest == Digest.DAILY:
            return start.date().isoformat()
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Recipient:
    pk: int
    email: str
    name: str
    handle: str
    schedule: Schedule


_PREFS = (
    "notification_preferences__digest",
    "notification_preferences__digest_hour",
    "notification_preferences__digest_weekday",
    "notification_preferences__time_zone",
)
_ROW_FIELDS = ("id", "recipient_id", "kind", "text", "tier", "is_read", "updated_at")


def _recipients(member_ids: Iterable[int]) -> list[Recipient]:
    """Active members with an address, with their schedules: one query (a left join)."""
    found = []
    for pk, email, name, handle, digest, hour, weekday, tz in (
        User.objects.filter(pk__in=list(member_ids), is_active=True)
        .exclude(email="")
        .values_list("pk", "email", "display_name", "handle", *_PREFS)
    ):
        schedule = Schedule() if digest is None else Schedule(digest, hour, weekday, tz)
        found.append(Recipient(pk, email, name, handle, schedule))
    return found


def _waiting(member_ids: Iterable[int]) -> dict[int, list[Notification]]:
    """Every row the digest still has to deal with, per member, in the list's order."""
    rows: dict[int, list[Notification]] = {}
    for row in (
        Notification.objects.filter(
            recipient_id__in=list(member_ids),
            email=Email.DIGEST,
            emailed_at__isnull=True,
            is_filtered=False,
        )
        .order_by("recipient_id", "tier", "-updated_at", "-id")
        .only(*_ROW_FIELDS)
    ):
        rows.setdefault(row.recipient_id, []).append(row)
    return rows


@dataclass(frozen=True)
class Item:
    text: str
    link: str
    when: str


@dataclass(frozen=True)
class Section:
    label: str
    items: list[Item]


def _when(at: dt.datetime, tz: dt.tzinfo) -> str:
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def _told(recipient: Recipient, rows: list[Notification]) -> list[Notification]:
    if recipient.schedule.digest == Digest.OFF:
        return []
    return [r for r in rows if not r.is_read]


def _message(recipient: Recipient, told: list[Notification]) -> EmailMultiAlternatives:
    tz = zone(recipient.schedule.time_zone)
    sections: list[Section] = []
    for row in told[:ITEMS_SHOWN]:  # already in tier order, newest first within a tier
        label = Tier(row.tier).label
        if not sections or sections[-1].label != label:
            sections.append(Section(label=label, items=[]))
        sections[-1].items.append(
            Item(text=row.text, link=notification_link(row.pk), when=_when(row.updated_at, tz))
        )
    return build(
        template="digest",
        to=recipient.email,
        member_id=recipient.pk,
        unsubscribe="digest",
        context={
            "member_name": recipient.name,
            "frequency": recipient.schedule.digest,
            "schedule": recipient.schedule.describe(),
            "count": len(told),
            "sections": sections,
            "more": max(0, len(told) - ITEMS_SHOWN),
        },
    )


def _settle(rows: list[Notification], now: dt.datetime) -> None:
    """Mark rows as dealt with. A group that grew after it was read here has a later
    `updated_at`, and stays for the next digest."""
    if rows:
        Notification.objects.filter(
            pk__in=[r.pk for r in rows],
            emailed_at__isnull=True,
            updated_at__lte=max(r.updated_at for r in rows),
        ).update(emailed_at=now)


class _Outbox:
    """One SMTP connection for a whole run, opened at the first e-mail."""

    def __init__(self) -> None:
        self.connection = get_connection()
        self.opened = False

    def send(self, message: EmailMultiAlternatives) -> None:
        if not self.opened:
            self.connection.open()
            self.opened = True
        message.connection = self.connection
        message.send()

    def close(self) -> None:
        if self.opened:
            self.connection.close()
            self.opened = False


@dataclass
class DigestRun:
    sent: int = 0
    quiet: int = 0  # due, but nothing to tell (or the digest is off)
    deferred: int = 0  # the day's cap was reached; tried again on the next run
    failed: int = 0  # the mail server refused; tried again on the next run
    failures: list[str] = field(default_factory=list)


def _candidates(after: int, size: int, only: list[int] | None) -> list[int]:
    qs = Notification.objects.filter(
        email=Email.DIGEST,
        emailed_at__isnull=True,
        is_filtered=False,
        recipient_id__gt=after,
    )
    if only is not None:
        qs = qs.filter(recipient_id__in=only)
    return list(
        qs.order_by("recipient_id").values_list("recipient_id", flat=True).distinct()[:size]
    )


def digests_send(
    *, now: dt.datetime | None = None, member_ids: list[int] | None = None, batch: int = BATCH
) -> DigestRun:
    """Send every digest that is due at `now` (to `member_ids` only, if given)."""
    now = now or timezone.now()
    run = DigestRun()
    outbox = _Outbox()
    local_now: dict[str, dt.datetime] = {}  # members share a few zones: one conversion each
    after = 0
    try:
        while ids := _candidates(after, batch, member_ids):
            after = ids[-1]
            _batch(ids, now, local_now, outbox, run)
    finally:
        outbox.close()
    return run


def _batch(
    ids: list[int],
    now: dt.datetime,
    local_now: dict[str, dt.datetime],
    outbox: _Outbox,
    run: DigestRun,
) -> None:
    due: dict[int, tuple[Recipient, str]] = {}
    for recipient in _recipients(ids):
        tz_name = recipient.schedule.time_zone
        if tz_name not in local_now:
            local_now[tz_name] = now.astimezone(zone(tz_name))
        period = recipient.schedule.period_due(local_now[tz_name])
        if period is not None:
            due[recipient.pk] = (recipient, f"digest:{period}")
    if not due:
        return
    done = set(
        EmailSent.objects.filter(
            member_id__in=list(due), key__in={key for _, key in due.values()}
        ).values_list("member_id", "key")
    )
    todo = {pk: d for pk, d in due.items() if (pk, d[1]) not in done}
    waiting = _waiting(todo)
    quiet: list[Notification] = []
    for pk, (recipient, key) in todo.items():
        rows = waiting.get(pk, [])
        told = _told(recipient, rows)
        if not told:
            quiet.extend(rows)
            run.quiet += 1
            continue
        _send_one(recipient, key, rows, told, now, outbox, run)
    _settle(quiet, now)


def _send_one(
    recipient: Recipient,
    key: str,
    rows: list[Notification],
    told: list[Notification],
    now: dt.datetime,
    outbox: _Outbox,
    run: DigestRun,
) -> None:
    if not ledger.claim(recipient.pk, key, now):
        return  # another run sent it a moment ago
    day = ledger.day_of(now)
    if not ledger.slot_take(recipient.pk, day, limit=ledger.emails_per_day()):
        ledger.release(recipient.pk, key)
        run.deferred += 1
        return
    try:
        outbox.send(_message(recipient, told))
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        # One refused (or unusable: ValueError) address must not stop everyone else's
        # digest; the connection may be broken, so the next e-mail opens a new one.
        ledger.release(recipient.pk, key)
        ledger.slot_give_back(recipient.pk, day)
        outbox.close()
        run.failed += 1
        run.failures.append(f"@{recipient.handle}: {exc}")
        log.warning("digest for member %s not sent: %s", recipient.pk, exc)
        return
    _settle(rows, now)
    run.sent += 1


@dataclass(frozen=True)
class DigestPreview:
    schedule: Schedule
    period: str | None  # due now for this period, or None (not yet, or digest off)
    already_sent: bool
    message: EmailMultiAlternatives | None  # None: nothing to tell


def digest_preview(*, member: User, now: dt.datetime | None = None) -> DigestPreview:
    """The digest `member` would get now, built but neither sent nor recorded."""
    now = now or timezone.now()
    found = _recipients([member.pk])
    recipient = (
        found[0]
        if found
        else Recipient(member.pk, member.email, member.display_name, member.handle, Schedule())
    )
    schedule = recipient.schedule
    period = schedule.period_due(now.astimezone(zone(schedule.time_zone)))
    if schedule.digest == Digest.OFF:
        period = None
    already = period is not None and (
        EmailSent.objects.filter(member_id=member.pk, key=f"digest:{period}").exists()
    )
    told = _told(recipient, _waiting([member.pk]).get(member.pk, []))
    return DigestPreview(
        schedule=schedule,
        period=period,
        already_sent=already,
        message=_message(recipient, told) if told else None,
    )
