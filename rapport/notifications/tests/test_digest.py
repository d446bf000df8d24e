"""The digest: due at the member's local hour, grouped like the list, sent once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rapport.accounts.tests.factories import make_member
from rapport.notifications import emails
from rapport.notifications.emails.digest import Schedule
from rapport.notifications.models import EmailDay, EmailSent, Notification
from rapport.notifications.services import (
    digest_off,
    digest_set,
    kind_choice_set,
    notification_send,
    notifications_mark_read,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def reacted(recipient, actor):
    return notification_send(recipient=recipient, kind="posts.reacted", actor=actor)


def test_weekly_digest_follows_each_members_local_monday(smtp_server, ada, ben, chidi):
    digest_set(member=ada, digest="weekly", hour=8, weekday=0, time_zone="Pacific/Auckland")
    digest_set(member=ben, digest="weekly", hour=8, weekday=0, time_zone="America/Los_Angeles")
    reacted(ada, chidi)
    reacted(ben, chidi)

    # Sunday 19:30 UTC: Monday 08:30 in Auckland (UTC+13), Sunday 11:30 in Los Angeles.
    run = emails.digests_send(now=at("2025-01-05T19:30:00"))
    assert (run.sent, [m.rcpt_tos for m in smtp_server.received]) == (1, [["ada@example.com"]])
    assert EmailSent.objects.filter(member=ada, key="digest:2025-W02").exists()

    # Monday 15:59 UTC is 07:59 in Los Angeles; 16:00 is its Monday 08:00.
    assert emails.digests_send(now=at("2025-01-06T15:59:00")).sent == 0
    run = emails.digests_send(now=at("2025-01-06T16:00:00"))
    assert run.sent == 1
    assert [m.rcpt_tos for m in smtp_server.received] == [["ada@example.com"], ["ben@example.com"]]


def test_what_happens_after_the_hour_waits_for_the_next_digest(smtp_server, ada, ben):
    """Not a "weekly" digest on Tuesday because Monday had nothing to tell."""
    reacted(ada, ben)  # the default: weekly, Monday 08:00 UTC
    assert emails.digests_send(now=at("2030-01-08T10:00:00")).sent == 0  # Tuesday
    assert emails.digests_send(now=at("2030-01-07T14:00:00")).sent == 0  # window over
    assert emails.digests_send(now=at("2030-01-14T08:00:00")).sent == 1
    assert EmailSent.objects.filter(member=ada, key="digest:2030-W03").exists()


def test_weekly_digest_waits_for_the_chosen_weekday(smtp_server, ada, ben):
    digest_set(member=ada, digest="weekly", hour=18, weekday=4, time_zone="Europe/Paris")
    reacted(ada, ben)
    # 2025-01-09 is a Thursday, 2025-01-10 a Friday (Paris is UTC+1 in January).
    for moment in ("2025-01-06T17:00:00", "2025-01-09T23:59:00", "2025-01-10T16:59:00"):
        assert emails.digests_send(now=at(moment)).sent == 0, moment
    assert emails.digests_send(now=at("2025-01-10T17:00:00")).sent == 1
    assert smtp_server.received[0].text.count("Ben Okafor reacted to your post") == 1
    assert "weekly, on Fridays at 18:00 (Europe/Paris)" in smtp_server.received[0].text


def test_daily_digest_goes_out_from_the_local_hour_once_a_local_day(smtp_server, ada, ben):
    digest_set(member=ada, digest="daily", hour=7, weekday=0, time_zone="America/Los_Angeles")
    reacted(ada, ben)
    assert emails.digests_send(now=at("2025-03-04T14:59:00")).sent == 0  # 06:59 local
    assert emails.digests_send(now=at("2025-03-04T15:00:00")).sent == 1
    assert EmailSent.objects.filter(member=ada, key="digest:2025-03-04").exists()
    # 07:10 UTC on the 5th is still the evening of the 4th in Los Angeles.
    notification_send(recipient=ada, kind="members.job_changed", actor=make_member("dan"))
    assert emails.digests_send(now=at("2025-03-05T07:10:00")).sent == 0
    assert emails.digests_send(now=at("2025-03-05T15:00:00")).sent == 1
    assert "Dan started a new position." in smtp_server.received[1].text
    assert "Ben Okafor" not in smtp_server.received[1].text  # told once


def test_running_the_digest_twice_sends_once_and_new_activity_waits(smtp_server, ada, ben):
    note = reacted(ada, ben)
    monday = at("2030-01-07T09:00:00")
    assert emails.digests_send(now=monday).sent == 1
    assert emails.digests_send(now=monday).sent == 0
    note.refresh_from_db()
    assert note.emailed_at == monday

    # The same row grows (a second reaction): it waits for next week's digest.
    reacted(ada, make_member("dan", "Dan Brown"))
    note.refresh_from_db()
    assert note.emailed_at is None
    assert emails.digests_send(now=monday + dt.timedelta(hours=3)).sent == 0
    assert emails.digests_send(now=monday + dt.timedelta(days=7)).sent == 1
    assert len(smtp_server.received) == 2
    assert "Dan Brown and Ben Okafor reacted to your post" in smtp_server.received[1].text
    assert EmailDay.objects.get(member=ada, day=monday.date()).sent == 1


def test_nothing_to_tell_sends_nothing_and_read_rows_are_settled(smtp_server, ada, ben, chidi):
    note = reacted(ada, ben)
    notifications_mark_read(recipient=ada)
    monday = at("2030-01-07T09:00:00")
    run = emails.digests_send(now=monday)
    assert (run.sent, run.quiet) == (0, 1)
    assert smtp_server.received == []
    assert not EmailSent.objects.exists() and not EmailDay.objects.exists()
    note.refresh_from_db()
    assert note.emailed_at == monday  # seen on the site: no need to mail it later

    # Chidi has no notifications at all: not even considered.
    assert emails.digests_send(now=monday).quiet == 0


def test_the_digest_is_grouped_and_ordered_like_the_list(smtp_server, ada, ben, chidi):
    dan = make_member("dan", "Dan Brown")
    kind_choice_set(member=ada, kind="invitations.received", site=True, email="digest")
    day = at("2030-01-01T10:00:00")

    def send(kind, actor, hours):
        return notification_send(
            recipient=ada, kind=kind, actor=actor, now=day + dt.timedelta(hours=hours)
        )

    send("posts.reacted", ben, 1)  # tier 3, then grows
    send("invitations.answered", chidi, 2)  # tier 2
    send("invitations.received", dan, 3)  # tier 1
    send("members.job_changed", dan, 4)  # tier 3, newer
    send("conversations.request_accepted", ben, 5)  # tier 2, newer
    send("posts.reacted", chidi, 6)  # the reactions group grows: now the newest
    notification_send(recipient=ada, kind="posts.mentioned", actor=ben, filtered=True, now=day)
    Notification.objects.filter(is_filtered=True).update(email="digest")

    emails.digests_send(now=at("2030-01-07T08:00:00"))
    [mail] = smtp_server.received
    assert mail.message["Subject"] == "Your weekly Rapport digest: 5 notifications"
    lines = [line for line in mail.text.splitlines() if line and not line.startswith("  ")]
    start = lines.index("Waiting for your answer")
    assert lines[start : start + 9] == [
        "Waiting for your answer",
        "- Dan Brown invited you to connect. (Tue 1 Jan, 13:00)",
        "Talking to you",
        "- Ben Okafor accepted your message request. (Tue 1 Jan, 15:00)",
        "- Chidi Anagonye answered your question about their invitation. (Tue 1 Jan, 12:00)",
        "Everything else",
        "- Chidi Anagonye and Ben Okafor reacted to your post (Tue 1 Jan, 16:00)",
        "- Dan Brown started a new position. Congratulate them? (Tue 1 Jan, 14:00)",
        "-- ",
    ]
    assert "mentioned you" not in mail.text  # a filtered mention waits to be reviewed
    html = mail.html
    assert html.index("Waiting for your answer") < html.index("Talking to you")
    assert html.index("Talking to you") < html.index("Everything else")
    assert 'href="https://rapport.example/notifications/' in html
    unsubscribe = str(mail.message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://rapport.example/notifications/unsubscribe/")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Stop the digest (one click): " + unsubscribe[1:-1] in mail.text


def test_the_digest_shows_times_in_the_members_zone(smtp_server, ada, ben):
    digest_set(member=ada, digest="daily", hour=8, weekday=0, time_zone="Asia/Kolkata")
    notification_send(recipient=ada, kind="posts.reacted", actor=ben, now=at("2030-01-01T20:00:00"))
    emails.digests_send(now=at("2030-01-02T03:00:00"))  # 08:30 in Kolkata
    assert "Ben Okafor reacted to your post (Wed 2 Jan, 01:30)" in smtp_server.received[0].text


def test_a_full_day_holds_the_digest_until_a_slot_is_free(limit, smtp_server, settings, ada, ben):
    limit("notifications.emails_per_day", 2)
    monday = at("2030-01-07T09:00:00")
    EmailDay.objects.create(member=ada, day=monday.date(), sent=2)
    note = reacted(ada, ben)

    run = emails.digests_send(now=monday)
    assert (run.sent, run.deferred) == (0, 1)
    assert not EmailSent.objects.exists()
    note.refresh_from_db()
    assert note.emailed_at is None
    assert emails.digests_send(now=monday + dt.timedelta(hours=1)).deferred == 1
    assert smtp_server.received == []
    # Nothing is lost: it is told in the next digest.
    assert emails.digests_send(now=monday + dt.timedelta(days=7)).sent == 1
    assert "Ben Okafor reacted to your post" in smtp_server.received[0].text


def test_no_digest_when_it_is_off_and_what_waited_is_settled(smtp_server, ada, ben):
    note = reacted(ada, ben)
    digest_off(member=ada)
    assert emails.digests_send(now=at("2030-01-07T09:00:00")).sent == 0
    assert smtp_server.received == []
    note.refresh_from_db()
    assert note.emailed_at is not None  # nothing piles up for when it is turned on again


def test_a_refused_digest_does_not_stop_the_others_and_is_sent_next_run(
    smtp_server, ada, ben, chidi
):
    smtp_server.refuse.add("ada@example.com")
    reacted(ada, chidi)
    reacted(ben, chidi)
    run = emails.digests_send(now=at("2030-01-07T09:00:00"))
    assert (run.sent, run.failed) == (1, 1)
    assert [m.rcpt_tos for m in smtp_server.received] == [["ben@example.com"]]
    assert not EmailSent.objects.filter(member=ada).exists()
    assert EmailDay.objects.get(member=ada).sent == 0

    smtp_server.refuse.clear()
    assert emails.digests_send(now=at("2030-01-07T09:15:00")).sent == 1
    assert [m.rcpt_tos for m in smtp_server.received][-1] == ["ada@example.com"]


def test_reading_who_is_due_costs_the_same_for_a_bigger_batch(smtp_server, ada):
    """The reads are a fixed few per batch; only the e-mails' own writes grow."""
    due_at = at("2030-01-09T12:00:00")
    members = [make_member(f"m{i}", f"Member {i}") for i in range(12)]
    zones = ["Pacific/Auckland", "America/Los_Angeles", "Europe/Paris", "UTC"]
    for i, member in enumerate(members):
        local = due_at.astimezone(ZoneInfo(zones[i % 4]))  # Thursday 01:00 in Auckland …
        digest_set(
            member=member,
            digest="weekly",
            hour=local.hour,
            weekday=local.weekday(),
            time_zone=zones[i % 4],
        )
        reacted(member, ada)

    def reads(now: dt.datetime, batch: int) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            run = emails.digests_send(now=now, batch=batch)
        notification_reads = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith("SELECT") and '"notifications_notification"' in q["sql"]
        ]
        return run.sent, len(notification_reads)

    # Nobody due a day earlier: the candidates, then the end.
    assert reads(due_at - dt.timedelta(days=1), batch=100) == (0, 2)
    # Due in four zones at once: candidates and rows once per batch, then the end.
    assert reads(due_at, batch=100) == (12, 3)
    assert len(smtp_server.received) == 12
    # In batches of 5: three batches, each reading candidates and rows once.
    EmailSent.objects.all().delete()
    Notification.objects.update(emailed_at=None)
    assert reads(due_at, batch=5) == (12, 7)


