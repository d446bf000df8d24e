"""The moderation console: one queue for every kind of report with its evidence, the
actions and their appeals, the member told, and every step in the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from rapport.accounts.models import AuditEntry
from rapport.accounts.tests.factories import make_member
from rapport.conversations import services as conversations
from rapport.conversations.models import Message
from rapport.conversations.services.guarding import REMOVED_TEXT
from rapport.core.errors import PermissionDenied
from rapport.limits.models import Complaint, Sanction
from rapport.notifications.models import Notification
from rapport.posts import services as posts
from rapport.posts.models import Comment, State

pytestmark = pytest.mark.django_db


def test_one_queue_shows_every_kind_of_report_with_its_evidence(console, reported, ada):
    html = console.get("/operators/moderation/").content.decode()
    for key, words in [
        (f"post-{reported['post'].pk}", "Buy my course"),
        (f"comment-{reported['comment'].pk}", "crypto tip"),
        (f"message-{reported['message'].pk}", "great offer"),
        (f"invitation-{reported['invitation'].pk}", "pricing deck"),
        (f"profile-{ada.pk}", "Analyst at Engines Ltd"),
    ]:
        assert f'data-testid="report-{key}"' in html, key
        assert words in html, words
    # Two people reported the post, for two reasons; the standing is beside it.
    row = html.split(f'data-testid="report-post-{reported["post"].pk}"')[1].split("</li>")[0]
    assert "2 reports" in row and "scam ×1" in row and "spam ×1" in row
    assert "6 reports about them in 90 days" in row
    only_posts = console.get("/operators/moderation/?source=post").content.decode()
    assert "crypto tip" not in only_posts and "Buy my course" in only_posts


def test_the_console_is_for_operators_and_refuses_nonsense_filters(console, ada, reported):
    member = Client()
    member.force_login(ada)
    assert member.get("/operators/moderation/").status_code == 403
    assert member.post("/operators/moderation/act/", {"key": "post:1"}).status_code == 403
    assert member.get("/operators/audit/").status_code == 403
    assert Client().get("/operators/moderation/").status_code == 302
    assert console.get("/operators/moderation/?source=nonsense").status_code == 400
    assert console.get("/operators/moderation/?state=x").status_code == 400
    before = Complaint.objects.filter(handled_at=None).count()
    for key in ("post:abc", "nothing:1", "post:" + "9" * 30, "post:²"):
        response = console.post(
            "/operators/moderation/act/", {"key": key, "action": "dismiss"}, follow=True
        )
        assert response.status_code == 200 and "names no report" in response.content.decode()
    assert Complaint.objects.filter(handled_at=None).count() == before


def test_removing_a_reported_post_tells_the_member_and_audits_each_step(
    console, reported, ada, operator, django_capture_on_commit_callbacks
):
    post = reported["post"]
    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            "/operators/moderation/act/",
            {"key": f"post:{post.pk}", "action": "remove", "reason": "Selling a course is spam."},
        )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.state == State.DELETED
    sanction = Sanction.objects.get(member=ada)
    assert (sanction.kind, sanction.source, sanction.reference) == ("removal", "post", post.pk)
    assert not Complaint.objects.filter(source="post", reference=post.pk, handled_at=None).exists()
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "post.take_down",
        "sanction.removal",
        "reports.actioned",
    }
    told = Notification.objects.get(recipient=ada, kind="limits.moderation_decision")
    assert told.url == "/moderation/"
    member = Client()
    member.force_login(ada)
    page = member.get("/moderation/").content.decode()
    assert "Content removed" in page and "Selling a course is spam." in page
    assert "Send my appeal" in page


def test_each_removable_kind_is_removed_by_its_own_capability(console, reported, ada):
    keys = [
        f"comment:{reported['comment'].pk}",
        f"message:{reported['message'].pk}",
        f"invitation:{reported['invitation'].pk}",
        f"profile:{ada.pk}",
    ]
    response = console.post(
        "/operators/moderation/act/",
        {"key": keys, "action": "remove", "reason": "Spam, as the reports say."},
        follow=True,
    )
    assert not Comment.objects.filter(pk=reported["comment"].pk).exists()
    message = Message.objects.get(pk=reported["message"].pk)
    assert message.text == REMOVED_TEXT
    ada.profile.refresh_from_db()
    assert ada.profile.headline == ""
    assert Sanction.objects.filter(member=ada, kind="removal").count() == 3
    # An invitation's note is not removed: that would show the sender who reported it.
    assert "seen only by the person who reported it" in response.content.decode()
    reported["invitation"].refresh_from_db()
    assert reported["invitation"].note == "Let me show you our pricing deck."


def test_reports_are_acted_on_once(console, reported, ada):
    form = {
        "key": f"post:{reported['post'].pk}",
        "action": "warn",
        "reason": "Selling courses is not welcome here.",
    }
    console.post("/operators/moderation/act/", form)
    again = console.post("/operators/moderation/act/", form, follow=True).content.decode()
    assert "handled already" in again
    assert Sanction.objects.filter(member=ada).count() == 1


def test_moderators_do_not_handle_reports_about_themselves(operator, ben):
    from rapport.limits.services import complaint_file

    complaint_file(member=operator, reporter=ben, source="profile", reference=operator.pk)
    client = Client()
    client.force_login(operator)
    for action in ("dismiss", "warn"):
        response = client.post(
            "/operators/moderation/act/",
            {"key": f"profile:{operator.pk}", "action": action, "reason": "Not me, surely."},
            follow=True,
        )
        assert "about themselves" in response.content.decode()
    assert Complaint.objects.get().handled_at is None


def test_profile_reports_alone_restrict_nobody(ada):
    """Reporting a profile needs no contact: five throwaway accounts must not be able to
    restrict anyone. A moderator decides."""
    from rapport.limits.selectors import restricted
    from rapport.limits.services import complaint_file

    for i in range(6):
        troll = make_member(f"troll{i}", f"Troll {i}")
        complaint_file(member=ada, reporter=troll, source="profile", reference=ada.pk)
    assert not restricted(ada)


def test_dismissing_the_reports_behind_a_restriction_lifts_it(
    console, ada, django_capture_on_commit_callbacks
):
    from rapport.limits.selectors import restricted
    from rapport.limits.services import complaint_file

    keys = []
    for i in range(5):
        reporter = make_member(f"rep{i}", f"Rep {i}")
        complaint_file(member=ada, reporter=reporter, source="message", reference=100 + i)
        keys.append(f"message:{100 + i}")
    assert restricted(ada)
    with django_capture_on_commit_callbacks(execute=True):
        console.post("/operators/moderation/act/", {"key": keys, "action": "dismiss"})
    assert not restricted(ada)
    assert Notification.objects.filter(recipient=ada, kind="invitations.standing_restored").exists()


def test_bulk_actions_report_what_could_not_be_done_and_do_the_rest(console, reported, ada):
    posts.post_delete(author=ada, post_id=reported["post"].pk)  # gone before the moderator
    response = console.post(
        "/operators/moderation/act/",
        {
            "key": [f"post:{reported['post'].pk}", f"message:{reported['message'].pk}"],
            "action": "remove",
            "reason": "Spam, as the reports say.",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "already gone" in html and f"Done for 1: message:{reported['message'].pk}" in html
    assert Sanction.objects.filter(member=ada, kind="removal").count() == 1


def test_a_restriction_stops_one_capability_for_its_period(console, reported, ada, ben):
    console.post(
        "/operators/moderation/act/",
        {
            "key": f"message:{reported['message'].pk}",
            "action": "restrict",
            "capability": "messages",
            "days": "7",
            "reason": "Sales pitches in first messages.",
        },
    )
    with pytest.raises(PermissionDenied) as refused:
        conversations.message_send(sender=ada, recipient=ben, text="Are you there?")
    assert refused.value.code == "messages.restricted_by_moderator"
    posts.post_publish(author=ada, body="Posting is not restricted.")  # other capabilities work
    later = timezone.now() + dt.timedelta(days=8)
    conversations.message_send(sender=ada, recipient=ben, text="Back again, sorry.", now=later)


def test_a_restriction_needs_what_and_how_long_and_a_reason(console, reported, ada):
    key = f"message:{reported['message'].pk}"
    for form, says in [
        ({"action": "restrict", "days": "7", "reason": "Pitches, again."}, "Choose what"),
        ({"action": "restrict", "capability": "messages", "reason": "Pitches, again."}, "how many"),
        ({"action": "warn", "reason": "no"}, "at least 10"),
        (
            {
                "action": "restrict",
                "capability": "messages",
                "days": "x",
                "reason": "Pitches, again.",
            },
            "whole number",
        ),
        ({"action": "warn", "days": "3", "reason": "Pitches, again."}, "Only restrictions"),
        ({"action": "explode", "reason": "Pitches, again."}, "Choose an action"),
    ]:
        response = console.post("/operators/moderation/act/", {"key": key, **form}, follow=True)
        assert response.status_code == 200 and says in response.content.decode()
    assert not Sanction.objects.exists()


def test_dismissed_reports_stop_counting_against_the_member(console, reported, ada):
    from rapport.limits.selectors import objections

    since = timezone.now() - dt.timedelta(days=1)
    before = {who for _, who, _ in objections([ada.pk], since=since)}
    console.post(
        "/operators/moderation/act/",
        {"key": [f"invitation:{reported['invitation'].pk}"], "action": "dismiss"},
    )
    after = {who for _, who, _ in objections([ada.pk], since=since)}
    assert before - after == {reported["stranger"].pk}
    assert AuditEntry.objects.filter(action="reports.dismissed").exists()


def test_the_audit_log_pages_and_exports_as_csv(console, operator, ada):
    from rapport.accounts.services import audit_record

    audit_record(actor=operator, action="limit.set", target="x", reason="=HYPERLINK(evil)")
    html = console.get("/operators/audit/").content.decode()
    assert "limit.set" in html
    response = console.get("/operators/audit/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["at", "actor", "action", "target", "reason", "detail"]
    assert rows[1][2] == "limit.set" and rows[1][4] == "'=HYPERLINK(evil)"
    only = console.get("/operators/audit/?action=operator.").content.decode()
    assert "limit.set" not in only


CONSOLE_QUERIES = 19


def test_the_console_reads_the_same_number_of_queries_however_many_reports(console, reported, ada):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        console.get("/operators/moderation/")
    for i in range(6):
        writer = make_member(f"w{i}", f"Writer {i}")
        post = posts.post_publish(author=writer, body=f"Buy my course number {i}")
        posts.post_report(reporter=ada, post_id=post.pk, reason="spam")
    with CaptureQueriesContext(connection) as many:
        html = console.get("/operators/moderation/").content.decode()
    assert "Buy my course number 5" in html
    assert len(many) == len(few)
    # session and operator, the page of groups and its count, members, reasons, evidence
    # per kind shown, standing (restriction, 90-day reports, decisions), both appeal
    # queues, the header's counts
    assert len(few) == CONSOLE_QUERIES, [q["sql"][:80] for q in few.captured_queries]
