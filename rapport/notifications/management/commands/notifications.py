"""`rapport notifications`: notification e-mail from the command line.

    rapport notifications digest                      send every digest that is due
    rapport notifications digest --member HANDLE      only that member's (if due)
    rapport notifications digest --dry-run --member HANDLE
                                                      print the digest HANDLE would get now;
                                                      sends and records nothing
    rapport notifications digest --now 2025-01-06T08:00:00+00:00
                                                      as if it were that moment (naive = UTC)
    rapport notifications digest --enqueue            queue the run for `rapport worker`

`rapport serve` runs `rapport notifications digest` every 15 minutes, so no cron is
needed; running it twice sends nothing twice. Exit status 1 when the mail server
refused some digests (they are tried again on the next run).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rapport.accounts.models import User
from rapport.notifications import emails


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now {value!r} is not an ISO date and time.") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


class Command(BaseCommand):
    help = "Notification e-mail: send the digests that are due, or show one."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser("digest", help="Send every digest that is due.")
        digest.add_argument("--member", metavar="HANDLE", help="Only this member's digest.")
        digest.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the digest --member would get now; send and record nothing.",
        )
        digest.add_argument("--now", metavar="ISO-DATETIME", help="Act as if it were then.")
        digest.add_argument(
            "--enqueue", action="store_true", help="Queue the run for `rapport worker`."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = _moment(options["now"]) if options["now"] else None
        member = None
        if options["member"]:
            member = User.objects.filter(handle=options["member"].lstrip("@")).first()
            if member is None:
                raise CommandError(f"No member with the handle {options['member']!r}.")
        if options["dry_run"]:
            if member is None:
                raise CommandError("--dry-run shows one member's digest: add --member HANDLE.")
            self._preview(emails.digest_preview(member=member, now=now), member)
            return
        if options["enqueue"]:
            from rapport.notifications.tasks import notification_digests_send

            self.stdout.write(f"queued job {notification_digests_send.enqueue().id}")
            return
        run = emails.digests_send(now=now, member_ids=[member.pk] if member else None)
        self.stdout.write(
            f"sent {run.sent} digests; {run.quiet} due with nothing to tell; "
            f"{run.deferred} held by the daily cap; {run.failed} refused by the mail server"
        )
        if run.failed:
            raise CommandError("; ".join(run.failures))

    def _preview(self, preview: emails.DigestPreview, member: User) -> None:
        schedule = preview.schedule
        if preview.period is None:
            when = "not due now"
        elif preview.already_sent:
            when = f"already sent for {preview.period}"
        else:
            when = f"due now, for {preview.period}"
        self.stdout.write(f"Digest for @{member.handle} ({schedule.describe()}): {when}.")
        message = preview.message
        if message is None:
            self.stdout.write("Nothing to tell: no unread notifications wait for the digest.")
            return
        self.stdout.write(f"To: {message.to[0]}\nSubject: {message.subject}\n")
        self.stdout.write(str(message.body))