def test_schedule_is_due_for_a_window_after_its_hour_and_keys_the_scheduled_day():
    weekly = Schedule(digest="weekly", hour=22, weekday=6, time_zone="UTC")
    sunday = dt.datetime(2025, 1, 5, 22, 0, tzinfo=UTC)  # ISO week 2025-W01 ends
    assert weekly.period_due(sunday - dt.timedelta(minutes=1)) is None
    assert weekly.period_due(sunday) == "2025-W01"
    assert weekly.period_due(sunday + dt.timedelta(hours=5, minutes=59)) == "2025-W01"
    assert weekly.period_due(sunday + dt.timedelta(hours=6)) is None
    assert weekly.period_due(sunday + dt.timedelta(days=3)) is None
    daily = Schedule(digest="daily", hour=23, weekday=0, time_zone="UTC")
    assert daily.period_due(dt.datetime(2025, 1, 1, 1, 0, tzinfo=UTC)) == "2024-12-31"
    assert daily.period_due(dt.datetime(2025, 1, 1, 12, 0, tzinfo=UTC)) is None


def test_daily_digest_across_a_daylight_saving_change(smtp_server, ada, ben):
    """Los Angeles moves from UTC-8 to UTC-7 on Sunday 9 March 2025 at 02:00: the 08:00
    digest goes at 16:00 UTC on the Saturday and at 15:00 UTC on the Sunday, once each."""
    digest_set(member=ada, digest="daily", hour=8, weekday=0, time_zone="America/Los_Angeles")
    reacted(ada, ben)
    assert emails.digests_send(now=at("2025-03-08T15:59:00")).sent == 0  # 07:59 PST
    assert emails.digests_send(now=at("2025-03-08T16:00:00")).sent == 1  # 08:00 PST
    notification_send(recipient=ada, kind="members.job_changed", actor=make_member("dan"))
    assert emails.digests_send(now=at("2025-03-09T14:59:00")).sent == 0  # 07:59 PDT
    assert emails.digests_send(now=at("2025-03-09T15:00:00")).sent == 1  # 08:00 PDT
    assert emails.digests_send(now=at("2025-03-09T16:00:00")).sent == 0  # told already
    assert EmailSent.objects.filter(member=ada, key="digest:2025-03-09").exists()


def test_a_digest_hour_skipped_by_the_clock_change_still_goes_out(smtp_server, ada, ben):
    """02:00 does not exist in Los Angeles on 9 March 2025 (the clock jumps to 03:00)."""
    digest_set(member=ada, digest="daily", hour=2, weekday=0, time_zone="America/Los_Angeles")
    reacted(ada, ben)
    assert emails.digests_send(now=at("2025-03-09T09:59:00")).sent == 0  # 01:59 PST
    assert emails.digests_send(now=at("2025-03-09T10:00:00")).sent == 1  # 03:00 PDT
