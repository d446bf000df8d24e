"""Notifications e-mailed at once, received by a real SMTP server started by the tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from rapport.accounts.tests.factories import make_member
from rapport.notifications import emails
from rapport.notifications.models import EmailDay, EmailSent, Notification
from rapport.notifications.services import digest_off, kind_choice_set, notification_send
from rapport.notifications.tasks import notification_email_send

pytestmark = pytest.mark.django_db


def _next_monday_at_eight() -> dt.datetime:
    """When the default digest (weekly, Monday 08:00 UTC) is next due."""
    now = timezone.now().astimezone(dt.UTC)
    days = (7 - now.weekday()) % 7 or 7
    return (now + dt.timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)


def notify(**kwargs) -> Notification:
    note = notification_send(**kwargs)
    assert note is not None
    return note


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """notification_send as a service call commits it: its e-mail job runs then."""

    def _send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return notify(**kwargs)

    return _send


def test_an_instant_kind_arrives_with_text_and_html_parts_and_one_click_headers(
    smtp_server, send, ada, ben
):
    note = send(recipient=ada, kind="invitations.received", actor=ben, url="/invitations/")

    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["ada@example.com"]
    assert mail.message["Subject"] == "Ben Okafor invited you to connect."
    link = f"https://rapport.example/notifications/{note.pk}/"
    assert "Ben Okafor invited you to connect." in mail.text
    assert link in mail.text
    assert f'href="{link}"' in mail.html
    assert "“Invitation received” is set to reach you by e-mail at once" in mail.text
    assert "https://rapport.example/notifications/settings/" in mail.text
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip()  # it may be folded
    assert unsubscribe.startswith("<https://rapport.example/notifications/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in mail.text and unsubscribe[1:-1] in mail.html
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_the_text_part_is_not_html_escaped_and_the_html_part_is(smtp_server, send, ada):
    obi = make_member("obi", "Obi O'Neill & <Sons>")
    send(recipient=ada, kind="invitations.received", actor=obi)

    [mail] = smtp_server.received
    assert "Obi O'Neill & <Sons> invited you to connect." in mail.text
    assert mail.message["Subject"] == "Obi O'Neill & <Sons> invited you to connect."
    assert "Obi O&#x27;Neill &amp; &lt;Sons&gt; invited you" in mail.html
    assert "<Sons>" not in mail.html


def test_digest_and_off_kinds_are_not_mailed_at_once(smtp_server, send, ada, ben):
    reacted = send(recipient=ada, kind="posts.reacted", actor=ben)  # digest by default
    connected = send(recipient=ada, kind="network.connection_made", actor=ben)  # off
    kind_choice_set(member=ada, kind="invitations.asked", site=True, email="digest")
    asked = send(recipient=ada, kind="invitations.asked", actor=ben)  # instant, moved

    assert (reacted.email, connected.email, asked.email) == ("digest", "off", "digest")
    for note in (reacted, connected, asked):
        assert emails.instant_send(note.pk) is False
    assert smtp_server.received == []
    assert not EmailSent.objects.exists()


def test_running_the_job_twice_sends_once(smtp_server, send, ada, ben):
    note = send(recipient=ada, kind="invitations.received", actor=ben)
    assert len(smtp_server.received) == 1

    Notification.objects.filter(pk=note.pk).update(emailed_at=None)  # even if unmarked
    assert emails.instant_send(note.pk) is False
    notification_email_send.enqueue(note.pk)

    assert len(smtp_server.received) == 1
    assert EmailDay.objects.get(member=ada).sent == 1


def test_over_the_daily_cap_an_instant_notification_falls_to_the_digest(
    limit, smtp_server, send, settings, ada, ben
):
    limit("notifications.emails_per_day", 3)
    notes = [send(recipient=ada, kind="invitations.received", actor=ben) for _ in range(4)]

    # Two at once; the third slot is the digest's.
    assert len(smtp_server.received) == 2
    assert EmailDay.objects.get(member=ada).sent == 2
    for note in notes:
        note.refresh_from_db()
    assert [n.email for n in notes] == ["instant", "instant", "digest", "digest"]
    assert [n.emailed_at is not None for n in notes] == [True, True, False, False]
    assert EmailSent.objects.filter(member=ada).count() == 2  # the held ones were released

    # The digest (Monday 08:00 UTC by default) tells of both, in the last slot.
    call_command("notifications", "digest", "--now", "2030-01-07T08:05:00+00:00")
    assert len(smtp_server.received) == 3
    digest = smtp_server.received[-1]
    assert digest.message["Subject"] == "Your weekly Rapport digest: 2 notifications"
    assert digest.text.count("Ben Okafor invited you to connect.") == 2


def test_a_refused_send_gives_back_the_claim_and_the_slot_and_falls_to_the_digest(
    smtp_server, settings, ada, ben
):
    """Jobs are not retried: an instant e-mail the server refused is told by the digest
    rather than lost, and it does not count against the member's day."""
    note = notify(recipient=ada, kind="invitations.received", actor=ben)
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    with pytest.raises(OSError):
        emails.instant_send(note.pk)
    assert not EmailSent.objects.exists()
    assert EmailDay.objects.get(member=ada).sent == 0
    note.refresh_from_db()
    assert note.emailed_at is None and note.email == "digest"

    settings.EMAIL_PORT = port
    assert emails.instant_send(note.pk) is False  # no longer "at once"
    run = emails.digests_send(now=_next_monday_at_eight())
    assert run.sent == 1
    assert "invited you to connect" in smtp_server.received[0].text


def test_a_refused_send_for_a_member_without_a_digest_stays_on_the_site(
    smtp_server, settings, ada, ben
):
    digest_off(member=ada)
    note = notify(recipient=ada, kind="invitations.received", actor=ben)
    settings.EMAIL_PORT = 1
    with pytest.raises(OSError):
        emails.instant_send(note.pk)
    note.refresh_from_db()
    assert note.email == "off" and note.emailed_at is None and note.on_site


def test_no_mail_to_an_inactive_member_or_for_a_filtered_mention(smtp_server, ada, ben):
    note = notify(recipient=ada, kind="invitations.received", actor=ben)
    ada.is_active = False
    ada.save(update_fields=["is_active"])
    assert emails.instant_send(note.pk) is False

    kind_choice_set(member=ben, kind="posts.mentioned", site=True, email="instant")
    mention = notify(recipient=ben, kind="posts.mentioned", actor=ada, filtered=True)
    Notification.objects.filter(pk=mention.pk).update(email="instant")  # even if it said so
    assert emails.instant_send(mention.pk) is False
    assert smtp_server.received == []
