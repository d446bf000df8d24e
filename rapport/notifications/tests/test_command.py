"""`rapport notifications digest`: the supervisor's routine, and the dry run."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from rapport.core.supervisor import ROUTINE
from rapport.notifications.models import EmailDay, EmailSent, Notification
from rapport.notifications.services import notification_send

pytestmark = pytest.mark.django_db

MONDAY = "2030-01-07T08:30:00+00:00"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("notifications", "digest", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_digest_and_sends_or_marks_nothing(smtp_server, ada, ben):
    notification_send(recipient=ada, kind="posts.reacted", actor=ben)
    out = run("--dry-run", "--member", "ada", "--now", MONDAY)

    assert "Digest for @ada (weekly, on Mondays at 08:00 (UTC)): due now, for 2030-W02." in out
    assert "Subject: Your weekly Rapport digest: 1 notification\n" in out
    assert "- Ben Okafor reacted to your post" in out
    assert smtp_server.received == []
    assert not EmailSent.objects.exists() and not EmailDay.objects.exists()
    assert Notification.objects.get(recipient=ada).emailed_at is None


def test_dry_run_says_when_there_is_nothing_to_tell(smtp_server, ada):
    out = run("--dry-run", "--member", "ada", "--now", "2030-01-08T08:30:00")
    assert "not due now" in out and "Nothing to tell" in out


def test_the_command_sends_what_is_due_once(smtp_server, ada, ben, chidi):
    notification_send(recipient=ada, kind="posts.reacted", actor=ben)
    notification_send(recipient=chidi, kind="posts.reacted", actor=ben)
    assert run("--member", "ada", "--now", MONDAY).startswith("sent 1 digests")
    assert run("--now", MONDAY).startswith("sent 1 digests")  # chidi's; ada had hers
    assert run("--now", MONDAY).startswith("sent 0 digests")
    assert sorted(m.rcpt_tos[0] for m in smtp_server.received) == [
        "ada@example.com",
        "chidi@example.com",
    ]
    out = run("--dry-run", "--member", "ada", "--now", MONDAY)
    assert "already sent for 2030-W02" in out and "Nothing to tell" in out


def test_refusals_are_reported_with_a_failing_status(smtp_server, ada, ben):
    smtp_server.refuse.add("ada@example.com")
    notification_send(recipient=ada, kind="posts.reacted", actor=ben)
    with pytest.raises(CommandError, match="@ada"):
        run("--now", MONDAY)


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="No member"):
        run("--member", "nobody")
    with pytest.raises(CommandError, match="--member"):
        run("--dry-run")
    with pytest.raises(CommandError, match="ISO"):
        run("--now", "next tuesday")


def test_the_supervisor_runs_the_digest_on_a_timer():
    assert (("notifications", "digest"), 900.0) in ROUTINE
